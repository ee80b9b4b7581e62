package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.webhook.AddressPolicy;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;

/**
 * The check at every attempt, with names the tests' own DNS ({@link TestNames}) answers: a name is
 * accepted at creation, resolved at the attempt, every address it resolves to is checked, and the
 * connection goes to exactly the addresses checked. No test here connects anywhere but loopback.
 */
class AttemptAddressCheckTest {

    @Test
    void aNameThatResolvesToLoopbackIsAcceptedAtCreationAndRefusedAtEveryAttempt() {
        try (Receiver receiver = new Receiver();
             TestHerald strict = TestHerald.start(Map.of("HERALD_ALLOW_PRIVATE_TARGETS", "false",
                     "HERALD_RETRY_SCHEDULE", "0s"))) {
            Api api = strict.account("growth");
            int port = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));
            String id = TestHerald.webhook(api, "https://loopback.herald.test:" + port + "/hook", "[\"*\"]").text("id");
            String deliveryId = api.post("/v1/webhooks/" + id + "/test", "").text("deliveryId");

            Api.Response dead = DeliveryEndToEndTest.awaitStatus(api, deliveryId, "dead");
            assertThat(dead.json().path("attemptLog").get(0).path("error").asText())
                    .contains("address not allowed").contains("127.0.0.1");
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void oneRefusedAddressAmongAllowedOnesRefusesTheWholeAttempt() throws Exception {
        List<InetSocketAddress> connectTo = resolve(new AddressPolicy(false), "mixed.herald.test").exceptionally(e -> {
            assertThat(e).hasMessageContaining("10.0.0.7").hasMessageContaining("private address");
            return List.of();
        }).get(5, TimeUnit.SECONDS);
        assertThat(connectTo).as("nothing to connect to").isEmpty();
    }

    @Test
    void theAddressesCheckedAreTheAddressesConnectedToSoARebindingAnswerCannotSlipIn() throws Exception {
        AddressPolicy strict = new AddressPolicy(false);
        TestNames.LOOKUPS.remove("rebinding.herald.test"); // the name server starts with its first answer
        List<InetSocketAddress> first = resolve(strict, "rebinding.herald.test").get(5, TimeUnit.SECONDS);
        // Jetty connects to the list the resolver hands over: the checked public address, never a fresh lookup
        assertThat(first).extracting(a -> a.getAddress().getHostAddress()).containsExactly("192.0.2.10");

        // the name server now answers with loopback: the next attempt resolves again and is refused
        CompletableFuture<List<InetSocketAddress>> second = resolve(strict, "rebinding.herald.test");
        assertThat(second).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .withMessageContaining("127.0.0.1").withMessageContaining("loopback address");
    }

    @Test
    void eachAttemptResolvesTheNameOnceAndDeliversToWhatItResolved() {
        try (Receiver receiver = new Receiver();
             TestHerald herald = TestHerald.start(new HashMap<>(Map.of("HERALD_RETRY_SCHEDULE", "0s")))) {
            Api api = herald.account("growth");
            int port = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));
            String id = TestHerald.webhook(api, "http://loopback.herald.test:" + port + "/named", "[\"*\"]").text("id");
            int before = TestNames.LOOKUPS.computeIfAbsent("loopback.herald.test",
                    h -> new java.util.concurrent.atomic.AtomicInteger()).get();
            String deliveryId = api.post("/v1/webhooks/" + id + "/test", "").text("deliveryId");

            DeliveryEndToEndTest.awaitStatus(api, deliveryId, "success");
            assertThat(receiver.requests("/named")).hasSize(1);
            assertThat(TestNames.LOOKUPS.get("loopback.herald.test").get() - before).isEqualTo(1);
        }
    }

    private static CompletableFuture<List<InetSocketAddress>> resolve(AddressPolicy policy, String host) {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        new Sender.GuardedResolver(policy).resolve(host, 443, Map.of(), Promise.from(result::complete,
                result::completeExceptionally));
        return result;
    }
}
