import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.App;
import herald.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Herald's bulk recovery benchmark. Makes a webhook whose receiver was down: `deliveries` dead
 * deliveries written straight into the embedded database (Herald stopped meanwhile, so its data
 * directory is free), the webhook disabled so that nothing is sent and only the requeueing is timed.
 * Then one POST /v1/webhooks/{id}/recover over the whole window, timed. bench/run gives it a heap of
 * 96 MiB, less than a million deliveries' ids alone would take: it completes only because a recovery
 * holds one batch at a time.
 * Usage: bench/run recovery [deliveries=1000000]
 */
public class RecoveryBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dataDir = Files.createTempDirectory("herald-recovery-bench");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HERALD_OPERATOR_TOKEN", "hop_bench");
        env.put("HERALD_ALLOW_PRIVATE_TARGETS", "true");
        env.put("HERALD_PORT", "0");
        env.put("HERALD_DATA_DIR", dataDir.toString());
        Config config = Config.load(env);
        String key;
        String accountId;
        String webhookId;
        try (App app = App.start(config, Clock.systemUTC())) {
            JsonNode account = call(app, "hop_bench", "/v1/accounts", "{\"name\":\"bench\",\"plan\":\"growth\"}");
            key = account.path("apiKey").asText();
            accountId = account.path("id").asText();
            webhookId = call(app, key, "/v1/webhooks",
                    "{\"url\":\"http://127.0.0.1:9/down\",\"events\":[\"flag.created\"]}").path("id").asText();
            call(app, key, "/v1/webhooks/" + webhookId + "/disable", "");
        }
        long insertStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("herald.db"))) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO deliveries (id, account_id, webhook_id,"
                    + " event_id, event_type, status, held, attempts, round_start, lease, created_at)"
                    + " VALUES (?, ?, ?, 'evt_bench', 'flag.created', 'dead', 0, 5, 0, 0, ?)")) {
                long dayAgo = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
                for (int i = 0; i < count; i++) {
                    ps.setString(1, String.format("dlv_%026d", i)); // in creation order, like real ids
                    ps.setString(2, accountId);
                    ps.setString(3, webhookId);
                    ps.setLong(4, dayAgo + i * (Duration.ofDays(1).toMillis() / count));
                    ps.addBatch();
                    if (i % 10_000 == 9_999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        System.out.printf("%,d dead deliveries written in %.1f s%n", count, (System.nanoTime() - insertStart) / 1e9);

        try (App app = App.start(config, Clock.systemUTC())) {
            long start = System.nanoTime();
            JsonNode recovered = call(app, key, "/v1/webhooks/" + webhookId + "/recover",
                    "{\"since\":\"" + java.time.Instant.now().minus(Duration.ofDays(2)) + "\"}");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("recovered %,d in %.1f s (%,.0f deliveries/s) within a heap of %d MiB%n",
                    recovered.path("count").asLong(), seconds, recovered.path("count").asLong() / seconds,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** A POST that must succeed; the recovery itself may take minutes, so no client timeout. */
    static JsonNode call(App app, String token, String path, String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }
}
