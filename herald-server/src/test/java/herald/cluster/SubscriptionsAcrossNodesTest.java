package herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each node keeps an account's enabled webhooks in memory for its publishes. A change made on another
 * node must count from the next publish on this one, with no message between them: the cache is
 * checked against the account's webhooks version, moved on in the changing transaction. Runs in the
 * PostgreSQL suite: two nodes share one database.
 */
class SubscriptionsAcrossNodesTest {

    @Test
    void aWebhookChangeCommittedOnOneNodeCountsFromTheNextPublishOnTheOther() {
        Map<String, String> env = Map.of("HERALD_DATABASE_URL", TestPostgres.server().newDatabase(),
                "HERALD_MASTER_KEY", TestPostgres.MASTER_KEY);
        try (Receiver receiver = new Receiver(); TestHerald first = TestHerald.start(env);
             TestHerald second = TestHerald.start(env)) {
            Api onFirst = first.account("growth");
            Api onSecond = onFirst.at(second.app().baseUrl());
            String one = TestHerald.webhook(onFirst, receiver.url("/one"), "[\"flag.created\"]").text("id");
            assertThat(deliveries(onSecond, "a")).as("the second node reads the first's webhook").isEqualTo(1);

            String two = TestHerald.webhook(onFirst, receiver.url("/two"), "[\"flag.created\"]").text("id");
            assertThat(deliveries(onSecond, "b")).as("a webhook created on the other node").isEqualTo(2);

            onFirst.post("/v1/webhooks/" + one + "/disable", null);
            assertThat(deliveries(onSecond, "c")).as("a webhook disabled on the other node").isEqualTo(1);

            onFirst.patch("/v1/webhooks/" + two, "{\"events\":[\"flag.removed\"]}");
            assertThat(deliveries(onSecond, "d")).as("a filter changed on the other node").isZero();

            onFirst.post("/v1/webhooks/" + one + "/enable", null);
            assertThat(deliveries(onSecond, "e")).as("enabled again on the other node").isEqualTo(1);
        }
    }

    private static int deliveries(Api api, String key) {
        Api.Response published = api.post("/v1/events", TestHerald.flagCreated(key));
        assertThat(published.status()).as(published.raw()).isEqualTo(202);
        return published.json().path("deliveries").asInt();
    }
}
