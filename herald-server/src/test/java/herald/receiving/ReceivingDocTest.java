package herald.receiving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/receiving.md's examples are the files run here, and each receives a live Herald's deliveries:
 * verified and answered 204, a redelivery dropped as a duplicate, a forged request answered 401.
 * Node's example needs {@code node} and {@code npm} on PATH (the test installs standardwebhooks@1.1.1
 * from the npm registry into target/), Python's needs {@code python3}; without them those two are skipped.
 */
@WithHerald
class ReceivingDocTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOC = ROOT.resolve("docs/receiving.md");
    static final Path JAVA_EXAMPLE = Path.of("src/test/java/herald/receiving/HeraldWebhooks.java");
    static final Path NODE_EXAMPLE = ROOT.resolve("docs/examples/receiver.js");
    static final Path PYTHON_EXAMPLE = ROOT.resolve("docs/examples/receiver.py");

    static TestHerald herald;

    @Test
    void theDocShowsExactlyTheExamplesTestedHere() throws IOException {
        String doc = Files.readString(DOC);
        String java = Files.readString(JAVA_EXAMPLE);
        assertThat(block(doc, "java")).isEqualTo(java.substring(java.indexOf("import ")));
        assertThat(block(doc, "js")).isEqualTo(Files.readString(NODE_EXAMPLE));
        assertThat(block(doc, "python")).isEqualTo(Files.readString(PYTHON_EXAMPLE));
    }

    @Test
    void theJavaExampleReceivesALiveHeraldsDeliveries() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        Hook hook = Hook.create();
        int port = freePort();
        HttpServer server = HeraldWebhooks.serve(hook.secret(), port, delivery -> received.add(delivery.id()));
        try {
            exercise(hook, port, () -> received);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theNodeExampleReceivesALiveHeraldsDeliveries() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not on PATH");
        Path modules = ROOT.resolve("herald-server/target/receiving-node");
        if (!Files.isDirectory(modules.resolve("node_modules/standardwebhooks"))) {
            // Nothing inherited: the test JVM's stdin and stdout are Surefire's channel to it, and a node child
            // sharing stdin makes it non-blocking, which ends the run with "std/in stream corrupted".
            Files.createDirectories(modules);
            Path log = modules.resolve("npm-install.log");
            Process install = new ProcessBuilder("npm", "install", "--prefix", modules.toString(), "--no-audit",
                    "--no-fund", "--silent", "standardwebhooks@1.1.1")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            install.getOutputStream().close();
            boolean installed = install.waitFor(120, TimeUnit.SECONDS) && install.exitValue() == 0;
            assertThat(installed).as("npm install standardwebhooks@1.1.1: %s", Files.readString(log)).isTrue();
        }
        runExample(List.of("node", NODE_EXAMPLE.toString()), Map.of("NODE_PATH", modules.resolve("node_modules").toString()));
    }

    @Test
    void thePythonExampleReceivesALiveHeraldsDeliveries() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on PATH");
        runExample(List.of("python3", PYTHON_EXAMPLE.toString()), Map.of());
    }

    /** Runs an example as its own process, reading "received TYPE ID" lines from its output. */
    private static void runExample(List<String> command, Map<String, String> env) throws Exception {
        Hook hook = Hook.create();
        int port = freePort();
        // its errors come with its output, not through the test JVM's own streams (see the npm install above)
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("HERALD_WEBHOOK_SECRET", hook.secret());
        builder.environment().put("PORT", String.valueOf(port));
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException e) {
                // the process ended
            }
        });
        try {
            await(() -> lines.contains("listening"), command + " prints listening");
            Pattern receivedLine = Pattern.compile("received \\S+ (dlv_\\S+)");
            exercise(hook, port, () -> lines.stream().map(receivedLine::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1)).toList());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(5));
        }
    }

    /** A webhook created before its receiver runs (the receiver needs its secret), then pointed at it. */
    record Hook(Api api, String id, String secret) {
        static Hook create() {
            Api api = herald.account("growth");
            String id = TestHerald.webhook(api, "http://127.0.0.1:9/unused", "[\"flag.created\",\"experiment.started\"]")
                    .text("id");
            return new Hook(api, id, api.get("/v1/webhooks/" + id + "/secret").text("secret"));
        }
    }

    /** Two deliveries verified and handled, a redelivery dropped as a duplicate, a forgery refused. */
    private static void exercise(Hook hook, int port, Supplier<List<String>> handled) throws Exception {
        String url = "http://127.0.0.1:" + port + "/webhooks/herald";
        assertThat(hook.api().patch("/v1/webhooks/" + hook.id(), "{\"url\":\"" + url + "\"}").status()).isEqualTo(200);
        hook.api().post("/v1/events", TestHerald.flagCreated("docs"));
        hook.api().post("/v1/events", "{\"type\":\"experiment.started\",\"data\":{\"experiment_id\":\"exp_1\","
                + "\"experiment_key\":\"checkout\",\"project\":\"web\",\"environment\":\"production\","
                + "\"from\":\"draft\",\"to\":\"running\"}}");
        await(() -> handled.get().size() >= 2, "two deliveries handled");
        JsonNode deliveries = hook.api().get("/v1/webhooks/" + hook.id() + "/deliveries").json().path("data");
        List<String> ids = new ArrayList<>();
        deliveries.forEach(d -> ids.add(d.path("id").asText()));
        assertThat(handled.get()).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            await(() -> hook.api().get("/v1/deliveries/" + id).text("status").equals("success"), id + " succeeds");
            assertThat(hook.api().get("/v1/deliveries/" + id).json().path("responseCode").asInt()).isEqualTo(204);
        }

        String first = ids.getFirst();
        String lastAttempt = hook.api().get("/v1/deliveries/" + first).text("lastAttemptAt");
        assertThat(hook.api().post("/v1/deliveries/" + first + "/redeliver", null).status()).isEqualTo(202);
        await(() -> {
            JsonNode again = hook.api().get("/v1/deliveries/" + first).json();
            return again.path("status").asText().equals("success") && !again.path("lastAttemptAt").asText().equals(lastAttempt);
        }, "the redelivery is answered 2xx");
        assertThat(handled.get()).hasSize(2);

        HttpRequest forged = HttpRequest.newBuilder(URI.create(url))
                .header("webhook-id", "dlv_forged")
                .header("webhook-timestamp", String.valueOf(System.currentTimeMillis() / 1000))
                .header("webhook-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"dlv_forged\",\"type\":\"flag.created\"}")).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(client.send(forged, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        }
        assertThat(handled.get()).hasSize(2);
    }

    /** The body of the only fenced block of {@code language} in {@code doc}. */
    private static String block(String doc, String language) {
        Matcher blocks = Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```$").matcher(doc);
        assertThat(blocks.find()).as("a ```%s block in %s", language, DOC).isTrue();
        String body = blocks.group(1);
        assertThat(blocks.find()).as("one ```%s block only", language).isFalse();
        return body;
    }

    private static void await(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Receiver.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
