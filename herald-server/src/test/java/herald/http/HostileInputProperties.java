package herald.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.Api;
import herald.DatabaseDigest;
import herald.TestHerald;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The hostile-input suite: random and malformed JSON, wrong types, huge numbers, deep nesting,
 * unicode edge cases, wrong methods and hostile ids and query parameters, thrown at every endpoint
 * of one running Herald. No answer is a 5xx, every refusal has the contract's error body and leaves
 * every row of the database as it was, and Herald keeps serving to the end.
 */
class HostileInputProperties {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Every field name any endpoint reads, so random bodies reach past "unknown field" into each validator. */
    private static final List<String> FIELDS = List.of("name", "plan", "actor", "url", "description", "events",
            "projects", "environments", "format", "headers", "rateLimit", "graceSeconds", "type", "data",
            "idempotencyKey", "key", "metrics", "project", "environment", "hypothesis", "variations", "weight",
            "targeting", "costData", "startAt", "endAt", "metric", "collection", "role", "unitId", "variation",
            "timestamp", "value", "flag_id", "flag_key");
    /** URLs a request may carry: every one is refused or leads to a closed port on loopback. */
    private static final List<String> URLS = List.of("http://127.0.0.1:9/h", "https://127.0.0.1:9/h",
            "javascript:alert(1)", "file:///etc/passwd", "http://[::1]:9/", "https://user:pw@127.0.0.1:9/",
            "http://0x7f.1:9/x#frag", "gopher://127.0.0.1:9/", "http://127.0.0.1:9/" + "a".repeat(3000), "");

    private static TestHerald herald;
    private static Api operator;
    private static Api account;
    private static List<String[]> writes;
    private static List<String> paths;
    private static String baseline;

