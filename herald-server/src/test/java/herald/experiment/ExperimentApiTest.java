package herald.experiment;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithHerald
class ExperimentApiTest {

    static TestHerald herald;
    static Api api;
    static Api other;

    @BeforeAll
    static void start() {
        api = herald.account("growth");
        other = herald.account("growth");
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        api.post("/v1/projects", "{\"key\":\"app\",\"name\":\"App\"}");
        api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
    }

    static String body(String key, String project) {
        return "{\"key\":\"" + key + "\",\"name\":\"N\",\"project\":\"" + project + "\",\"variations\":["
                + "{\"key\":\"a\",\"weight\":1},{\"key\":\"b\",\"weight\":1}]}";
    }

    @Test
    void createsADraftWithItsConfigurationAndDefaults() {
        Api.Response created = api.post("/v1/experiments", "{\"key\":\"full\",\"name\":\"Full\",\"project\":\"web\","
                + "\"hypothesis\":\"H\",\"variations\":[{\"key\":\"control\",\"name\":\"Control\",\"weight\":50},"
                + "{\"key\":\"b\",\"weight\":50}],\"metrics\":[\"purchase\"],\"targeting\":{\"country\":[\"DE\"]},"
                + "\"costData\":{\"perUnit\":0.1},\"startAt\":\"2026-12-01T00:00:00Z\",\"endAt\":\"2026-12-31T00:00:00Z\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("id")).startsWith("exp_");
        assertThat(created.text("status")).isEqualTo("draft");
        assertThat(created.text("environment")).isEqualTo("production");
        assertThat(created.json().path("variations").get(1).path("name").asText()).as("name defaults to key").isEqualTo("b");
        assertThat(created.json().path("targeting").path("country").get(0).asText()).isEqualTo("DE");
        assertThat(created.text("endAt")).isEqualTo("2026-12-31T00:00:00Z");
        assertThat(api.get("/v1/experiments/" + created.text("id")).json()).isEqualTo(created.json());
    }

    @Test
    void listsFilterByStatusAndProjectAndNeverShowAnotherTenant() {
        String web = api.post("/v1/experiments", body("list-web", "web")).text("id");
        String app = api.post("/v1/experiments", body("list-app", "app")).text("id");
        api.post("/v1/experiments/" + app + "/start", null);

        assertThat(api.get("/v1/experiments?project=app").json().path("data"))
                .extracting(n -> n.path("id").asText()).contains(app).doesNotContain(web);
        assertThat(api.get("/v1/experiments?status=running").json().path("data"))
                .extracting(n -> n.path("id").asText()).contains(app).doesNotContain(web);
        assertError(api.get("/v1/experiments?status=live"), 400, "invalid_parameter", "status");
        assertThat(other.get("/v1/experiments").json().path("data")).isEmpty();
        for (String path : new String[] {"", "/start", "/pause", "/resume", "/stop", "/clone", "/metrics"}) {
            Api.Response r = path.isEmpty() ? other.get("/v1/experiments/" + web)
                    : other.post("/v1/experiments/" + web + path, path.equals("/metrics") ? "{\"metric\":\"x\"}" : null);
            assertThat(r.status()).as(path).isEqualTo(404);
        }
        assertThat(other.patch("/v1/experiments/" + web, "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(other.delete("/v1/experiments/" + web + "/metrics/purchase").status()).isEqualTo(404);
    }

    @Test
    void badRequestsAreRefusedWithTheFieldAtFault() {
        assertError(api.post("/v1/experiments", body("nokey", "web").replace("\"key\":\"nokey\",", "")), 400,
                "missing_field", "key");
        assertError(api.post("/v1/experiments", body("bad key!", "web")), 422, "invalid_key", "key");
        assertError(api.post("/v1/experiments", body("one-arm", "web").replace(",{\"key\":\"b\",\"weight\":1}", "")),
                422, "invalid_variations", "variations");
        assertError(api.post("/v1/experiments", body("zero", "web").replace("\"weight\":1}]", "\"weight\":0}]")),
                422, "invalid_weight", "variations[1].weight");
        assertError(api.post("/v1/experiments", body("dup", "web").replace("\"key\":\"b\"", "\"key\":\"a\"")),
                422, "duplicate_variation", "variations[1].key");
        assertError(api.post("/v1/experiments", body("env", "web").replace("\"variations\"",
                "\"environment\":\"staging\",\"variations\"")), 422, "unknown_environment", "environment");
        assertError(api.post("/v1/experiments", body("win", "web").replace("\"variations\"",
                "\"startAt\":\"2026-12-02T00:00:00Z\",\"endAt\":\"2026-12-01T00:00:00Z\",\"variations\"")),
                422, "invalid_window", "endAt");
        assertError(api.post("/v1/experiments", body("time", "web").replace("\"variations\"",
                "\"endAt\":\"tomorrow\",\"variations\"")), 422, "invalid_time", "endAt");
        // A valid instant beyond what epoch milliseconds hold: refused, not a server error.
        assertError(api.post("/v1/experiments", body("far", "web").replace("\"variations\"",
                "\"startAt\":\"+999999999-01-01T00:00:00Z\",\"variations\"")), 422, "invalid_time", "startAt");
        assertError(api.post("/v1/experiments", body("extra", "web").replace("\"variations\"",
                "\"colour\":\"red\",\"variations\"")), 400, "unknown_field", "colour");
        String id = api.post("/v1/experiments", body("patchable", "web")).text("id");
        assertError(api.patch("/v1/experiments/" + id, "{\"key\":\"renamed\"}"), 400, "unknown_field", "key");
        assertError(api.post("/v1/experiments/" + id + "/metrics", "{\"metric\":\"purchase\",\"collection\":\"f\"}"),
                400, "invalid_body");
        assertThat(api.get("/v1/events").json().path("data")).as("refusals emit nothing")
                .allSatisfy(e -> assertThat(e.path("data").path("experiment_key").asText()).isIn("patchable", "full",
                        "list-web", "list-app"));
    }

    @Test
    void experimentsWhoseEndPassedWhileHeraldWasDownAreCompletedAfterRestart() {
        TestHerald own = TestHerald.start();
        try (Receiver receiver = new Receiver()) {
            Api a = own.account("growth");
            TestHerald.webhook(a, receiver.url("/ends"), "[\"experiment.completed\"]");
            a.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
            String id = a.post("/v1/experiments", body("ends", "web").replace("\"variations\"",
                    "\"endAt\":\"" + Instant.now().plusSeconds(2) + "\",\"variations\"")).text("id");
            a.post("/v1/experiments/" + id + "/start", null);
            own.stopKeepingData();
            Receiver.sleep(2_500);
            assertThat(receiver.requests("/ends")).isEmpty();

            own = own.startAgain();
            Receiver.Request completed = receiver.await("/ends", 1).getFirst();
            assertThat(completed.body()).contains(id).contains("\"from\":\"running\"");
        } finally {
            own.close();
        }
    }
}
