package herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Main;
import herald.Receiver;
import herald.Receiver.Reply;
import herald.TestHerald;
import herald.WithHerald;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code herald listen} in-process, receiving real deliveries from a running Herald. */
@WithHerald
class ListenCommandTest {

    static TestHerald herald;
    static Receiver app;

    /** A running {@code herald listen}: its port, and what it has printed so far. */
    record Listening(Thread thread, StringWriter out, StringWriter err, int port) implements AutoCloseable {

        static Listening start(Map<String, String> env, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var line = Cli.commandLine(new Main(), new Terminal(env, new PrintWriter(out, true), new PrintWriter(err, true)));
            Thread thread = Thread.ofVirtual().start(() -> line.execute(args));
            Pattern listening = Pattern.compile("Listening on http://127\\.0\\.0\\.1:(\\d+)/");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                Matcher found = listening.matcher(err.toString());
                if (found.find()) {
                    return new Listening(thread, out, err, Integer.parseInt(found.group(1)));
                }
                assertThat(thread.isAlive()).as("listen exited early: " + err).isTrue();
                assertThat(System.nanoTime()).as("listen started").isLessThan(deadline);
                Receiver.sleep(10);
            }
        }

        String url() {
            return "http://127.0.0.1:" + port + "/";
        }

        /** Waits until {@code count} lines are printed and returns them. */
        List<String> lines(int count) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (out.toString().lines().count() < count) {
                assertThat(System.nanoTime()).as("%d lines printed, got: %s", count, out).isLessThan(deadline);
                Receiver.sleep(10);
            }
            return out.toString().lines().toList();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
            assertThat(thread.isAlive()).isFalse();
        }
    }

    /** A webhook whose secret listen needs before Herald can be told listen's port: created first, then pointed. */
    record Hook(Api api, String id, String secret) {
        static Hook create(String events) {
            Api api = herald.account("growth");
            String id = TestHerald.webhook(api, app.url("/unused"), events).text("id");
            return new Hook(api, id, api.get("/v1/webhooks/" + id + "/secret").text("secret"));
        }

        void pointAt(String url) {
            assertThat(api.patch("/v1/webhooks/" + id, "{\"url\":\"" + url + "\"}").status()).isEqualTo(200);
        }

        JsonNode delivery(String deliveryId) {
            return api.get("/v1/deliveries/" + deliveryId).json();
        }
    }

    @Test
    void aVerifiedDeliveryIsAnswered2xxAndPrintedOnOneLineAndARedeliveryIsMarkedDuplicate() throws Exception {
        Hook hook = Hook.create("[\"flag.created\"]");
        try (Listening listen = Listening.start(Map.of(), "listen", "--port", "0", "--secret", hook.secret())) {
            hook.pointAt(listen.url());
            hook.api().post("/v1/events", TestHerald.flagCreated("listened"));
            String line = listen.lines(1).getFirst();
            Matcher parts = Pattern.compile("^\\S+Z  flag\\.created  (dlv_\\S+)  verified$").matcher(line);
            assertThat(parts.matches()).as(line).isTrue();
            String deliveryId = parts.group(1);
            CliRun.awaitStatus(hook.api(), deliveryId, "success");
            assertThat(hook.delivery(deliveryId).path("responseCode").asInt()).isEqualTo(204);

            hook.api().post("/v1/deliveries/" + deliveryId + "/redeliver", null);
            assertThat(listen.lines(2).get(1)).endsWith(deliveryId + "  verified (duplicate)");
        }
    }

    @Test
    void aRequestThatFailsVerificationIsAnswered401AndPrintedWithTheReason() throws Exception {
        Hook hook = Hook.create("[\"flag.created\"]");
        try (Listening listen = Listening.start(Map.of("HERALD_WEBHOOK_SECRET", hook.secret()), "listen", "--port", "0")) {
            HttpResponse<String> forged = post(listen.url(), "{\"id\":\"dlv_forged\"}", Map.of(
                    "webhook-id", "dlv_forged", "webhook-timestamp", String.valueOf(System.currentTimeMillis() / 1000),
                    "webhook-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "X-Herald-Event", "flag.created"));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(Api.mapper().readTree(forged.body()).path("error").path("code").asText()).isEqualTo("signature_mismatch");
            HttpResponse<String> unsigned = post(listen.url(), "{}", Map.of());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            List<String> lines = listen.lines(2);
            assertThat(lines.get(0)).contains("  flag.created  dlv_forged  REJECTED signature_mismatch: ");
            assertThat(lines.get(1)).contains("  -  -  REJECTED missing_header: the webhook-id header is missing");

            // the real thing still verifies: the secret came from HERALD_WEBHOOK_SECRET
            hook.pointAt(listen.url());
            hook.api().post("/v1/events", TestHerald.flagCreated("real"));
            assertThat(listen.lines(3).get(2)).endsWith("verified");
        }
    }

    @Test
    void jsonPrintsOneObjectPerDelivery() throws Exception {
        Hook hook = Hook.create("[\"flag.created\"]");
        try (Listening listen = Listening.start(Map.of(), "listen", "--port", "0", "--secret", hook.secret(), "--json")) {
            hook.pointAt(listen.url());
            hook.api().post("/v1/events", TestHerald.flagCreated("json"));
            post(listen.url(), "{}", Map.of());
            List<JsonNode> lines = listen.lines(2).stream().map(ListenCommandTest::parse).toList();
            JsonNode verified = lines.stream().filter(l -> l.path("verified").asBoolean()).findFirst().orElseThrow();
            assertThat(verified.path("type").asText()).isEqualTo("flag.created");
            assertThat(verified.path("deliveryId").asText()).startsWith("dlv_");
            assertThat(verified.path("duplicate").asBoolean()).isFalse();
            JsonNode rejected = lines.stream().filter(l -> !l.path("verified").asBoolean()).findFirst().orElseThrow();
            assertThat(rejected.path("reason").asText()).isEqualTo("missing_header");
        }
    }

    @Test
    void forwardToPassesTheDeliveryOnUnchangedAndAnswersHeraldWithTheAppsStatus() throws Exception {
        Hook hook = Hook.create("[\"flag.created\"]");
        AtomicInteger calls = new AtomicInteger();
        app.reply("/app", request -> calls.incrementAndGet() == 1 ? Reply.status(503) : Reply.ok());
        try (Listening listen = Listening.start(Map.of(), "listen", "--port", "0", "--secret", hook.secret(),
                "--forward-to", app.url("/app"))) {
            assertThat(listen.err().toString()).contains("forwarding verified deliveries to " + app.url("/app"));
            hook.pointAt(listen.url());
            hook.api().post("/v1/events", TestHerald.flagCreated("forwarded"));
            List<String> lines = listen.lines(2);
            assertThat(lines.get(0)).endsWith("verified -> 503");
            // the failed forward was forgotten by the de-duplicator: Herald's retry is not a duplicate
            assertThat(lines.get(1)).endsWith("verified -> 200");
            List<Receiver.Request> forwarded = app.await("/app", 2);
            String deliveryId = forwarded.getFirst().header("webhook-id");
            CliRun.awaitStatus(hook.api(), deliveryId, "success");
            assertThat(hook.delivery(deliveryId).path("attempts").asInt()).isEqualTo(2);
            // unchanged: the app can verify it with herald-receiver too
            Receiver.Request request = forwarded.get(1);
            new herald.receiver.WebhookReceiver(hook.secret()).receive(request.rawBody(), request::header);
            assertThat(request.header("X-Herald-Signature")).startsWith("sha256=");
        }
    }

    @Test
    void anUnreachableForwardTargetIsAnswered502() throws Exception {
        Hook hook = Hook.create("[\"flag.created\"]");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (Listening listen = Listening.start(Map.of(), "listen", "--port", "0", "--secret", hook.secret(),
                "--forward-to", "http://127.0.0.1:" + closed + "/")) {
            hook.pointAt(listen.url());
            hook.api().post("/v1/events", TestHerald.flagCreated("nowhere"));
            assertThat(listen.lines(1).getFirst()).contains("verified -> failed: ");
            String deliveryId = hook.api().get("/v1/webhooks/" + hook.id() + "/deliveries").json()
                    .path("data").get(0).path("id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (hook.delivery(deliveryId).path("responseCode").asInt() != 502) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Receiver.sleep(20);
            }
        }
    }

    @Test
    void aBadSecretOrABusyPortIsRefusedWithItsExitCode() throws IOException {
        CliRun noSecret = CliRun.run(Map.of(), "listen", "--port", "0");
        assertThat(noSecret.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noSecret.err()).contains("give --secret or set HERALD_WEBHOOK_SECRET");
        assertThat(CliRun.run(Map.of(), "listen", "--port", "0", "--secret", "whsec_not base64!").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run(Map.of(), "listen", "--port", "0", "--secret", "whsec_AAAA", "--forward-to", "ftp://x/")
                .exitCode()).isEqualTo(ExitCodes.USAGE);
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.run(Map.of(), "listen", "--port", String.valueOf(busy.getLocalPort()), "--secret", "whsec_AAAA");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    private static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Api.mapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
