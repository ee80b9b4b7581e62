package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import herald.webhook.CustomHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's defences over plain HTTP, no browser needed: session cookies, CSRF and origin
 * checks, and the headers every page carries.
 */
@WithHerald
class DashboardSecurityTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");
    private static TestHerald herald;
    private static String apiKey;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        apiKey = herald.operator().post("/v1/accounts", "{\"name\":\"Acme\",\"plan\":\"growth\"}").text("apiKey");
    }

    @Test
    void everyPageCarriesAStrictContentSecurityPolicyAndNoSniffing() throws Exception {
        HttpResponse<String> login = get("/dashboard/login", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(login.body()).doesNotContain("<script>").doesNotContain("src=\"http").doesNotContain("href=\"http");
        assertThat(get("/dashboard/assets/herald.js", null).headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/javascript");
        assertThat(get("/dashboard/assets/herald.css", null).statusCode()).isEqualTo(200);
        assertThat(get("/dashboard/assets/..%2Fcatalog.json", null).statusCode()).isEqualTo(404);
    }

    @Test
    void signInSetsAnHttpOnlyStrictCookieSecureBehindHttpsAndANewSessionEachTime() throws Exception {
        HttpResponse<String> first = signIn(apiKey, "http");
        assertThat(first.statusCode()).isEqualTo(303);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Gate.COOKIE + "=hds_").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/dashboard").doesNotContain("Secure");
        String again = signIn(apiKey, "https").headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(again).contains("; Secure");
        assertThat(value(again)).isNotEqualTo(value(cookie));
    }

    @Test
    void aWrongKeyOrTheOperatorTokenDoesNotSignIn() throws Exception {
        HttpResponse<String> wrong = signIn("hk_wrong", "http");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(wrong.body()).contains("not valid");
        HttpResponse<String> operator = signIn(TestHerald.OPERATOR_TOKEN, "http");
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(operator.body()).contains("account API key");
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenOrFromAnotherOriginIsRefused() throws Exception {
        String session = value(signIn(apiKey, "http").headers().firstValue("Set-Cookie").orElseThrow());
        String csrf = csrf(get("/dashboard/webhooks/new", session).body());
        String form = "url=" + URLEncoder.encode("http://127.0.0.1:9/x", StandardCharsets.UTF_8) + "&events=*";

        assertThat(post("/dashboard/webhooks", session, form, null).statusCode()).isEqualTo(403);
        assertThat(post("/dashboard/webhooks", session, form + "&csrf=" + "0".repeat(64), null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> crossSite = post("/dashboard/webhooks", session, form + "&csrf=" + csrf,
                "https://evil.example");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("another site");
        assertThat(herald.operator().as(apiKey).get("/v1/webhooks").json().path("data")).isEmpty();

        HttpResponse<String> created = post("/dashboard/webhooks", session, form + "&csrf=" + csrf, herald.app().baseUrl());
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location").orElseThrow()).startsWith("/dashboard/webhooks/wh_");
    }

    @Test
    void theEditFormShowsCustomHeaderValuesMaskedAndSavingItUnchangedKeepsThem() throws Exception {
        String key = herald.operator().post("/v1/accounts", "{\"name\":\"Masked\",\"plan\":\"growth\"}").text("apiKey");
        Api api = herald.operator().as(key);
        String id = api.post("/v1/webhooks", "{\"url\":\"https://example.com/hook\",\"events\":[\"*\"],"
                + "\"headers\":{\"x-vwo-auth\":\"vwo-key-0b7d\"}}").text("id");
        String session = value(signIn(key, "http").headers().firstValue("Set-Cookie").orElseThrow());

        HttpResponse<String> edit = get("/dashboard/webhooks/" + id + "/edit", session);

        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).contains("x-vwo-auth: " + CustomHeaders.MASK).doesNotContain("vwo-key-0b7d");
        String form = "url=" + URLEncoder.encode("https://example.com/hook", StandardCharsets.UTF_8) + "&events=*"
                + "&headers=" + URLEncoder.encode("x-vwo-auth: " + CustomHeaders.MASK + "\nX-Team: growth",
                StandardCharsets.UTF_8) + "&csrf=" + csrf(edit.body());
        assertThat(post("/dashboard/webhooks/" + id + "/edit", session, form, herald.app().baseUrl()).statusCode())
                .isEqualTo(303);
        assertThat(api.get("/v1/webhooks/" + id + "/headers").json().path("headers").toString())
                .contains("\"x-vwo-auth\":\"vwo-key-0b7d\"").contains("\"X-Team\":\"growth\"");
    }

    @Test
    void signOutEndsTheSessionForGood() throws Exception {
        String session = value(signIn(apiKey, "http").headers().firstValue("Set-Cookie").orElseThrow());
        HttpResponse<String> page = get("/dashboard/webhooks", session);
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> out = post("/dashboard/logout", session, "csrf=" + csrf(page.body()), null);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        HttpResponse<String> after = get("/dashboard/webhooks", session);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).contains("/dashboard/login");
    }

    @Test
    void anUnknownWebhookIsAnHtmlNotFoundPage() throws Exception {
        String session = value(signIn(apiKey, "http").headers().firstValue("Set-Cookie").orElseThrow());
        HttpResponse<String> missing = get("/dashboard/webhooks/wh_nope", session);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(missing.body()).contains("no webhook wh_nope");
    }

    private static HttpResponse<String> signIn(String key, String proto) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri("/dashboard/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", proto)
                .POST(HttpRequest.BodyPublishers.ofString("apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (session != null) {
            request.header("Cookie", Gate.COOKIE + "=" + session);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String session, String form, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Gate.COOKIE + "=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(herald.app().baseUrl() + path);
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }
}
