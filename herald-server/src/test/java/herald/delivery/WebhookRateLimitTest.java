package herald.delivery;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A webhook's optional {@code rateLimit}: the dispatcher sends it no more deliveries a second than that. */
class WebhookRateLimitTest {

    @Test
    void aRateLimitedWebhookGetsItsDeliveriesPacedWhileAnUnlimitedOneGetsThemAtOnce() {
        try (Receiver receiver = new Receiver(); TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            Api.Response limited = api.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/limited")
                    + "\",\"events\":[\"*\"],\"rateLimit\":4}");
            assertThat(limited.status()).as(limited.raw()).isEqualTo(201);
            assertThat(limited.json().path("rateLimit").asInt()).isEqualTo(4);
            TestHerald.webhook(api, receiver.url("/free"), "[\"*\"]");

            long publishStart = System.currentTimeMillis();
            for (int i = 0; i < 12; i++) {
                assertThat(api.post("/v1/events", TestHerald.flagCreated("paced" + i)).status()).isEqualTo(202);
            }
            long publishEnd = System.currentTimeMillis();

            List<Receiver.Request> unlimited = receiver.await("/free", 12);
            List<Receiver.Request> paced = receiver.await("/limited", 12);
            // at most a burst of 4, then 4 a second: the twelfth cannot leave before 2 s have passed
            assertThat(last(paced) - publishStart).as("last paced delivery after the first publish")
                    .isBetween(1_900L, 8_000L);
            assertThat(last(unlimited) - publishEnd).as("last unlimited delivery after the last publish")
                    .isLessThan(1_500L);
            for (Receiver.Request r : paced) {
                long inWindow = paced.stream().filter(o -> o.receivedAtMillis() >= r.receivedAtMillis()
                        && o.receivedAtMillis() < r.receivedAtMillis() + 1_000).count();
                assertThat(inWindow).as("deliveries in the second after one").isLessThanOrEqualTo(4 + 4);
            }
        }
    }

    @Test
    void theRateLimitIsBoundedAndZeroRemovesIt() {
        try (TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            String id = TestHerald.webhook(api, "https://example.com/hook", "[\"*\"]").text("id");

            assertError(api.patch("/v1/webhooks/" + id, "{\"rateLimit\":-1}"), 422, "invalid_rate_limit", "rateLimit");
            assertError(api.patch("/v1/webhooks/" + id, "{\"rateLimit\":10001}"), 422, "invalid_rate_limit",
                    "rateLimit");
            assertError(api.patch("/v1/webhooks/" + id, "{\"rateLimit\":1.5}"), 400, "invalid_field", "rateLimit");
            assertThat(api.patch("/v1/webhooks/" + id, "{\"rateLimit\":10}").json().path("rateLimit").asInt())
                    .isEqualTo(10);
            assertThat(api.patch("/v1/webhooks/" + id, "{\"rateLimit\":0}").json().path("rateLimit").isNull()).isTrue();
        }
    }

    private static long last(List<Receiver.Request> requests) {
        return requests.stream().mapToLong(Receiver.Request::receivedAtMillis).max().orElseThrow();
    }
}
