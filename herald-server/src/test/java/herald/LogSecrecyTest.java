package herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing secret reaches the log: not API keys, the operator token, signing secrets (revealed,
 * rotated, used to sign failing deliveries) or the master key, even when deliveries fail and a
 * webhook is disabled. And the development switch that lifts the address policy says so in the log.
 */
class LogSecrecyTest {

    @Test
    void theLogNamesNoSecretAndWarnsWhenPrivateTargetsAreAllowed() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String apiKey;
        String secret;
        String rotated;
        String masterKey;
        try (Receiver receiver = new Receiver();
             TestHerald herald = TestHerald.start(Map.of("HERALD_RETRY_SCHEDULE", "0s"))) {
            Api api = herald.account("growth");
            apiKey = api.token();
            receiver.reply("/down", r -> Receiver.Reply.status(500));
            String id = TestHerald.webhook(api, receiver.url("/down"), "[\"*\"]").text("id");
            secret = api.get("/v1/webhooks/" + id + "/secret").text("secret");
            rotated = api.post("/v1/webhooks/" + id + "/secret/rotate", "{\"graceSeconds\":60}").text("secret");
            for (int i = 0; i < 20; i++) {
                api.post("/v1/events", TestHerald.flagCreated("f" + i));
            }
            receiver.await("/down", 20);
            api.post("/v1/events", "{\"type\":\"flag.created\",\"data\":\"" + apiKey + "\"}"); // refused
            api.as(apiKey + "x").get("/v1/webhooks"); // a wrong key
            Path keyFile = herald.dataDir().resolve("master.key"); // on PostgreSQL the key comes from the environment
            masterKey = Files.exists(keyFile) ? Files.readString(keyFile).strip() : TestPostgres.MASTER_KEY;
            waitUntil(() -> !api.get("/v1/webhooks/" + id).json().path("enabled").asBoolean());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(log).contains("HERALD_ALLOW_PRIVATE_TARGETS=true").contains("development")
                .contains("disabled after 20 consecutive failed attempts");
        assertThat(log).doesNotContain(apiKey).doesNotContain(secret).doesNotContain(rotated)
                .doesNotContain(masterKey).doesNotContain(TestHerald.OPERATOR_TOKEN).doesNotContain("whsec_");
    }

    /** Polls a condition for up to 15 s. */
    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Receiver.sleep(50);
        }
    }
}
