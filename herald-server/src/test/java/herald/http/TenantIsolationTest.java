package herald.http;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.DatabaseDigest;
import herald.TestHerald;
import herald.WithHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, route by route: every route that takes an id answers another tenant's id with
 * 404 (as for an id that does not exist), changes nothing in the database, and no list shows another
 * tenant's objects. A guard checks that every route with a path parameter is covered here.
 */
@WithHerald
class TenantIsolationTest {

    private static TestHerald herald;
    private static Api owner;
    private static Api intruder;
    private static String webhook;
    private static String delivery;
    private static String event;
    private static String project;
    private static String metric;
    private static String collection;
    private static String experiment;
    private static String flag;
    private static String settingsKey;
    private static String settingsKeyId;

    /** (method, path template, body): every route of an account's objects that names one by id. */
    private static List<String[]> routes() {
        String exp = "/v1/experiments/" + experiment;
        String wh = "/v1/webhooks/" + webhook;
        String settings = "/v1/projects/" + project + "/environments/production/settings";
        return List.of(
                new String[] {"GET", wh, null},
                new String[] {"PATCH", wh, "{\"description\":\"mine now\"}"},
                new String[] {"DELETE", wh, null},
                new String[] {"GET", wh + "/secret", null},
                new String[] {"GET", wh + "/headers", null},
                new String[] {"POST", wh + "/secret/rotate", "{\"graceSeconds\":60}"},
                new String[] {"POST", wh + "/enable", null},
                new String[] {"POST", wh + "/disable", null},
                new String[] {"POST", wh + "/test", null},
                new String[] {"POST", wh + "/recover", "{\"since\":\"2020-01-01T00:00:00Z\"}"},
                new String[] {"GET", wh + "/deliveries", null},
                new String[] {"GET", "/v1/deliveries/" + delivery, null},
                new String[] {"POST", "/v1/deliveries/" + delivery + "/redeliver", null},
                new String[] {"GET", "/v1/events/" + event, null},
                new String[] {"GET", "/v1/projects/" + project, null},
                new String[] {"POST", "/v1/projects/" + project + "/environments", "{\"key\":\"stage\",\"name\":\"S\"}"},
                new String[] {"GET", "/v1/projects/" + project + "/members", null},
                new String[] {"PUT", "/v1/projects/" + project + "/members/bob", "{\"role\":\"editor\"}"},
                new String[] {"DELETE", "/v1/projects/" + project + "/members/alice", null},
                new String[] {"GET", "/v1/metrics/" + metric, null},
                new String[] {"GET", "/v1/metric-collections/" + collection, null},
                new String[] {"GET", exp, null},
                new String[] {"PATCH", exp, "{\"name\":\"taken over\"}"},
                new String[] {"POST", exp + "/start", null},
                new String[] {"POST", exp + "/pause", null},
                new String[] {"POST", exp + "/resume", null},
                new String[] {"POST", exp + "/stop", null},
                new String[] {"POST", exp + "/clone", "{\"key\":\"stolen\"}"},
                new String[] {"POST", exp + "/metrics", "{\"metric\":\"purchase\"}"},
                new String[] {"DELETE", exp + "/metrics/purchase", null},
                new String[] {"POST", exp + "/assignments",
                    "[{\"unitId\":\"u1\",\"variation\":\"control\",\"timestamp\":\"2026-02-01T00:00:00Z\"}]"},
                new String[] {"POST", exp + "/conversions",
                    "[{\"unitId\":\"u1\",\"metric\":\"purchase\",\"timestamp\":\"2026-02-01T00:00:00Z\"}]"},
                new String[] {"POST", exp + "/analyze", null},
                new String[] {"GET", exp + "/results", null},
                new String[] {"GET", "/v1/flags/" + flag, null},
                new String[] {"DELETE", "/v1/flags/" + flag, null},
                new String[] {"GET", settings, null},
                new String[] {"POST", settings + "-keys", "{\"description\":\"stolen\"}"},
                new String[] {"GET", settings + "-keys", null},
                new String[] {"DELETE", "/v1/settings-keys/" + settingsKeyId, null});
    }

