package herald.delivery;

import static herald.ApiAssertions.assertError;
import static herald.ApiAssertions.awaitResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.Receiver.Reply;
import herald.TestHerald;
import herald.WithHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/webhooks/{id}/recover}: failed and dead deliveries of a window go back for a fresh
 * round, same ids, in creation order. One attempt per delivery and one in flight per webhook, so a
 * delivery is dead at its first failure and the receiver sees the order the dispatcher chose.
 */
@WithHerald(env = {"HERALD_RETRY_SCHEDULE=0s", "HERALD_MAX_IN_FLIGHT_PER_WEBHOOK=1", "HERALD_PUBLISH_RATE_LIMIT=0"})
class RecoveryApiTest {

    private static TestHerald herald;
    private static Receiver receiver;

    @Test
    void deadDeliveriesOfTheWindowGoBackInCreationOrderAcrossBatchesWithTheSameIdsAndTheRestStays() {
        Api api = herald.account("growth");
        AtomicBoolean down = new AtomicBoolean(true);
        // While down, only every tenth delivery gets through: enough to keep the webhook from being
        // disabled after 20 failures in a row, which would stop new deliveries altogether.
        receiver.reply("/down-for-a-day", r -> down.get() && !r.body().contains("-ok\"") ? Reply.status(503) : Reply.ok());
        String webhookId = TestHerald.webhook(api, receiver.url("/down-for-a-day"), "[\"flag.created\"]").text("id");

        publish(api, "before", 3);
        Receiver.sleep(5);
        Instant since = Instant.now();
        int published = 1130;
        for (int i = 0; i < published; i++) {
            publishOne(api, "during-" + i + (i % 10 == 0 ? "-ok" : ""));
        }
        int inWindow = published - (published + 9) / 10; // 1,017 failed: three batches, the last one partial
        assertThat(inWindow).isGreaterThan(2 * Deliveries.RECOVERY_BATCH);
        // One in flight at a time: about a thousand sequential attempts, which PostgreSQL takes longer over.
        Duration sequential = Duration.ofSeconds(90);
        receiver.await(r -> r.path().equals("/down-for-a-day"), 3 + published, sequential);
        awaitResponse(() -> api.get("/v1/deliveries?status=pending&webhookId=" + webhookId),
                r -> r.json().path("data").isEmpty(), Duration.ofSeconds(30));
        down.set(false);
        int seen = receiver.requests("/down-for-a-day").size();

        Api.Response recovered = api.post("/v1/webhooks/" + webhookId + "/recover", "{\"since\":\"" + since + "\"}");
        assertThat(recovered.status()).as(recovered.raw()).isEqualTo(202);
        assertThat(recovered.json().path("count").asLong()).isEqualTo(inWindow);

        List<Receiver.Request> again = receiver.await(r -> r.path().equals("/down-for-a-day"), seen + inWindow,
                sequential).subList(seen, seen + inWindow);
        List<String> resentIds = again.stream().map(r -> r.header("X-Herald-Delivery")).toList();
        List<String> deadIds = ids(api, "/v1/webhooks/" + webhookId + "/deliveries?status=dead&limit=500");
        assertThat(resentIds).doesNotContainAnyElementsOf(deadIds).doesNotHaveDuplicates();
        assertThat(deadIds).hasSize(3); // the three before the window stay dead
        assertThat(resentIds).isSorted(); // ids are time-ordered: creation order
        awaitResponse(() -> api.get("/v1/deliveries/" + resentIds.getLast()), r -> r.text("status").equals("success"),
                Duration.ofSeconds(30));
        JsonNode one = api.get("/v1/deliveries/" + resentIds.getFirst()).json();
        assertThat(one.path("attempts").asInt()).isEqualTo(2);
        assertThat(one.path("status").asText()).isEqualTo("success");

        JsonNode audit = api.get("/v1/audit-log?limit=5").json().path("data").get(0);
        assertThat(audit.path("action").asText()).isEqualTo("webhook.recovered");
        assertThat(audit.path("target").asText()).isEqualTo(webhookId);
        assertThat(audit.path("details").path("count").asLong()).isEqualTo(inWindow);
        assertThat(audit.path("details").path("since").asText()).isEqualTo(since.toString());

        Api.Response nothingLeft = api.post("/v1/webhooks/" + webhookId + "/recover", "{\"since\":\"" + since + "\"}");
        assertThat(nothingLeft.json().path("count").asLong()).isZero();
    }

