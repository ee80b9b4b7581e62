package herald.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import herald.event.EventCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every experiment change, driven through the API, against a real receiver: exactly the events the
 * seeds promise (as a multiset of types), with their data, and nothing at all for a refused change.
 */
@WithHerald
class ExperimentEventsTest {

    static final String ACTOR = "alice@example.com";
    /** Every status change runs the analysis; with no data yet, a run that reports failure. */
    static final String ANALYSIS = "experiment.calculated_metrics.updated";
    static TestHerald herald;
    static Receiver receiver;
    static EventCatalog catalog;
    static Api api;

    @BeforeAll
    static void start() {
        catalog = EventCatalog.load(Api.mapper());
        Api.Response account = herald.operator().post("/v1/accounts", "{\"name\":\"Platform\",\"plan\":\"growth\"}");
        Api.Response key = herald.operator().post("/v1/accounts/" + account.text("id") + "/api-keys",
                "{\"actor\":\"" + ACTOR + "\"}");
        api = herald.operator().as(key.text("apiKey"));
        ok(api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web store\"}"));
        ok(api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}"));
        ok(api.post("/v1/metrics", "{\"key\":\"revenue\",\"name\":\"Revenue\",\"type\":\"continuous\"}"));
        ok(api.post("/v1/metric-collections", "{\"key\":\"funnel\",\"name\":\"Funnel\",\"metrics\":[\"purchase\",\"revenue\"]}"));
        TestHerald.webhook(api, receiver.url("/all"), "[\"*\"]");
    }

    /** One change: what to send, the status it gets, the events it emits, and checks on their data. */
    record Step(String change, Function<Api, Api.Response> request, int status, List<String> events,
                Consumer<Map<String, JsonNode>> data) {
        Step(String change, Function<Api, Api.Response> request, int status, List<String> events) {
            this(change, request, status, events, d -> {});
        }
    }

    @Test
    void aWholeLifeEmitsExactlyTheSeedsEventsAndRefusedChangesEmitNothing() {
        String id = api.post("/v1/experiments", experiment("checkout-color", "")).text("id");
        expectEvents("create", List.of("experiment.created", "settings.changed"), d -> {
            assertThat(d.get("experiment.created").path("status").asText()).isEqualTo("draft");
            assertThat(d.get("settings.changed").path("action").asText()).isEqualTo("campaign_settings_changed");
            assertThat(d.get("settings.changed").path("triggered_by").asText()).isEqualTo("api");
        }, id);
        String path = "/v1/experiments/" + id;

        List<Step> steps = List.of(
                new Step("duplicate key", a -> a.post("/v1/experiments", experiment("checkout-color", "")), 409, List.of()),
                new Step("unknown project", a -> a.post("/v1/experiments",
                        experiment("other", "").replace("\"project\":\"web\"", "\"project\":\"nope\"")), 422, List.of()),
                new Step("unknown metric", a -> a.post("/v1/experiments",
                        experiment("other", "").replace("[\"purchase\"]", "[\"nope\"]")), 422, List.of()),
                new Step("pause a draft", a -> a.post(path + "/pause", null), 409, List.of()),
                new Step("edit a draft", a -> a.patch(path, "{\"name\":\"Checkout colour\",\"hypothesis\":\"Green sells\"}"),
                        200, List.of("experiment.configuration.updated"), d -> {
                            JsonNode changes = d.get("experiment.configuration.updated").path("changes");
                            assertThat(changes).extracting(c -> c.path("field").asText()).containsExactly("name", "hypothesis");
                            assertThat(changes.get(0).path("before").asText()).isEqualTo("Checkout color");
                            assertThat(changes.get(0).path("after").asText()).isEqualTo("Checkout colour");
                            assertThat(changes.get(1).path("before").asText()).isEmpty();
                        }),
                new Step("edit that changes nothing", a -> a.patch(path, "{\"name\":\"Checkout colour\"}"), 200, List.of()),
                new Step("start", a -> a.post(path + "/start", null), 200,
                        List.of("experiment.started", "experiment.status.updated", "settings.changed", ANALYSIS),
                        d -> transition(d, "experiment.started", "draft", "running")),
                new Step("start twice", a -> a.post(path + "/start", null), 409, List.of()),
                new Step("reweigh a running experiment", a -> a.patch(path, "{\"variations\":["
                                + "{\"key\":\"control\",\"weight\":30},{\"key\":\"green\",\"weight\":70}]}"), 200,
                        List.of("experiment.configuration.updated", "settings.changed"), d -> assertThat(
                                d.get("experiment.configuration.updated").path("changes").get(0).path("field").asText())
                                .isEqualTo("variations")),
                new Step("add a variation while running", a -> a.patch(path, "{\"variations\":[{\"key\":\"control\","
                        + "\"weight\":1},{\"key\":\"green\",\"weight\":1},{\"key\":\"blue\",\"weight\":1}]}"), 409, List.of()),
                new Step("add a metric", a -> a.post(path + "/metrics", "{\"metric\":\"revenue\"}"), 200,
                        List.of("experiment.metric.updated", "settings.changed"), d -> {
                            assertThat(d.get("experiment.metric.updated").path("action").asText()).isEqualTo("added");
                            assertThat(d.get("experiment.metric.updated").path("metric").asText()).isEqualTo("revenue");
                        }),
                new Step("add a collection", a -> a.post(path + "/metrics", "{\"collection\":\"funnel\"}"), 200,
                        List.of("experiment.metric.updated", "settings.changed"), d -> {
                            assertThat(d.get("experiment.metric.updated").path("collection").asText()).isEqualTo("funnel");
                            assertThat(d.get("experiment.metric.updated").path("metrics"))
                                    .extracting(JsonNode::asText).containsExactly("purchase", "revenue");
                        }),
                new Step("add a metric twice", a -> a.post(path + "/metrics", "{\"metric\":\"revenue\"}"), 409, List.of()),
                new Step("add an unknown metric", a -> a.post(path + "/metrics", "{\"metric\":\"nope\"}"), 422, List.of()),
                new Step("remove a metric", a -> a.delete(path + "/metrics/purchase"), 200,
                        List.of("experiment.metric.updated", "settings.changed"), d -> {
                            assertThat(d.get("experiment.metric.updated").path("action").asText()).isEqualTo("removed");
                            assertThat(d.get("experiment.metric.updated").path("metric").asText()).isEqualTo("purchase");
                        }),
                new Step("remove what is not there", a -> a.delete(path + "/metrics/nope"), 404, List.of()),
                new Step("pause", a -> a.post(path + "/pause", null), 200,
                        List.of("experiment.paused", "experiment.status.updated", "settings.changed", ANALYSIS),
                        d -> transition(d, "experiment.paused", "running", "paused")),
                new Step("pause twice", a -> a.post(path + "/pause", null), 409, List.of()),
                new Step("resume", a -> a.post(path + "/resume", null), 200,
                        List.of("experiment.resumed", "experiment.status.updated", "settings.changed", ANALYSIS),
                        d -> transition(d, "experiment.resumed", "paused", "running")),
                new Step("stop", a -> a.post(path + "/stop", null), 200,
                        List.of("experiment.stopped", "experiment.status.updated", "settings.changed", ANALYSIS),
                        d -> transition(d, "experiment.stopped", "running", "completed")),
                new Step("resume a completed experiment", a -> a.post(path + "/resume", null), 409, List.of()),
                new Step("edit a completed experiment", a -> a.patch(path, "{\"name\":\"x\"}"), 409, List.of()),
                new Step("clone", a -> a.post(path + "/clone", null), 201, List.of("experiment.created"), d -> {
                    assertThat(d.get("experiment.created").path("cloned_from").asText()).isEqualTo(id);
                    assertThat(d.get("experiment.created").path("experiment_key").asText()).isEqualTo("checkout-color-copy");
                    assertThat(d.get("experiment.created").path("status").asText()).isEqualTo("draft");
                }));

        for (Step step : steps) {
            Api.Response response = step.request().apply(api);
            assertThat(response.status()).as(step.change() + ": " + response.raw()).isEqualTo(step.status());
            String subject = step.change().equals("clone") ? response.text("id") : id;
            expectEvents(step.change(), step.events(), step.data(), subject);
        }
        assertThat(api.get(path).json().path("status").asText()).isEqualTo("completed");
        assertThat(api.post(path + "/stop", null).json().path("error").path("message").asText())
                .as("a refused transition names the current status").contains("completed");
    }

    @Test
    void stoppingAPausedExperimentReportsFromPaused() {
        String id = api.post("/v1/experiments", experiment("paused-stop", "")).text("id");
        expectEvents("create", List.of("experiment.created", "settings.changed"), d -> {}, id);
        ok(api.post("/v1/experiments/" + id + "/start", null));
        expectEvents("start", List.of("experiment.started", "experiment.status.updated", "settings.changed", ANALYSIS), d -> {}, id);
        ok(api.post("/v1/experiments/" + id + "/pause", null));
        expectEvents("pause", List.of("experiment.paused", "experiment.status.updated", "settings.changed", ANALYSIS), d -> {}, id);
        ok(api.post("/v1/experiments/" + id + "/stop", null));
        expectEvents("stop", List.of("experiment.stopped", "experiment.status.updated", "settings.changed", ANALYSIS),
                d -> transition(d, "experiment.stopped", "paused", "completed"), id);
    }

    @Test
    void theSchedulerCompletesARunningExperimentAtItsEndDate() {
        String endAt = Instant.now().plusMillis(1500).toString();
        String id = api.post("/v1/experiments", experiment("ends-soon", ",\"endAt\":\"" + endAt + "\"")).text("id");
        expectEvents("create", List.of("experiment.created", "settings.changed"), d -> {}, id);
        ok(api.post("/v1/experiments/" + id + "/start", null));
        expectEvents("start", List.of("experiment.started", "experiment.status.updated", "settings.changed", ANALYSIS), d -> {}, id);

        expectEvents("end date", List.of("experiment.completed", "experiment.status.updated", "settings.changed", ANALYSIS), d -> {
            transition(d, "experiment.completed", "running", "completed");
            assertThat(d.get("experiment.completed").has("actor")).as("no person completed it").isFalse();
            assertThat(d.get("settings.changed").path("triggered_by").asText()).isEqualTo("scheduler");
        }, id, false);
        assertThat(api.get("/v1/experiments/" + id).json().path("status").asText()).isEqualTo("completed");
    }

    // --- helpers

    static String experiment(String key, String extra) {
        return "{\"key\":\"" + key + "\",\"name\":\"Checkout color\",\"project\":\"web\",\"variations\":["
                + "{\"key\":\"control\",\"name\":\"Blue\",\"weight\":50},{\"key\":\"green\",\"name\":\"Green\",\"weight\":50}],"
                + "\"metrics\":[\"purchase\"]" + extra + "}";
    }

    private final List<Receiver.Request> seen = new ArrayList<>();

    void expectEvents(String change, List<String> types, Consumer<Map<String, JsonNode>> check, String experimentId) {
        expectEvents(change, types, check, experimentId, true);
    }

    /**
     * Waits for the deliveries of {@code types}, then a moment more to catch any extra, and checks
     * the multiset, the common data fields, the schema, and the actor.
     */
    void expectEvents(String change, List<String> types, Consumer<Map<String, JsonNode>> check, String experimentId,
                      boolean byActor) {
        int before = seen.size() + offset();
        List<Receiver.Request> all = receiver.await(r -> r.path().equals("/all"), before + types.size(),
                Duration.ofSeconds(10));
        Receiver.sleep(types.isEmpty() ? 300 : 150);
        List<Receiver.Request> fresh = receiver.requests("/all").subList(before, receiver.requests("/all").size());
        assertThat(fresh).extracting(r -> r.header("X-Herald-Event")).as(change)
                .containsExactlyInAnyOrderElementsOf(types);
        Map<String, JsonNode> byType = new java.util.HashMap<>();
        for (Receiver.Request r : fresh) {
            JsonNode data = json(r).path("data");
            String type = r.header("X-Herald-Event");
            catalog.validate(type, data);
            assertThat(data.path("experiment_id").asText()).as(change + " " + type).isEqualTo(experimentId);
            assertThat(data.path("project").asText()).isEqualTo("web");
            assertThat(data.path("environment").asText()).isEqualTo("production");
            if (type.equals(ANALYSIS)) {
                assertThat(data.path("meta_data").path("status").asText()).as("no data yet").isEqualTo("failure");
            } else if (byActor) {
                assertThat(data.path("actor").asText()).as(change + " " + type + " actor").isEqualTo(ACTOR);
            }
            byType.put(type, data);
        }
        check.accept(byType);
        seen.addAll(fresh);
        assertThat(all).isNotNull();
    }

    /** Requests that arrived before this test method started (tests share one receiver). */
    private int offset() {
        return baseline;
    }

    private int baseline;

    @BeforeEach
    void markBaseline() {
        baseline = receiver.requests("/all").size();
    }

    static void transition(Map<String, JsonNode> data, String type, String from, String to) {
        for (String t : List.of(type, "experiment.status.updated")) {
            assertThat(data.get(t).path("from").asText()).as(t + " from").isEqualTo(from);
            assertThat(data.get(t).path("to").asText()).as(t + " to").isEqualTo(to);
        }
    }

    static JsonNode json(Receiver.Request r) {
        try {
            return Api.mapper().readTree(r.rawBody());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static void ok(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isBetween(200, 201);
    }
}
