package herald.event;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /v1/event-types} and {@code /v1/events} over HTTP against a running Herald (contract section 5). */
@WithHerald
class EventApiTest {

    /** Types only Herald emits; the platform may not publish them. */
    static final List<String> RESERVED = List.of("webhook.ping", "webhook.disabled");
    static final List<String> PUBLISHABLE =
            EventCatalogTest.CONTRACT_TYPES.stream().filter(t -> !RESERVED.contains(t)).toList();

    private static TestHerald herald;
    private static Receiver receiver;
    /** The catalog as {@code GET /v1/event-types} serves it, by name. */
    private static Map<String, JsonNode> served;

    @BeforeAll
    static void start() {
        Api.Response types = herald.account("free").get("/v1/event-types");
        assertThat(types.status()).as(types.raw()).isEqualTo(200);
        served = new LinkedHashMap<>();
        types.json().path("data").forEach(t -> served.put(t.path("name").asText(), t));
    }

    private static String publish(String type, JsonNode data) {
        ObjectNode body = Api.mapper().createObjectNode().put("type", type);
        body.set("data", data);
        return body.toString();
    }

    private static JsonNode example(String type) {
        return served.get(type).path("example").deepCopy();
    }

    // --- catalog

    @Test
    void theCatalogServesEveryContractTypeWithDescriptionSchemaAndExample() {
        assertThat(served.keySet()).containsExactlyElementsOf(EventCatalogTest.CONTRACT_TYPES);
        for (JsonNode type : served.values()) {
            String name = type.path("name").asText();
            assertThat(type.path("description").asText()).as(name).isNotBlank();
            assertThat(type.path("schema").isObject()).as(name).isTrue();
            assertThat(type.path("schema").path("type").asText()).as(name).isEqualTo("object");
            assertThat(type.path("example").isObject()).as(name).isTrue();
        }
    }

    @Test
    void theCatalogNeedsAToken() {
        assertError(herald.anonymous().get("/v1/event-types"), 401, "missing_token");
    }

    @Test
    void experimentExamplesCarryTheExperimentIdentity() {
        for (String name : EventCatalogTest.EXPERIMENT_TYPES) {
            assertThat(served.get(name).path("example").fieldNames()).toIterable().as(name)
                    .containsAll(EventCatalogTest.EXPERIMENT_FIELDS);
        }
    }

    // --- publishing

    @ParameterizedTest
    @FieldSource("PUBLISHABLE")
    void publishingTheCatalogsExampleIsAccepted(String type) {
        Api api = herald.account("free");

        Api.Response published = api.post("/v1/events", publish(type, example(type)));

        assertThat(published.status()).as(published.raw()).isEqualTo(202);
        String id = published.text("id");
        assertThat(id).matches("evt_[0-9A-Z]{26}");
        Api.Response stored = api.get("/v1/events/" + id);
        assertThat(stored.status()).as(stored.raw()).isEqualTo(200);
        assertThat(stored.text("id")).isEqualTo(id);
        assertThat(stored.text("type")).isEqualTo(type);
        assertThat(stored.json().path("data")).isEqualTo(example(type));
        Instant.parse(stored.text("createdAt"));
    }

    @ParameterizedTest
    @FieldSource("RESERVED")
    void typesHeraldEmitsItselfAreReserved(String type) {
        Api api = herald.account("growth");

        assertError(api.post("/v1/events", publish(type, example(type))), 422, "reserved_event_type", "type");

        assertThat(api.get("/v1/events").json().path("data")).isEmpty();
    }