    @Test
    void aFailedDeliveryWaitingForItsRetryIsRecoveredAndUntilBoundsTheWindow() {
        try (TestHerald slow = TestHerald.start(Map.of("HERALD_RETRY_SCHEDULE", "0s,1h"))) {
            Api api = slow.account("growth");
            AtomicBoolean down = new AtomicBoolean(true);
            receiver.reply("/slow-retry", r -> down.get() ? Reply.status(500) : Reply.ok());
            String webhookId = TestHerald.webhook(api, receiver.url("/slow-retry"), "[\"flag.created\"]").text("id");
            Instant since = Instant.now().minusSeconds(1);
            publish(api, "first", 1);
            receiver.await("/slow-retry", 1);
            String failed = awaitResponse(() -> api.get("/v1/webhooks/" + webhookId + "/deliveries?status=failed"),
                    r -> r.json().path("data").size() == 1, Duration.ofSeconds(15)).json().path("data").get(0)
                    .path("id").asText();
            Receiver.sleep(5);
            Instant until = Instant.now();
            Receiver.sleep(5);
            publish(api, "later", 1);
            receiver.await("/slow-retry", 2);
            // Both failures recorded before the receiver comes back: the reply to the second attempt, and
            // Herald's record of it, may otherwise come after the switch and make it a success.
            awaitResponse(() -> api.get("/v1/webhooks/" + webhookId + "/deliveries?status=failed"),
                    r -> r.json().path("data").size() == 2, Duration.ofSeconds(15));
            down.set(false);

            Api.Response recovered = api.post("/v1/webhooks/" + webhookId + "/recover",
                    "{\"since\":\"" + since + "\",\"until\":\"" + until + "\"}");
            assertThat(recovered.json().path("count").asLong()).as(recovered.raw()).isEqualTo(1);
            assertThat(receiver.await("/slow-retry", 3).get(2).header("X-Herald-Delivery")).isEqualTo(failed);
            assertThat(ids(api, "/v1/webhooks/" + webhookId + "/deliveries?status=failed")).hasSize(1)
                    .doesNotContain(failed);
        }
    }

    @Test
    void aBadWindowOrAnotherAccountsWebhookIsRefusedAndRequeuesNothing() {
        Api api = herald.account("growth");
        receiver.reply("/refusals", r -> Reply.status(500));
        String webhookId = TestHerald.webhook(api, receiver.url("/refusals"), "[\"flag.created\"]").text("id");
        String path = "/v1/webhooks/" + webhookId + "/recover";
        publish(api, "refused", 1);
        awaitResponse(() -> api.get("/v1/webhooks/" + webhookId + "/deliveries?status=dead"),
                r -> r.json().path("data").size() == 1, Duration.ofSeconds(15));

        assertError(api.post(path, "{}"), 400, "missing_field");
        assertError(api.post(path, "{\"since\":\"yesterday\"}"), 422, "invalid_time", "since");
        assertError(api.post(path, "{\"since\":\"2026-01-01T00:00:00Z\",\"until\":\"+999999999-01-01T00:00:00Z\"}"),
                422, "invalid_time", "until");
        assertError(api.post(path, "{\"since\":\"2026-01-02T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\"}"),
                422, "invalid_window", "until");
        assertError(api.post(path, "{\"since\":\"2026-01-01T00:00:00Z\",\"status\":\"dead\"}"), 400, "unknown_field");
        Api other = herald.account("growth");
        assertError(other.post(path, "{\"since\":\"2020-01-01T00:00:00Z\"}"), 404, "not_found");
        assertError(herald.account("free").post(path, "{\"since\":\"2020-01-01T00:00:00Z\"}"), 403, "plan_required");
        assertThat(ids(api, "/v1/webhooks/" + webhookId + "/deliveries?status=dead")).hasSize(1);
    }

    @Test
    void theAccountsDeliveriesAcrossWebhooksFilterAndPageLikeAWebhooksHistory() {
        Api api = herald.account("growth");
        receiver.reply("/dlq-a", r -> Reply.status(500));
        String a = TestHerald.webhook(api, receiver.url("/dlq-a"), "[\"flag.created\"]").text("id");
        String b = TestHerald.webhook(api, receiver.url("/dlq-b"), "[\"flag.created\",\"flag.removed\"]").text("id");
        publish(api, "dlq", 3);
        api.post("/v1/events", "{\"type\":\"flag.removed\",\"data\":{\"flag_id\":\"flg_1\",\"flag_key\":\"x\","
                + "\"project\":\"web\"}}");
        awaitResponse(() -> api.get("/v1/deliveries?status=dead"), r -> r.json().path("data").size() == 3,
                Duration.ofSeconds(15));
        awaitResponse(() -> api.get("/v1/deliveries?status=success"), r -> r.json().path("data").size() == 4,
                Duration.ofSeconds(15));

        List<String> all = ids(api, "/v1/deliveries?limit=500");
        assertThat(all).hasSize(7).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ids(api, "/v1/deliveries?status=dead")).containsExactlyElementsOf(
                ids(api, "/v1/webhooks/" + a + "/deliveries?status=dead"));
        assertThat(ids(api, "/v1/deliveries?eventType=flag.removed")).hasSize(1);
        assertThat(ids(api, "/v1/deliveries?webhookId=" + b)).hasSize(4)
                .containsExactlyElementsOf(ids(api, "/v1/webhooks/" + b + "/deliveries"));

        List<String> paged = new ArrayList<>();
        String cursor = "";
        do {
            Api.Response page = api.get("/v1/deliveries?limit=3" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            page.json().path("data").forEach(d -> paged.add(d.path("id").asText()));
            cursor = page.json().path("nextCursor").asText("");
        } while (!cursor.isEmpty());
        assertThat(paged).isEqualTo(all);

        Api other = herald.account("growth");
        assertThat(other.get("/v1/deliveries").json().path("data")).isEmpty();
        assertError(other.get("/v1/deliveries?webhookId=" + a), 404, "not_found");
        assertError(api.get("/v1/deliveries?status=lost"), 400, "invalid_parameter", "status");
    }

    private static void publish(Api api, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            publishOne(api, prefix + "-" + i);
        }
    }

    private static void publishOne(Api api, String flagKey) {
        Api.Response published = api.post("/v1/events", TestHerald.flagCreated(flagKey));
        assertThat(published.status()).as(published.raw()).isEqualTo(202);
    }

    private static List<String> ids(Api api, String path) {
        Api.Response list = api.get(path);
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }
}
