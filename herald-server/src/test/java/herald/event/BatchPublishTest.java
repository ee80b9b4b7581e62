package herald.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/events/batch}: many events in one request and one commit, stored whole or not at all. */
@WithHerald
class BatchPublishTest {

    static TestHerald herald;
    static Receiver receiver;

    @Test
    void aBatchPublishesEveryEventInOrderAndEachIsDelivered() {
        Api api = herald.account("growth");
        TestHerald.webhook(api, receiver.url("/batch"), "[\"flag.created\"]");
        Api.Response published = api.post("/v1/events/batch", batch(List.of("a", "b", "c")));

        assertThat(published.status()).as(published.raw()).isEqualTo(202);
        JsonNode data = published.json().path("data");
        assertThat(data).hasSize(3);
        data.forEach(e -> assertThat(e.path("deliveries").asInt()).isEqualTo(1));
        List<String> ids = IntStream.range(0, 3).mapToObj(i -> data.get(i).path("id").asText()).toList();
        List<Receiver.Request> got = receiver.await("/batch", 3);
        assertThat(got.stream().map(r -> r.body()).collect(Collectors.joining()))
                .contains(ids.get(0)).contains(ids.get(1)).contains(ids.get(2));
        assertThat(api.get("/v1/events/" + ids.get(1)).json().path("data").path("flag_key").asText()).isEqualTo("b");
    }

    @Test
    void oneBadEventRefusesTheWholeBatchNamingItsIndexAndStoresNothing() {
        Api api = herald.account("growth");
        String body = "{\"events\":[" + event("ok", null) + ",{\"type\":\"flag.created\",\"data\":{\"flag_key\":\"x\","
                + "\"project\":\"web\"}}]}";
        Api.Response refused = api.post("/v1/events/batch", body);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("error").path("field").asText()).isEqualTo("events[1].data.flag_id");
        assertThat(refused.json().path("error").path("message").asText()).startsWith("events[1]");
        assertThat(api.get("/v1/events").json().path("data")).as("nothing stored").isEmpty();
    }

    @Test
    void malformedBatchesAreRefusedWithAClearError() {
        Api api = herald.account("growth");
        assertThat(api.post("/v1/events/batch", "{\"events\":{}}").status()).isEqualTo(400);
        assertThat(api.post("/v1/events/batch", "{\"events\":[1]}").json().path("error").path("field").asText())
                .isEqualTo("events[0]");
        Api.Response missingType = api.post("/v1/events/batch", "{\"events\":[{\"data\":{}}]}");
        assertThat(missingType.status()).isEqualTo(400);
        assertThat(missingType.json().path("error").path("field").asText()).isEqualTo("events[0].type");
        assertThat(api.post("/v1/events/batch", "{\"events\":[]}").errorCode()).isEqualTo("invalid_batch");
        String tooMany = IntStream.range(0, Events.MAX_BATCH + 1).mapToObj(i -> event("k" + i, null))
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
        Api.Response refused = api.post("/v1/events/batch", tooMany);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo("invalid_batch");
        assertThat(api.get("/v1/events").json().path("data")).isEmpty();
    }

    @Test
    void idempotencyKeysHoldPerEventInsideAndAcrossBatches() {
        Api api = herald.account("growth");
        TestHerald.webhook(api, receiver.url("/idem"), "[\"flag.created\"]");
        String body = "{\"events\":[" + event("one", "key-1") + "," + event("two", "key-2") + ","
                + event("one-again", "key-1") + "]}";
        JsonNode first = api.post("/v1/events/batch", body).json().path("data");
        assertThat(first.get(2).path("id").asText()).isEqualTo(first.get(0).path("id").asText());
        assertThat(first.get(2).path("replayed").asBoolean()).isTrue();

        JsonNode again = api.post("/v1/events/batch", body).json().path("data");
        assertThat(again.findValuesAsText("replayed")).containsOnly("true");
        Receiver.sleep(300);
        assertThat(receiver.requests("/idem")).hasSize(2);
    }

    private static String batch(List<String> keys) {
        return keys.stream().map(k -> event(k, null)).collect(Collectors.joining(",", "{\"events\":[", "]}"));
    }

    private static String event(String key, String idempotencyKey) {
        return "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_" + key + "\",\"flag_key\":\"" + key
                + "\",\"project\":\"web\"}" + (idempotencyKey == null ? "" : ",\"idempotencyKey\":\"" + idempotencyKey + "\"")
                + "}";
    }
}
