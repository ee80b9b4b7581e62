package herald;

import static org.assertj.core.api.Assertions.assertThat;

import herald.config.Config;
import herald.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorTokenTest {

    @Test
    void withoutAConfiguredTokenOneIsGeneratedShownOnceAndStoredOnlyAsAHash(@TempDir Path dir) throws Exception {
        Config config = Config.load(Map.of("HERALD_DURABLE_COMMITS", "false", "HERALD_PORT", "0",
                "HERALD_DATA_DIR", dir.toString()));
        String token;
        try (App first = App.start(config, Clock.systemUTC())) {
            token = first.generatedOperatorToken().orElseThrow();
            assertThat(new Api(first.baseUrl(), token).get("/v1/accounts").status()).isEqualTo(200);
        }
        try (App second = App.start(config, Clock.systemUTC())) {
            assertThat(second.generatedOperatorToken()).as("shown only on the first start").isEmpty();
            assertThat(new Api(second.baseUrl(), token).get("/v1/accounts").status()).isEqualTo(200);
            assertThat(new Api(second.baseUrl(), token + "x").get("/v1/accounts").status()).isEqualTo(401);
        }
        try (Database db = Database.openEmbedded(dir.resolve("herald.db"), false)) {
            String stored = db.read(tx -> tx.one("SELECT value FROM settings WHERE name = 'operator_token_sha256'",
                    rs -> rs.getString(1))).orElseThrow();
            assertThat(stored).doesNotContain(token).matches("[0-9a-f]{64}");
        }
        assertThat(Files.readString(dir.resolve("herald.db"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(token);
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryIsRefused(@TempDir Path dir) throws Exception {
        Config config = Config.load(Map.of("HERALD_OPERATOR_TOKEN", "t", "HERALD_PORT", "0",
                "HERALD_DATA_DIR", dir.toString()));
        try (App first = App.start(config, Clock.systemUTC())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> App.start(config, Clock.systemUTC()))
                    .hasMessageContaining("another Herald process");
            assertThat(new Api(first.baseUrl(), "t").get("/healthz").status()).isEqualTo(200);
        }
    }
}