    @BeforeContainer
    static void start() {
        herald = TestHerald.start(Map.of("HERALD_RETRY_SCHEDULE", "0s"));
        operator = herald.operator();
        Api.Response created = operator.post("/v1/accounts", "{\"name\":\"Hostile\",\"plan\":\"growth\"}");
        String accountId = created.text("id");
        account = operator.as(created.text("apiKey"));
        account.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        account.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        String project = account.get("/v1/projects").json().path("data").get(0).path("id").asText();
        String experiment = account.post("/v1/experiments", "{\"key\":\"checkout\",\"name\":\"C\",\"project\":\"web\","
                + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}]}").text("id");
        String flag = account.post("/v1/flags", "{\"key\":\"beta\",\"name\":\"Beta\",\"project\":\"web\"}").text("id");
        String webhook = TestHerald.webhook(account, "http://127.0.0.1:9/hook", "[\"webhook.ping\"]").text("id");
        String delivery = account.post("/v1/webhooks/" + webhook + "/test", "").text("deliveryId");
        String event = account.get("/v1/events").json().path("data").get(0).path("id").asText();
        String exp = "/v1/experiments/" + experiment;
        writes = List.of(
                new String[] {"POST", "/v1/accounts"}, new String[] {"PATCH", "/v1/accounts/" + accountId},
                new String[] {"POST", "/v1/accounts/" + accountId + "/api-keys"},
                new String[] {"POST", "/v1/webhooks"}, new String[] {"PATCH", "/v1/webhooks/" + webhook},
                new String[] {"POST", "/v1/webhooks/" + webhook + "/secret/rotate"},
                new String[] {"POST", "/v1/events"}, new String[] {"POST", "/v1/projects"},
                new String[] {"POST", "/v1/projects/" + project + "/environments"},
                new String[] {"PUT", "/v1/projects/" + project + "/members/u1"},
                new String[] {"POST", "/v1/metrics"}, new String[] {"POST", "/v1/metric-collections"},
                new String[] {"POST", "/v1/experiments"}, new String[] {"PATCH", exp},
                new String[] {"POST", exp + "/clone"}, new String[] {"POST", exp + "/metrics"},
                new String[] {"POST", exp + "/assignments"}, new String[] {"POST", exp + "/conversions"},
                new String[] {"POST", "/v1/flags"}, new String[] {"PUT", "/v1/members/u1"},
                new String[] {"POST", "/v1/deliveries/" + delivery + "/redeliver"});
        paths = List.of("/v1/accounts", "/v1/accounts/" + accountId, "/v1/webhooks", "/v1/webhooks/" + webhook,
                "/v1/webhooks/" + webhook + "/secret", "/v1/webhooks/" + webhook + "/deliveries",
                "/v1/webhooks/" + webhook + "/test", "/v1/webhooks/" + webhook + "/enable",
                "/v1/deliveries/" + delivery, "/v1/events", "/v1/events/" + event, "/v1/event-types",
                "/v1/projects/" + project, "/v1/projects/" + project + "/members", "/v1/metrics", exp, exp + "/start",
                exp + "/results", exp + "/analyze", "/v1/flags/" + flag, "/v1/members", "/v1/audit-log", "/healthz",
                "/metrics", "/v1", "/", "/v1/nothing-here");
        baseline = DatabaseDigest.settled(herald);
    }

    @AfterContainer
    static void stop() {
        try {
            assertThat(herald.anonymous().get("/healthz").status()).as("still serving").isEqualTo(200);
            assertThat(account.get("/v1/webhooks").status()).isEqualTo(200);
        } finally {
            herald.close();
        }
    }

    /** One request: never a 5xx; a refusal has an error body and changed no row; a success is the new baseline. */
    private static void judge(String method, String path, String body, Api caller) {
        Api.Response response = caller.send(method, path, body);
        String what = method + " " + path + " " + abbreviate(body);
        assertThat(response.status()).as(what + " -> " + abbreviate(response.raw())).isLessThan(500);
        if (response.status() >= 400) {
            if (!method.equals("HEAD")) {
                assertThat(response.json().path("error").path("code").asText())
                        .as(what + " -> " + response.status() + " " + abbreviate(response.raw()) + " "
                                + response.headers().map()).isNotEmpty();
            }
            assertThat(DatabaseDigest.of(herald)).as("refused, yet the database changed: " + what).isEqualTo(baseline);
        } else {
            baseline = DatabaseDigest.settled(herald);
        }
    }

    private static Api callerOf(String path) {
        return path.startsWith("/v1/accounts") ? operator : account;
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void hostileBodiesOnEveryWrite(@ForAll("writes") String[] write, @ForAll("bodies") String body) {
        judge(write[0], write[1], body, callerOf(write[1]));
    }

    @Property(tries = 120, shrinking = ShrinkingMode.OFF)
    void everyMethodOnEveryPath(@ForAll("methods") String method, @ForAll("paths") String path,
                                @ForAll("bodies") String body) {
        judge(method, path, method.equals("GET") || method.equals("HEAD") ? null : body, callerOf(path));
    }

    @Property(tries = 120, shrinking = ShrinkingMode.OFF)
    void hostileIdsAndQueryParameters(@ForAll("paths") String path, @ForAll("hostileText") String id,
                                      @ForAll("hostileText") String query) {
        String encodedId = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        String encodedQuery = URLEncoder.encode(query, StandardCharsets.UTF_8);
        judge("GET", "/v1/webhooks/" + encodedId, null, account);
        judge("GET", "/v1/experiments/" + encodedId + "/results", null, account);
        judge("DELETE", "/v1/flags/" + encodedId, null, account);
        judge("GET", path + "?limit=" + encodedQuery + "&cursor=" + encodedQuery + "&status=" + encodedQuery
                + "&type=" + encodedQuery, null, callerOf(path));
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void hostileTokens(@ForAll("hostileText") String token, @ForAll("paths") String path) {
        // the HTTP client itself refuses to send anything but visible ASCII in a header
        Api.Response response = account.as(token.replaceAll("[^\\x21-\\x7e]", "")).get(path);
        assertThat(response.status()).as(path + " with token " + abbreviate(token)).isLessThan(500);
        assertThat(DatabaseDigest.of(herald)).isEqualTo(baseline);
    }

    @Provide
    Arbitrary<String[]> writes() {
        return Arbitraries.of(writes);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of(paths);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE");
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, fieldObjects().map(JsonNode::toString)),
                net.jqwik.api.Tuple.of(2, values(3).map(JsonNode::toString)),
                net.jqwik.api.Tuple.of(2, malformed()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", " ", "null", "{}", "[]", "\"\"")));
    }

    /** Objects of the endpoints' own field names with values of any type. */
    private Arbitrary<ObjectNode> fieldObjects() {
        return Arbitraries.maps(Arbitraries.of(FIELDS), values(2)).ofMaxSize(6).map(fields -> {
            ObjectNode object = JSON.objectNode();
            fields.forEach(object::set);
            return object;
        });
    }

    private Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.just(JSON.nullNode()),
                Arbitraries.of(true, false).map(JSON::booleanNode),
                Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.of(new BigInteger("9".repeat(80)), BigInteger.TWO.pow(64), BigInteger.valueOf(Long.MIN_VALUE)
                        .subtract(BigInteger.ONE)).map(JSON::numberNode),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e-400"), new BigDecimal("0.1"),
                        BigDecimal.valueOf(Double.MAX_VALUE)).map(JSON::numberNode),
                Arbitraries.doubles().map(JSON::numberNode),
                hostileText().map(JSON::textNode),
                Arbitraries.of(URLS).map(JSON::textNode),
                Arbitraries.of("*", "flag.created", "experiment.started", "webhook.ping", "native", "growth", "free",
                        "editor", "viewer", "conversion", "web", "production", "purchase", "control",
                        "2026-01-01T00:00:00Z", "9999-99-99T99:99:99Z").map(JSON::textNode));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> array = values(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode node = JSON.arrayNode();
            items.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(FIELDS), hostileText()),
                values(depth - 1)).ofMaxSize(4).map(fields -> {
                    ObjectNode node = JSON.objectNode();
                    fields.forEach(node::set);
                    return node;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object));
    }

    /** Strings that break naive code: control characters, lone surrogates, bidi overrides, huge and empty ones. */
    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("", " ", "\u0000", "\uD800", "\uDFFF", "\u202Eevil", "\uFEFF", "e\u0301", "💥🧨",
                        "%00", "../../etc/passwd", "'; DROP TABLE webhooks; --", "<script>alert(1)</script>",
                        "${jndi:ldap://127.0.0.1:9/a}", "\r\nX-Injected: 1", "whsec_", "hk_", "~", "-1", "0", "501",
                        "1e3", "NaN", "Infinity", "a".repeat(10_000)));
    }

    /** Text that is not valid JSON, or that a parser must refuse for its size or depth. */
    private Arbitrary<String> malformed() {
        return Arbitraries.oneOf(
                fieldObjects().map(JsonNode::toString).map(s -> s.substring(0, Math.max(0, s.length() - 1))),
                Arbitraries.strings().ofMaxLength(30).map(s -> "{\"name\":" + s),
                Arbitraries.integers().between(1, 5_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 5_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                Arbitraries.integers().between(900, 3_000).map(n -> "{\"rateLimit\":" + "9".repeat(n) + "}"),
                Arbitraries.of("{'name':'x'}", "{name:1}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":.5}",
                        "{\"a\":NaN}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":1}{\"b\":2}", "\uFEFF{}",
                        "{\"a\":\"\u0001\"}", "/* comment */ {}"));
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(no body)";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " characters)";
    }
}
