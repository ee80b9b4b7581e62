package herald.settings;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import herald.event.EventCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The VWO seed's flow end to end: {@code settings.changed} tells a receiver on loopback which version
 * of which document to fetch, and {@code GET /v1/projects/{id}/environments/{env}/settings} serves it,
 * with an ETag that {@code If-None-Match} is answered against. The version moves exactly with the
 * event: a change that emits {@code settings.changed} for an environment moves its version by one, and
 * one that does not (a draft's edit, a clone, a refused change, another environment) moves nothing.
 */
@WithHerald
class SettingsDocumentTest {

    private static TestHerald herald;
    private static Receiver receiver;


    /**
     * An account with project {@code web} (production and staging), metric {@code purchase}, and a webhook
     * for {@code settings.changed} alone on a receiver of its own.
     */
    private record Watch(Api api, String path, List<String> seen) {

        static Watch create() {
            Api api = herald.account("growth");
            String path = "/settings/" + System.nanoTime();
            TestHerald.webhook(api, receiver.url(path), "[\"settings.changed\"]");
            String project = api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}").text("id");
            assertThat(api.post("/v1/projects/" + project + "/environments", "{\"key\":\"staging\",\"name\":\"Staging\"}")
                    .status()).isEqualTo(201);
            assertThat(api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}")
                    .status()).isEqualTo(201);
            return new Watch(api, path, new ArrayList<>());
        }

        /**
         * The data of exactly {@code count} settings.changed delivered since the previous call, in version
         * order, each valid against the catalog; a short settle after they arrive catches any extra.
         */
        List<JsonNode> settingsChanged(int count) {
            receiver.await(r -> r.path().equals(path), seen.size() + count, Duration.ofSeconds(15));
            Receiver.sleep(200);
            List<JsonNode> fresh = new ArrayList<>();
            for (Receiver.Request r : receiver.requests(path)) {
                JsonNode envelope = json(r);
                if (!seen.contains(envelope.path("id").asText())) {
                    seen.add(envelope.path("id").asText());
                    CATALOG.validate("settings.changed", envelope.path("data"));
                    fresh.add(envelope.path("data"));
                }
            }
            assertThat(fresh).as("settings.changed delivered").hasSize(count);
            fresh.sort(Comparator.comparing((JsonNode d) -> d.path("environment").asText())
                    .thenComparingLong(d -> d.path("version").asLong()));
            return fresh;
        }

        private static JsonNode json(Receiver.Request r) {
            try {
                return Api.mapper().readTree(r.rawBody());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final EventCatalog CATALOG = EventCatalog.load(new ObjectMapper());

    private static String projectId(Api api) {
        return api.get("/v1/projects").json().path("data").get(0).path("id").asText();
    }

    private static String experiment(Api api, String key, String environment) {
        Api.Response created = api.post("/v1/experiments", "{\"key\":\"" + key + "\",\"name\":\"Button\","
                + "\"project\":\"web\",\"environment\":\"" + environment + "\",\"variations\":["
                + "{\"key\":\"control\",\"name\":\"Blue\",\"weight\":50},{\"key\":\"green\",\"name\":\"Green\",\"weight\":50}],"
                + "\"metrics\":[\"purchase\"],\"targeting\":{\"country\":\"DE\"}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    private static Api.Response document(Api api, String environment) {
        Api.Response document = api.get("/v1/projects/" + projectId(api) + "/environments/" + environment + "/settings");
        assertThat(document.status()).as(document.raw()).isEqualTo(200);
        return document;
    }

    private static long version(Api api, String environment) {
        return document(api, environment).json().path("version").asLong();
    }

    @Test
    void settingsChangedNamesTheVersionAndPathOfADocumentThatShowsWhatChanged() {
        Watch watch = Watch.create();
        Api api = watch.api();
        String project = projectId(api);
        JsonNode empty = document(api, "production").json();
        assertThat(empty.path("version").asLong()).isZero();
        assertThat(empty.path("experiments")).isEmpty();
        assertThat(empty.path("flags")).isEmpty();
        assertThat(empty.path("project").asText()).isEqualTo("web");
        assertThat(empty.path("projectId").asText()).isEqualTo(project);
        assertThat(empty.path("environment").asText()).isEqualTo("production");

        String id = experiment(api, "button", "production");
        JsonNode created = watch.settingsChanged(1).getFirst();
        String path = "/v1/projects/" + project + "/environments/production/settings";
        assertThat(created.path("version").asLong()).isEqualTo(1);
        assertThat(created.path("path").asText()).isEqualTo(path);
        JsonNode atOne = api.get(created.path("path").asText()).json();
        assertThat(atOne.path("version").asLong()).isEqualTo(1);
        assertThat(atOne.path("path").asText()).isEqualTo(path);
        assertThat(atOne.path("experiments")).as("a draft is not run by SDKs").isEmpty();

        assertThat(api.post("/v1/experiments/" + id + "/start", null).status()).isEqualTo(200);
        JsonNode started = watch.settingsChanged(1).getFirst();
        assertThat(started.path("version").asLong()).isEqualTo(2);
        JsonNode running = api.get(path).json();
        assertThat(running.path("version").asLong()).isEqualTo(2);
        assertThat(running.path("experiments")).hasSize(1);
        JsonNode experiment = running.path("experiments").get(0);
        assertThat(experiment.path("id").asText()).isEqualTo(id);
        assertThat(experiment.path("key").asText()).isEqualTo("button");
        assertThat(experiment.path("variations")).extracting(v -> v.path("key").asText() + "=" + v.path("weight").asInt())
                .containsExactly("control=50", "green=50");
        assertThat(experiment.path("targeting").path("country").asText()).isEqualTo("DE");
        assertThat(experiment.path("metrics")).extracting(JsonNode::asText).containsExactly("purchase");

        assertThat(api.patch("/v1/experiments/" + id, "{\"variations\":[{\"key\":\"control\",\"weight\":20},"
                + "{\"key\":\"green\",\"weight\":80}]}").status()).isEqualTo(200);
        assertThat(watch.settingsChanged(1).getFirst().path("version").asLong()).isEqualTo(3);
        JsonNode reweighed = api.get(path).json();
        assertThat(reweighed.path("version").asLong()).isEqualTo(3);
        assertThat(reweighed.path("experiments").get(0).path("variations"))
                .extracting(v -> v.path("weight").asInt()).containsExactly(20, 80);

        assertThat(api.post("/v1/experiments/" + id + "/pause", null).status()).isEqualTo(200);
        assertThat(watch.settingsChanged(1).getFirst().path("version").asLong()).isEqualTo(4);
        JsonNode paused = api.get(path).json();
        assertThat(paused.path("version").asLong()).isEqualTo(4);
        assertThat(paused.path("experiments")).as("a paused experiment is not run").isEmpty();
    }

    @Test
    void changesThatEmitNoSettingsChangedLeaveTheVersionAndTheDocumentAlone() {
        Watch watch = Watch.create();
        Api api = watch.api();
        String running = experiment(api, "running", "production");
        assertThat(api.post("/v1/experiments/" + running + "/start", null).status()).isEqualTo(200);
        String draft = experiment(api, "draft", "production");
        watch.settingsChanged(3);
        Api.Response before = document(api, "production");
        assertThat(before.json().path("version").asLong()).isEqualTo(3);

        // A draft's edit, a clone, a refused transition and an edit that changes nothing emit no settings.changed.
        assertThat(api.patch("/v1/experiments/" + draft, "{\"variations\":[{\"key\":\"control\",\"weight\":10},"
                + "{\"key\":\"green\",\"weight\":90}],\"name\":\"Draft\"}").status()).isEqualTo(200);
        assertThat(api.post("/v1/experiments/" + running + "/clone", "{\"key\":\"copy\"}").status()).isEqualTo(201);
        assertThat(api.post("/v1/experiments/" + running + "/resume", null).status()).isEqualTo(409);
        assertThat(api.patch("/v1/experiments/" + running, "{\"name\":\"Button\"}").status()).isEqualTo(200);
        watch.settingsChanged(0);
        // Everything in another environment moves that environment's document, not this one's.
        String elsewhere = experiment(api, "elsewhere", "staging");
        assertThat(api.post("/v1/experiments/" + elsewhere + "/start", null).status()).isEqualTo(200);
        assertThat(watch.settingsChanged(2)).extracting(d -> d.path("path").asText())
                .allMatch(p -> p.endsWith("/environments/staging/settings"));

        Api.Response after = document(api, "production");
        assertThat(after.raw()).as("byte for byte").isEqualTo(before.raw());
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(version(api, "staging")).isEqualTo(2);
        assertThat(document(api, "staging").json().path("experiments")).extracting(e -> e.path("key").asText())
                .containsExactly("elsewhere");
    }

    /**
     * The invariant itself over a whole life in two environments: each document's version is the number of
     * {@code settings.changed} events stored for its environment, and those events carry 1, 2, ... n in order.
     */
    @Test
    void eachEnvironmentsVersionCountsExactlyItsSettingsChangedEvents() {
        Api api = Watch.create().api();
        for (String environment : List.of("production", "staging", "production")) {
            String id = experiment(api, "life-" + environment + "-" + version(api, environment), environment);
            String path = "/v1/experiments/" + id;
            api.patch(path, "{\"name\":\"Draft edit\"}");
            api.post(path + "/start", null);
            api.patch(path, "{\"targeting\":{\"country\":\"FR\"}}");
            api.post(path + "/metrics", "{\"metric\":\"purchase\"}"); // refused: already on it
            api.delete(path + "/metrics/purchase");
            api.post(path + "/pause", null);
            api.post(path + "/pause", null); // refused
            api.post(path + "/resume", null);
            api.post(path + "/clone", null);
            api.post(path + "/stop", null);
        }
        for (String environment : List.of("production", "staging")) {
            List<Long> versions = new ArrayList<>();
            for (JsonNode event : api.get("/v1/events?type=settings.changed&limit=500").json().path("data")) {
                JsonNode data = api.get("/v1/events/" + event.path("id").asText()).json().path("data");
                if (data.path("environment").asText().equals(environment)) {
                    versions.add(data.path("version").asLong());
                }
            }
            versions.sort(null);
            long expected = environment.equals("production") ? 14 : 7; // create, start, edit, metric, pause, resume, stop
            assertThat(versions).as(environment).hasSize((int) expected);
            for (int i = 0; i < versions.size(); i++) {
                assertThat(versions.get(i)).as(environment + " event " + i).isEqualTo(i + 1L);
            }
            assertThat(version(api, environment)).as(environment).isEqualTo(expected);
        }
    }

    /** Concurrent changes in one environment each get a version of their own, and the document ends at the last. */
    @Test
    void concurrentChangesEachMoveTheVersionByOne() throws Exception {
        Watch watch = Watch.create();
        Api api = watch.api();
        int n = 8;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(experiment(api, "parallel-" + i, "production"));
            assertThat(api.post("/v1/experiments/" + ids.get(i) + "/start", null).status()).isEqualTo(200);
        }
        watch.settingsChanged(2 * n);
        long before = version(api, "production");

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> edits = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = ids.get(i);
                edits.add(pool.submit(() -> api.patch("/v1/experiments/" + id, "{\"targeting\":{\"country\":\"FR\"}}")));
            }
            for (Future<Api.Response> edit : edits) {
                assertThat(edit.get().status()).as(edit.get().raw()).isEqualTo(200);
            }
        }

        assertThat(watch.settingsChanged(n)).extracting(d -> d.path("version").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(before + 1, before + n).boxed().toList());
        JsonNode after = document(api, "production").json();
        assertThat(after.path("version").asLong()).isEqualTo(before + n);
        assertThat(after.path("experiments")).extracting(e -> e.path("targeting").path("country").asText())
                .containsOnly("FR").hasSize(n);
    }

    @Test
    void ifNoneMatchWithTheCurrentETagIs304AndAnyChangeMakesANewTag() {
        Watch watch = Watch.create();
        Api api = watch.api();
        String path = "/v1/projects/" + projectId(api) + "/environments/production/settings";
        Api.Response first = document(api, "production");
        String etag = first.header("ETag").orElseThrow();
        assertThat(etag).matches("\"0-[0-9a-f]{16}\"");
        assertThat(first.header("Cache-Control")).contains("no-cache");

        Api.Response unchanged = api.get(path, Map.of("If-None-Match", etag));
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.raw()).isEmpty();
        assertThat(unchanged.header("ETag")).contains(etag);
        assertThat(api.get(path, Map.of("If-None-Match", "\"other\", W/" + etag)).status()).isEqualTo(304);
        assertThat(api.get(path, Map.of("If-None-Match", "*")).status()).isEqualTo(304);
        assertThat(api.get(path, Map.of("If-None-Match", "\"0-0000000000000000\"")).status()).isEqualTo(200);

        experiment(api, "button", "production");
        watch.settingsChanged(1);
        Api.Response changed = api.get(path, Map.of("If-None-Match", etag));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag").orElseThrow()).startsWith("\"1-").isNotEqualTo(etag);
        assertThat(api.get(path, Map.of("If-None-Match", changed.header("ETag").orElseThrow())).status()).isEqualTo(304);
    }

    /**
     * Flags belong to the document of their environment, or of every environment when they have none.
     * They move no version (the contract keeps settings.changed for experiments), but the ETag covers them.
     */
    @Test
    void flagsAppearInTheirEnvironmentsDocumentsAndChangeTheETagButNotTheVersion() {
        Watch watch = Watch.create();
        Api api = watch.api();
        String before = document(api, "production").header("ETag").orElseThrow();
        assertThat(api.post("/v1/flags", "{\"key\":\"everywhere\",\"name\":\"Everywhere\",\"project\":\"web\"}")
                .status()).isEqualTo(201);
        assertThat(api.post("/v1/flags", "{\"key\":\"stage-only\",\"name\":\"Stage only\",\"project\":\"web\","
                + "\"environment\":\"staging\"}").status()).isEqualTo(201);
        watch.settingsChanged(0);

        Api.Response production = document(api, "production");
        assertThat(production.json().path("flags")).extracting(f -> f.path("key").asText()).containsExactly("everywhere");
        assertThat(production.json().path("flags").get(0).path("environment").isNull()).isTrue();
        assertThat(document(api, "staging").json().path("flags")).extracting(f -> f.path("key").asText())
                .containsExactly("everywhere", "stage-only");
        assertThat(production.json().path("version").asLong()).isZero();
        assertThat(production.header("ETag").orElseThrow()).isNotEqualTo(before);
    }

    @Test
    void anUnknownProjectOrEnvironmentIs404() {
        Api api = Watch.create().api();
        assertError(api.get("/v1/projects/prj_01JD0000000000000000000000/environments/production/settings"), 404,
                "not_found");
        assertError(api.get("/v1/projects/" + projectId(api) + "/environments/nope/settings"), 404, "not_found");
        String staging = api.get("/v1/projects/" + projectId(api)).json().path("environments").get(1).path("id").asText();
        assertThat(document(api, staging).json().path("environment").asText()).as("an environment's id works too")
                .isEqualTo("staging");
    }
}
