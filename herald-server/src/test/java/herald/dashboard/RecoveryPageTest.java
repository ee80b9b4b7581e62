package herald.dashboard;

import static herald.ApiAssertions.awaitResponse;
import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The history pages (the recovery form, why a delivery waits), over plain HTTP with a signed-in session. */
@WithHerald
class RecoveryPageTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");
    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
            .withZone(ZoneOffset.UTC);
    private static TestHerald herald;
    private static Receiver receiver;

    @Test
    void theHistoryPageRecoversTheDeadDeliveriesOfAWindowAndRefusesABadTime() throws Exception {
        Api api = herald.account("growth");
        AtomicBoolean down = new AtomicBoolean(true);
        receiver.reply("/page", r -> down.get() ? Receiver.Reply.status(502) : Receiver.Reply.ok());
        String webhookId = TestHerald.webhook(api, receiver.url("/page"), "[\"flag.created\"]").text("id");
        api.post("/v1/events", TestHerald.flagCreated("one"));
        api.post("/v1/events", TestHerald.flagCreated("two"));
        String dead = "/v1/webhooks/" + webhookId + "/deliveries?status=dead";
        awaitResponse(() -> api.get(dead), r -> r.json().path("data").size() == 2, Duration.ofSeconds(15));
        down.set(false);

        Session session = Session.signIn(api.token());
        String history = "/dashboard/webhooks/" + webhookId + "/history";
        String page = session.get(history).body();
        assertThat(page).contains("action=\"/dashboard/webhooks/" + webhookId + "/recover\"")
                .contains("<label for=\"since\">").contains("<label for=\"until\">");
        String csrf = csrf(page);
        String recover = "/dashboard/webhooks/" + webhookId + "/recover";

        HttpResponse<String> refused = session.post(recover, "csrf=" + csrf + "&since=yesterday");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("must be a date and time");
        assertThat(api.get(dead).json().path("data")).hasSize(2);

        String since = FIELD.format(Instant.now().minus(Duration.ofHours(1)));
        HttpResponse<String> done = session.post(recover, "csrf=" + csrf + "&since=" + encode(since) + "&until=");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElseThrow()).isEqualTo(history + "?done=recovered");
        assertThat(session.get(history + "?done=recovered").body()).contains("queued again, oldest first");

        awaitResponse(() -> api.get("/v1/webhooks/" + webhookId + "/deliveries?status=success"),
                r -> r.json().path("data").size() == 2, Duration.ofSeconds(15));
        assertThat(api.get("/v1/audit-log?action=webhook.recovered").json().path("data").get(0).path("details")
                .path("count").asInt()).isEqualTo(2);
    }

    @Test
    void aHeldDeliverySaysInTheHistoryThatItWaitsForTheWebhookToBeEnabled() throws Exception {
        Api api = herald.account("growth");
        String webhookId = TestHerald.webhook(api, receiver.url("/held"), "[\"*\"]").text("id");
        api.post("/v1/webhooks/" + webhookId + "/disable", null);
        String deliveryId = api.post("/v1/webhooks/" + webhookId + "/test", null).text("deliveryId");
        assertThat(api.get("/v1/deliveries/" + deliveryId).text("heldReason")).isEqualTo("webhook_disabled");

        Session session = Session.signIn(api.token());

        assertThat(session.get("/dashboard/webhooks/" + webhookId + "/history").body())
                .contains("waiting for the webhook to be enabled");
        assertThat(session.get("/dashboard/deliveries/" + deliveryId).body())
                .contains("Pending: waiting for the webhook to be enabled.");
        assertThat(receiver.requests("/held")).isEmpty();
    }

    /** A browser-like client: its cookie jar holds the session, and every change names this origin. */
    private record Session(HttpClient client) {

        static Session signIn(String apiKey) throws IOException, InterruptedException {
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            Session session = new Session(client);
            HttpResponse<String> in = session.post("/dashboard/login", "apiKey=" + encode(apiKey));
            assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
            return session;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", herald.app().baseUrl())
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static URI uri(String path) {
        return URI.create(herald.app().baseUrl() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }
}