    @Test
    void dataThatBreaksTheSchemaIs422NamingTheField() {
        Api api = herald.account("free");

        ObjectNode missing = (ObjectNode) example("flag.created");
        missing.remove("flag_key");
        assertError(api.post("/v1/events", publish("flag.created", missing)), 422, "invalid_data", "data.flag_key");

        ObjectNode wrongType = (ObjectNode) example("flag.created");
        wrongType.put("project", 42);
        assertError(api.post("/v1/events", publish("flag.created", wrongType)), 422, "invalid_data", "data.project");

        ObjectNode badId = (ObjectNode) example("experiment.started");
        badId.put("experiment_id", "not-an-experiment-id");
        assertError(api.post("/v1/events", publish("experiment.started", badId)), 422, "invalid_data",
                "data.experiment_id");

        ObjectNode wrongTransition = (ObjectNode) example("experiment.started");
        wrongTransition.put("to", "paused");
        assertError(api.post("/v1/events", publish("experiment.started", wrongTransition)), 422, "invalid_data",
                "data.to");

        assertError(api.post("/v1/events", "{\"type\":\"flag.created\",\"data\":[1,2]}"), 422, "invalid_data", "data");
        assertError(api.post("/v1/events", "{\"type\":\"flag.created\",\"data\":\"flag\"}"), 422, "invalid_data", "data");

        assertThat(api.get("/v1/events").json().path("data")).as("nothing was published").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flag.exploded", "FLAG.CREATED", "experiment", "", "*"})
    void anUnknownTypeIs422(String type) {
        Api api = herald.account("free");

        assertError(api.post("/v1/events", publish(type, example("flag.created"))), 422, "unknown_event_type", "type");

        assertThat(api.get("/v1/events").json().path("data")).isEmpty();
    }

    @Test
    void missingTypeOrDataIs400() {
        Api api = herald.account("free");

        assertError(api.post("/v1/events", "{\"type\":\"flag.created\"}"), 400, "missing_field", "data");
        assertError(api.post("/v1/events", "{\"type\":\"flag.created\",\"data\":null}"), 400, "missing_field", "data");
        assertError(api.post("/v1/events", "{\"data\":{}}"), 400, "missing_field", "type");
        assertError(api.post("/v1/events", "{\"type\":7,\"data\":{}}"), 400, "invalid_field", "type");

        assertThat(api.get("/v1/events").json().path("data")).isEmpty();
    }

    @Test
    void theOperatorCannotPublish() {
        assertError(herald.operator().post("/v1/events", publish("flag.created", example("flag.created"))), 403,
                "account_key_required");
    }

    // --- idempotency

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstEventAndDeliversOnce() {
        Api api = herald.account("growth");
        String webhookId = TestHerald.webhook(api, receiver.url("/idempotent"), "[\"flag.created\"]").text("id");
        ObjectNode body = (ObjectNode) Api.mapper().createObjectNode().put("type", "flag.created");
        body.set("data", example("flag.created"));
        body.put("idempotencyKey", "order-42");

        Api.Response first = api.post("/v1/events", body.toString());
        ObjectNode changed = body.deepCopy();
        ((ObjectNode) changed.get("data")).put("flag_key", "a-different-flag");
        Api.Response second = api.post("/v1/events", body.toString());
        Api.Response third = api.post("/v1/events", changed.toString());

        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        assertThat(first.json().path("replayed").booleanValue()).isFalse();
        String id = first.text("id");
        for (Api.Response repeat : List.of(second, third)) {
            assertThat(repeat.status()).as(repeat.raw()).isEqualTo(202);
            assertThat(repeat.text("id")).isEqualTo(id);
            assertThat(repeat.json().path("replayed").booleanValue()).isTrue();
        }
        assertThat(api.get("/v1/events?type=flag.created").json().path("data")).hasSize(1);
        assertThat(api.get("/v1/events/" + id).json().path("data")).isEqualTo(example("flag.created"));

        List<JsonNode> deliveries = new ArrayList<>();
        api.get("/v1/webhooks/" + webhookId + "/deliveries").json().path("data").forEach(deliveries::add);
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.getFirst().path("eventId").asText()).isEqualTo(id);

        receiver.await("/idempotent", 1);
        // a later event's delivery proves the dispatcher has moved past anything a replay could have queued
        String later = api.post("/v1/events", publish("flag.created", example("flag.created"))).text("id");
        receiver.await(r -> r.body().contains(later), 1, Duration.ofSeconds(15));
        assertThat(receiver.requests("/idempotent")).filteredOn(r -> r.body().contains(id)).hasSize(1);
    }

