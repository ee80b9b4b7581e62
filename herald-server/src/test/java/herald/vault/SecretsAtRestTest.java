package herald.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import herald.Api;
import herald.App;
import herald.Main;
import herald.TestHerald;
import herald.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Signing secrets and custom header values are stored only as AES-GCM ciphertext, survive upgrades
 * and master key rotations.
 */
class SecretsAtRestTest {

    @Test
    void theDatabaseHoldsOnlyCiphertextAndNoFileOfTheDataDirectoryHoldsASecret() {
        try (TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            String id = TestHerald.webhook(api, "https://example.com/hook", "[\"*\"]").text("id");
            String first = api.get("/v1/webhooks/" + id + "/secret").text("secret");
            String second = api.post("/v1/webhooks/" + id + "/secret/rotate", "{\"graceSeconds\":60}").text("secret");

            List<String> stored = storedSecrets(herald, id);
            assertThat(stored).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("hv1:"));
            assertThat(String.join(" ", stored)).doesNotContain(first).doesNotContain(second).doesNotContain("whsec_");
            assertThat(api.get("/v1/webhooks/" + id + "/secret").text("secret")).isEqualTo(second);
            assertThat(filesContaining(herald.dataDir(), first, second)).isEmpty();
        }
    }

    @Test
    void customHeaderValuesAreStoredOnlyAsCiphertext() {
        try (TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            String id = withAuthHeader(api, "vwo-key-5d1e7b");
            // a PATCH seals afresh
            api.patch("/v1/webhooks/" + id, "{\"headers\":{\"x-vwo-auth\":\"vwo-key-8c2f40\"}}");

            assertThat(storedHeaders(herald, id)).startsWith("hv1:").doesNotContain("vwo-key").doesNotContain("x-vwo-auth");
            assertThat(api.get("/v1/webhooks/" + id + "/headers").json().path("headers").path("x-vwo-auth").asText())
                    .isEqualTo("vwo-key-8c2f40");
            assertThat(filesContaining(herald.dataDir(), "vwo-key-5d1e7b", "vwo-key-8c2f40")).isEmpty();
        }
    }

    @Test
    void plaintextHeadersOfAnEarlierVersionAreSealedAtStartAndStillRevealed() {
        TestHerald herald = TestHerald.start();
        Api api = herald.account("growth");
        String id = withAuthHeader(api, "sealed-later");
        herald.stopKeepingData();
        // what the previous version left: the headers in clear
        herald.sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhooks SET headers = ? WHERE id = ?")) {
                ps.setString(1, "{\"x-vwo-auth\":\"in-clear\"}");
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });

        try (TestHerald upgraded = herald.startAgain()) {
            assertThat(storedHeaders(upgraded, id)).startsWith("hv1:").doesNotContain("in-clear");
            assertThat(api.at(upgraded.app().baseUrl()).get("/v1/webhooks/" + id + "/headers").json()
                    .path("headers").path("x-vwo-auth").asText()).isEqualTo("in-clear");
        }
    }

    @Test
    void plaintextSecretsOfAnEarlierVersionAreSealedAtStartAndStillRevealed() {
        TestHerald herald = TestHerald.start();
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, "https://example.com/hook", "[\"*\"]").text("id");
        herald.stopKeepingData();
        String plaintext = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        // what the previous version left: the secret in clear
        herald.sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhooks SET secret = ? WHERE id = ?")) {
                ps.setString(1, plaintext);
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });

        try (TestHerald upgraded = herald.startAgain()) {
            assertThat(storedSecrets(upgraded, id)).singleElement().satisfies(s -> assertThat(s).startsWith("hv1:"));
            assertThat(api.at(upgraded.app().baseUrl()).get("/v1/webhooks/" + id + "/secret").text("secret"))
                    .isEqualTo(plaintext);
        }
    }

    @Test
    void rotatingTheMasterKeyReSealsEverySecretAndHeraldStartsWithTheNewKey() throws Exception {
        TestHerald herald = TestHerald.start();
        Api api = herald.account("growth");
        String id = withAuthHeader(api, "rotated-with-the-key");
        String secret = api.get("/v1/webhooks/" + id + "/secret").text("secret");
        String oldKeyId = storedSecrets(herald, id).getFirst().split(":")[1];
        herald.stopKeepingData();

        int exit = new CommandLine(new Main()).execute("rotate-master-key", "--data-dir", herald.dataDir().toString());

        assertThat(exit).isZero();
        String newKeyId = MasterKey.parse(Files.readString(herald.dataDir().resolve(KeyFiles.FILE))).id();
        assertThat(newKeyId).isNotEqualTo(oldKeyId);
        assertThat(Files.getPosixFilePermissions(herald.dataDir().resolve(KeyFiles.FILE)))
                .isEqualTo(KeyFiles.OWNER_ONLY);
        assertThat(storedSecrets(herald, id)).singleElement()
                .satisfies(s -> assertThat(s).startsWith("hv1:" + newKeyId + ":"));
        assertThat(storedHeaders(herald, id)).startsWith("hv1:" + newKeyId + ":");
        try (TestHerald again = herald.startAgain()) {
            Api restarted = api.at(again.app().baseUrl());
            assertThat(restarted.get("/v1/webhooks/" + id + "/secret").text("secret")).isEqualTo(secret);
            assertThat(restarted.get("/v1/webhooks/" + id + "/headers").json().path("headers").path("x-vwo-auth")
                    .asText()).isEqualTo("rotated-with-the-key");
        }
    }

    @Test
    void withAKeyFromTheEnvironmentRotationTakesTheNewKeyAndTheOldKeyNoLongerStartsHerald() {
        MasterKey first = MasterKey.generate();
        MasterKey second = MasterKey.generate();
        TestHerald herald = TestHerald.start(Map.of("HERALD_MASTER_KEY", first.encoded()));
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, "https://example.com/hook", "[\"*\"]").text("id");
        String secret = api.get("/v1/webhooks/" + id + "/secret").text("secret");
        herald.stopKeepingData();
        assertThat(Files.exists(herald.dataDir().resolve(KeyFiles.FILE))).isFalse();
        Config config = Config.load(Map.of("HERALD_MASTER_KEY", first.encoded(),
                "HERALD_DATA_DIR", herald.dataDir().toString()));

        assertThatThrownBy(() -> App.rotateMasterKey(config)).hasMessageContaining("--new-key");
        assertThat(App.rotateMasterKey(config, second.encoded())).isEqualTo(second.id());

        assertThatThrownBy(() -> herald.startAgain()).hasMessageContaining(second.id())
                .hasMessageNotContaining(secret);
        try (TestHerald again = herald.startAgain(Map.of("HERALD_MASTER_KEY", second.encoded()))) {
            assertThat(api.at(again.app().baseUrl()).get("/v1/webhooks/" + id + "/secret")
                    .text("secret")).isEqualTo(secret);
        }
    }

    @Test
    void theMasterKeyCannotBeRotatedUnderARunningHerald() {
        try (TestHerald herald = TestHerald.start()) {
            Config config = Config.load(Map.of("HERALD_DATA_DIR", herald.dataDir().toString()));

            assertThatThrownBy(() -> App.rotateMasterKey(config))
                    .hasMessageContaining("another Herald process");
            assertThat(Files.exists(herald.dataDir().resolve(KeyFiles.NEXT_FILE))).isFalse();
        }
    }

    static List<String> storedSecrets(TestHerald herald, String webhookId) {
        return herald.sql(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT secret, previous_secret FROM webhooks WHERE id = ?")) {
                ps.setString(1, webhookId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Stream.of(rs.getString(1), rs.getString(2)).filter(java.util.Objects::nonNull).toList();
                }
            }
        });
    }

    private static String withAuthHeader(Api api, String value) {
        Api.Response created = api.post("/v1/webhooks", "{\"url\":\"https://example.com/hook\",\"events\":[\"*\"],"
                + "\"headers\":{\"x-vwo-auth\":\"" + value + "\"}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    static String storedHeaders(TestHerald herald, String webhookId) {
        return herald.sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT headers FROM webhooks WHERE id = ?")) {
                ps.setString(1, webhookId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    private static List<Path> filesContaining(Path dir, String... secrets) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    return Stream.of(secrets).anyMatch(text::contains);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