    /** The same objects, by key, in both accounts: a lookup that ignored the account would find the intruder's. */
    private static void populate(Api api, String tag) {
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web " + tag + "\"}");
        api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        api.post("/v1/metric-collections", "{\"key\":\"core\",\"name\":\"Core\",\"metrics\":[\"purchase\"]}");
        api.post("/v1/experiments", "{\"key\":\"checkout\",\"name\":\"Checkout " + tag + "\",\"project\":\"web\","
                + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}],"
                + "\"metrics\":[\"purchase\"]}");
        api.post("/v1/flags", "{\"key\":\"beta\",\"name\":\"Beta\",\"project\":\"web\"}");
        api.put("/v1/members/alice-" + tag, "{\"role\":\"editor\"}");
    }

    @BeforeAll
    static void start() {
        owner = herald.account("growth");
        intruder = herald.account("growth");
        populate(owner, "owner");
        populate(intruder, "intruder");
        // a closed port on loopback: the delivery fails and nothing leaves the host
        webhook = TestHerald.webhook(owner, "http://127.0.0.1:9/owner", "[\"*\"]").text("id");
        TestHerald.webhook(intruder, "http://127.0.0.1:9/intruder", "[\"*\"]");
        event = owner.post("/v1/events", TestHerald.flagCreated("owned")).text("id");
        project = owner.get("/v1/projects").json().path("data").get(0).path("id").asText();
        owner.put("/v1/projects/" + project + "/members/alice", "{\"role\":\"viewer\"}");
        metric = owner.get("/v1/metrics").json().path("data").get(0).path("id").asText();
        collection = owner.get("/v1/metric-collections").json().path("data").get(0).path("id").asText();
        experiment = owner.get("/v1/experiments").json().path("data").get(0).path("id").asText();
        flag = owner.get("/v1/flags").json().path("data").get(0).path("id").asText();
        Api.Response key = owner.post("/v1/projects/" + project + "/environments/production/settings-keys",
                "{\"description\":\"web SDK\"}");
        settingsKey = key.text("key");
        settingsKeyId = key.text("id");
        delivery = owner.get("/v1/webhooks/" + webhook + "/deliveries").json().path("data").get(0).path("id").asText();
        owner.post("/v1/webhooks/" + webhook + "/disable", null); // no further attempts change the rows
    }

    @Test
    void everyRouteAnswersAnotherTenantsIdWith404AndChangesNothing() {
        String before = DatabaseDigest.settled(herald);
        for (String[] route : routes()) {
            Api.Response response = intruder.send(route[0], route[1], route[2]);
            assertError(response, 404, "not_found");
            assertThat(response.raw()).as(route[0] + " " + route[1]).doesNotContain("owner");
        }
        assertThat(DatabaseDigest.of(herald)).as("no row changed").isEqualTo(before);
        for (String[] route : routes()) {
            if (route[0].equals("GET") && !route[1].endsWith("/results")) { // no analysis has run: 404 for all
                assertThat(owner.get(route[1]).status()).as("the owner still sees " + route[1]).isEqualTo(200);
            }
        }
    }

    @Test
    void anIdThatDoesNotExistGetsTheSameAnswerAsAnotherTenantsId() {
        Api.Response foreign = intruder.get("/v1/webhooks/" + webhook);
        Api.Response missing = intruder.get("/v1/webhooks/" + webhook.substring(0, webhook.length() - 4) + "ZZZZ");
        assertThat(foreign.status()).isEqualTo(missing.status());
        assertThat(foreign.json().path("error").path("code")).isEqualTo(missing.json().path("error").path("code"));
    }

    @Test
    void listsNeverShowAnotherTenantsObjects() {
        Set<String> ownerIds = Set.of(webhook, delivery, event, project, metric, collection, experiment, flag);
        for (String list : List.of("/v1/webhooks", "/v1/events", "/v1/projects", "/v1/metrics", "/v1/metric-collections",
                "/v1/experiments", "/v1/flags", "/v1/members", "/v1/audit-log", "/v1/events?type=flag.created",
                "/v1/experiments?project=web", "/v1/flags?project=web")) {
            Api.Response listed = intruder.get(list + (list.contains("?") ? "&" : "?") + "limit=500");
            assertThat(listed.status()).as(list).isEqualTo(200);
            assertThat(listed.json().path("data")).as(list + " has the intruder's own objects").isNotEmpty();
            assertThat(listed.raw()).as(list).doesNotContain(ownerIds).doesNotContain("owner");
        }
        String intruderWebhook = intruder.get("/v1/webhooks").json().path("data").get(0).path("id").asText();
        assertThat(intruder.get("/v1/webhooks/" + intruderWebhook + "/deliveries").raw()).doesNotContain(ownerIds);
        String intruderProject = intruder.get("/v1/projects").json().path("data").get(0).path("id").asText();
        assertThat(intruder.get("/v1/projects/" + intruderProject + "/members").raw()).doesNotContain("alice\"");
    }

    /**
     * A settings key sits in SDKs, in browsers and apps: it reads its own settings document and nothing
     * else. Every other route, of its own account or another's, answers 403 {@code settings_key_read_only}
     * before any lookup (so the answer tells nothing of what exists), and changes nothing.
     */
    @Test
    void aSettingsKeyReadsItsOwnDocumentAndIsRefusedEverythingElse() {
        Api sdk = owner.as(settingsKey);
        String own = "/v1/projects/" + project + "/environments/production/settings";
        String intruderProject = intruder.get("/v1/projects").json().path("data").get(0).path("id").asText();
        String before = DatabaseDigest.settled(herald);

        List<String[]> refused = new java.util.ArrayList<>(routes().stream()
                .filter(r -> !(r[0].equals("GET") && r[1].equals(own))).toList());
        for (String list : List.of("/v1/webhooks", "/v1/events", "/v1/projects", "/v1/experiments", "/v1/flags",
                "/v1/members", "/v1/audit-log", "/v1/deliveries", "/v1/event-types", "/v1/accounts")) {
            refused.add(new String[] {"GET", list, null});
        }
        refused.add(new String[] {"POST", "/v1/events", TestHerald.flagCreated("forged")});
        refused.add(new String[] {"POST", "/v1/flags", "{\"key\":\"x\",\"name\":\"X\",\"project\":\"web\"}"});
        refused.add(new String[] {"GET", "/v1/projects/" + project + "/environments/staging/settings", null});
        refused.add(new String[] {"GET", "/v1/projects/" + intruderProject + "/environments/production/settings", null});
        refused.add(new String[] {"GET", "/v1/projects/prj_doesnotexist/environments/production/settings", null});
        for (String[] route : refused) {
            Api.Response response = sdk.send(route[0], route[1], route[2]);
            assertError(response, 403, "settings_key_read_only");
        }
        assertThat(DatabaseDigest.of(herald)).as("no row changed").isEqualTo(before);

        Api.Response document = sdk.get(own);
        assertThat(document.status()).as(document.raw()).isEqualTo(200);
        assertThat(document.json()).isEqualTo(owner.get(own).json());
        assertThat(document.raw()).doesNotContain("intruder");
        assertThat(intruder.get(own).status()).as("another account's key").isEqualTo(404);
    }

    @Test
    void accountsAreTheOperatorsAloneWhicheverIdAKeyAsksFor() {
        for (String path : List.of("/v1/accounts", "/v1/accounts/acc_doesnotexist")) {
            assertError(intruder.get(path), 403, "operator_required");
        }
    }

    @Test
    void everyRouteWithAPathParameterIsCoveredHere() throws IOException {
        Set<String> registered = new TreeSet<>();
        Pattern route = Pattern.compile("routes\\.(get|post|put|patch|delete)\\(\"(/v1/[^\"]*\\{[^\"]*)\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/herald"))) {
            for (Path file : sources.filter(p -> p.toString().endsWith("Routes.java")).toList()) {
                Matcher m = route.matcher(Files.readString(file));
                while (m.find()) {
                    registered.add(m.group(1).toUpperCase() + " " + m.group(2).replaceAll("\\{[^}]+}", "{}"));
                }
            }
        }
        Set<String> covered = new TreeSet<>();
        for (String[] r : routes()) {
            covered.add(r[0] + " " + r[1].replaceAll("/(wh|dlv|evt|prj|met|col|exp|flg|mcol|mc|sk)_[0-9A-Z]+", "/{}")
                    .replace("/environments/production/", "/environments/{}/")
                    .replaceAll("/members/[a-z]+$", "/members/{}").replaceAll("/metrics/purchase$", "/metrics/{}"));
        }
        covered.add("GET /v1/accounts/{}"); // operator-only: see accountsAreTheOperatorsAlone...
        covered.add("PATCH /v1/accounts/{}");
        covered.add("POST /v1/accounts/{}/api-keys");
        covered.add("PUT /v1/members/{}"); // a user id, not an object id: scoped by the caller's account
        covered.add("DELETE /v1/members/{}");
        covered.add("POST /v1/experiments/{}/"); // the status moves, registered in a loop: start, pause, resume, stop
        assertThat(covered).containsAll(registered);
    }
}
