package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Receiver;
import herald.webhook.AddressPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The attempt-time address check: whatever passed at creation, the resolved address is checked again. */
class SenderTest {

    @Test
    void aHostThatResolvesToAPrivateAddressIsRefusedAtTheAttemptAndNothingIsSent() throws Exception {
        try (Receiver receiver = new Receiver();
             Sender strict = new Sender(new AddressPolicy(false), Duration.ofSeconds(2))) {
            Outcome outcome = strict.send(URI.create(receiver.url("/private")), Map.of(), "{}".getBytes())
                    .get(5, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
                assertThat(failed.error()).contains("address not allowed").contains("127.0.0.1");
                assertThat(failed.responseCode()).isEmpty();
            });
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void anUnresolvableHostFailsAtTheAttempt() throws Exception {
        try (Sender sender = new Sender(new AddressPolicy(false), Duration.ofSeconds(2))) {
            Outcome outcome = sender.send(URI.create("https://no-such-host.invalid/hook"), Map.of(), "{}".getBytes())
                    .get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                    failed -> assertThat(failed.error()).contains("resolve"));
        }
    }

    @Test
    void onlyTheFirstKibibyteOfTheResponseIsKept() throws Exception {
        try (Receiver receiver = new Receiver();
             Sender sender = new Sender(new AddressPolicy(true), Duration.ofSeconds(2))) {
            receiver.reply("/big", r -> new Receiver.Reply(200, "x".repeat(100_000), Duration.ZERO));
            Outcome outcome = sender.send(URI.create(receiver.url("/big")), Map.of(), "{}".getBytes())
                    .get(5, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Delivered.class,
                    ok -> assertThat(ok.responseBody()).hasSize(1024));
        }
    }
}
