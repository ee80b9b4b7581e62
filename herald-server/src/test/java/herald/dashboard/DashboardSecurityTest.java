package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import herald.webhook.CustomHeaders;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's defences over plain HTTP, no browser needed: session cookies, CSRF and origin
 * checks, and the headers every page carries.
 */
@WithHerald
class DashboardSecurityTest {

    private static TestHerald herald;
    private static DashboardClient dashboard;
    private static String apiKey;

    @BeforeAll
    static void start() {
        dashboard = new DashboardClient(herald.app().baseUrl());
        apiKey = herald.operator().post("/v1/accounts", "{\"name\":\"Acme\",\"plan\":\"growth\"}").text("apiKey");
    }

    @Test
    void everyPageCarriesAStrictContentSecurityPolicyAndNoSniffing() throws Exception {
        HttpResponse<String> login = dashboard.get("/dashboard/login", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(login.body()).doesNotContain("<script>").doesNotContain("src=\"http").doesNotContain("href=\"http");
        assertThat(dashboard.get("/dashboard/assets/herald.js", null).headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/javascript");
        assertThat(dashboard.get("/dashboard/assets/herald.css", null).statusCode()).isEqualTo(200);
        assertThat(dashboard.get("/dashboard/assets/..%2Fcatalog.json", null).statusCode()).isEqualTo(404);
    }

    @Test
    void signInSetsAnHttpOnlyStrictCookieSecureBehindHttpsAndANewSessionEachTime() throws Exception {
        HttpResponse<String> first = dashboard.signIn(apiKey, "http");
        assertThat(first.statusCode()).isEqualTo(303);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Gate.COOKIE + "=hds_").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/dashboard").doesNotContain("Secure");
        String again = dashboard.signIn(apiKey, "https").headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(again).contains("; Secure");
        assertThat(DashboardClient.value(again)).isNotEqualTo(DashboardClient.value(cookie));
    }

    @Test
    void aWrongKeyOrTheOperatorTokenDoesNotSignIn() throws Exception {
        HttpResponse<String> wrong = dashboard.signIn("hk_wrong", "http");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(wrong.body()).contains("not valid");
        HttpResponse<String> operator = dashboard.signIn(TestHerald.OPERATOR_TOKEN, "http");
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(operator.body()).contains("account API key");
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenOrFromAnotherOriginIsRefused() throws Exception {
        String session = dashboard.session(apiKey);
        String csrf = DashboardClient.csrf(dashboard.get("/dashboard/webhooks/new", session).body());
        String form = "url=" + URLEncoder.encode("http://127.0.0.1:9/x", StandardCharsets.UTF_8) + "&events=*";

        assertThat(dashboard.post("/dashboard/webhooks", session, form, null).statusCode()).isEqualTo(403);
        assertThat(dashboard.post("/dashboard/webhooks", session, form + "&csrf=" + "0".repeat(64), null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> crossSite = dashboard.post("/dashboard/webhooks", session, form + "&csrf=" + csrf,
                "https://evil.example");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("another site");
        assertThat(herald.operator().as(apiKey).get("/v1/webhooks").json().path("data")).isEmpty();

        HttpResponse<String> created = dashboard.post("/dashboard/webhooks", session, form + "&csrf=" + csrf, herald.app().baseUrl());
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location").orElseThrow()).startsWith("/dashboard/webhooks/wh_");
    }

    @Test
    void theEditFormShowsCustomHeaderValuesMaskedAndSavingItUnchangedKeepsThem() throws Exception {
        String key = herald.operator().post("/v1/accounts", "{\"name\":\"Masked\",\"plan\":\"growth\"}").text("apiKey");
        Api api = herald.operator().as(key);
        String id = api.post("/v1/webhooks", "{\"url\":\"https://example.com/hook\",\"events\":[\"*\"],"
                + "\"headers\":{\"x-vwo-auth\":\"vwo-key-0b7d\"}}").text("id");
        String session = dashboard.session(key);

        HttpResponse<String> edit = dashboard.get("/dashboard/webhooks/" + id + "/edit", session);

        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).contains("x-vwo-auth: " + CustomHeaders.MASK).doesNotContain("vwo-key-0b7d");
        String form = "url=" + URLEncoder.encode("https://example.com/hook", StandardCharsets.UTF_8) + "&events=*"
                + "&headers=" + URLEncoder.encode("x-vwo-auth: " + CustomHeaders.MASK + "\nX-Team: growth",
                StandardCharsets.UTF_8) + "&csrf=" + DashboardClient.csrf(edit.body());
        assertThat(dashboard.post("/dashboard/webhooks/" + id + "/edit", session, form, herald.app().baseUrl()).statusCode())
                .isEqualTo(303);
        assertThat(api.get("/v1/webhooks/" + id + "/headers").json().path("headers").toString())
                .contains("\"x-vwo-auth\":\"vwo-key-0b7d\"").contains("\"X-Team\":\"growth\"");
    }

    @Test
    void theWebhookFormSetsOrderingAndThePageShowsIt() throws Exception {
        String key = herald.operator().post("/v1/accounts", "{\"name\":\"Ordered\",\"plan\":\"growth\"}").text("apiKey");
        Api api = herald.operator().as(key);
        String session = dashboard.session(key);
        HttpResponse<String> blank = dashboard.get("/dashboard/webhooks/new", session);
        assertThat(blank.body()).contains("<select id=\"ordering\" name=\"ordering\"");
        String form = "url=" + URLEncoder.encode("https://example.com/ordered", StandardCharsets.UTF_8)
                + "&events=*&ordering=per_subject&csrf=" + DashboardClient.csrf(blank.body());
        assertThat(dashboard.post("/dashboard/webhooks", session, form, herald.app().baseUrl()).statusCode())
                .isEqualTo(303);
        Api.Response created = api.get("/v1/webhooks");
        assertThat(created.json().path("data").get(0).path("ordering").asText()).isEqualTo("per_subject");
        String id = created.json().path("data").get(0).path("id").asText();
        assertThat(dashboard.get("/dashboard/webhooks/" + id, session).body())
                .contains("<dt>Ordering</dt><dd>per_subject</dd>");

        String bad = "url=" + URLEncoder.encode("https://example.com/ordered", StandardCharsets.UTF_8)
                + "&events=*&ordering=strict&csrf=" + DashboardClient.csrf(blank.body());
        HttpResponse<String> refused = dashboard.post("/dashboard/webhooks", session, bad, herald.app().baseUrl());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("ordering must be one of none, per_subject");
        assertThat(api.get("/v1/webhooks").json().path("data")).as("a refused form creates nothing").hasSize(1);
    }

    @Test
    void everyDashboardChangeRefusesAPostWithoutTheSessionsCsrfToken() throws Exception {
        String session = dashboard.session(apiKey);
        List<String> changes = herald.app().routes().stream()
                .filter(r -> r.method().equals("POST") && r.path().startsWith("/dashboard/"))
                .map(r -> r.path()).filter(path -> !path.equals("/dashboard/login")).sorted().toList();
        assertThat(changes).contains("/dashboard/logout", "/dashboard/webhooks", "/dashboard/experiments/{id}/clone",
                "/dashboard/experiments/{id}/metrics", "/dashboard/experiments/{id}/metrics/remove");
        for (String path : changes) {
            HttpResponse<String> refused = dashboard.post(path.replaceAll("\\{[a-z]+}", "exp_any"), session,
                    "key=x&metric=metric:x", herald.app().baseUrl());
            assertThat(refused.statusCode()).as("POST %s without a CSRF token", path).isEqualTo(403);
            assertThat(refused.body()).as(path).contains("did not come from your session");
        }
        assertThat(dashboard.get("/dashboard/webhooks", session).statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void signOutEndsTheSessionForGood() throws Exception {
        String session = dashboard.session(apiKey);
        HttpResponse<String> page = dashboard.get("/dashboard/webhooks", session);
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> out = dashboard.post("/dashboard/logout", session, "csrf=" + DashboardClient.csrf(page.body()), null);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        HttpResponse<String> after = dashboard.get("/dashboard/webhooks", session);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).contains("/dashboard/login");
    }

    @Test
    void anUnknownWebhookIsAnHtmlNotFoundPage() throws Exception {
        String session = dashboard.session(apiKey);
        HttpResponse<String> missing = dashboard.get("/dashboard/webhooks/wh_nope", session);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(missing.body()).contains("no webhook wh_nope");
    }
}