    @Test
    void idempotencyKeysBelongToOneAccount() {
        Api one = herald.account("free");
        Api two = herald.account("free");
        String body = "{\"type\":\"flag.created\",\"data\":" + example("flag.created") + ",\"idempotencyKey\":\"shared\"}";

        Api.Response first = one.post("/v1/events", body);
        Api.Response second = two.post("/v1/events", body);

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().path("replayed").booleanValue()).isFalse();
        assertThat(second.text("id")).isNotEqualTo(first.text("id"));
    }

    @Test
    void anEmptyIdempotencyKeyIs422() {
        Api api = herald.account("free");

        assertError(api.post("/v1/events",
                        "{\"type\":\"flag.created\",\"data\":" + example("flag.created") + ",\"idempotencyKey\":\"\"}"),
                422, "invalid_idempotency_key", "idempotencyKey");
    }

    // --- reading

    @Test
    void listingFiltersByType() {
        Api api = herald.account("free");
        String created = api.post("/v1/events", publish("flag.created", example("flag.created"))).text("id");
        String removed = api.post("/v1/events", publish("flag.removed", example("flag.removed"))).text("id");
        String started = api.post("/v1/events", publish("experiment.started", example("experiment.started"))).text("id");

        assertThat(ids(api.get("/v1/events?type=flag.created"))).containsExactly(created);
        assertThat(ids(api.get("/v1/events?type=flag.removed"))).containsExactly(removed);
        assertThat(ids(api.get("/v1/events?type=experiment.started"))).containsExactly(started);
        assertThat(ids(api.get("/v1/events?type=experiment.paused"))).isEmpty();
        assertThat(ids(api.get("/v1/events"))).containsExactlyInAnyOrder(created, removed, started);
        Api.Response listed = api.get("/v1/events?type=flag.created");
        assertThat(listed.json().path("data").get(0).path("data")).isEqualTo(example("flag.created"));
        assertThat(listed.json().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void listingPagesWithLimitAndCursor() {
        Api api = herald.account("free");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(api.post("/v1/events", publish("flag.created", example("flag.created"))).text("id"));
        }

        Api.Response first = api.get("/v1/events?limit=2");
        assertThat(ids(first)).hasSize(2);
        Api.Response second = api.get("/v1/events?limit=2&cursor=" + first.text("nextCursor"));
        assertThat(ids(second)).hasSize(1);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
        List<String> walked = new ArrayList<>(ids(first));
        walked.addAll(ids(second));
        assertThat(walked).containsExactlyInAnyOrderElementsOf(made);
    }

    @Test
    void anotherAccountsEventIsNotFoundAndNeverListed() {
        Api owner = herald.account("free");
        Api other = herald.account("free");
        String id = owner.post("/v1/events", publish("flag.created", example("flag.created"))).text("id");

        assertError(other.get("/v1/events/" + id), 404, "not_found");
        assertError(other.get("/v1/events/evt_01JD0000000000000000000000"), 404, "not_found");
        assertThat(other.get("/v1/events").raw()).doesNotContain(id);
        assertThat(other.get("/v1/events?type=flag.created").raw()).doesNotContain(id);
        assertThat(owner.get("/v1/events/" + id).status()).isEqualTo(200);
    }

    @Test
    void publishingFansOutOnlyToTheAccountsOwnWebhooks() {
        Api owner = herald.account("growth");
        Api other = herald.account("growth");
        String mine = TestHerald.webhook(owner, receiver.url("/mine"), "[\"*\"]").text("id");
        String theirs = TestHerald.webhook(other, receiver.url("/theirs"), "[\"*\"]").text("id");

        Api.Response published = owner.post("/v1/events", publish("flag.removed", example("flag.removed")));

        assertThat(published.json().path("deliveries").intValue()).isEqualTo(1);
        assertThat(owner.get("/v1/webhooks/" + mine + "/deliveries").json().path("data")).hasSize(1);
        assertThat(other.get("/v1/webhooks/" + theirs + "/deliveries").json().path("data")).isEmpty();
    }

    private static List<String> ids(Api.Response page) {
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path("data").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }
}
