package herald.settings;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import herald.account.Secrets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Read-only settings keys over HTTP: an account makes one for a project environment, an SDK reads that
 * environment's settings document with it, and a revoked key reads nothing more. Which routes refuse a
 * settings key is {@code http.TenantIsolationTest}'s.
 */
@WithHerald
class SettingsKeysTest {

    private static TestHerald herald;

    /** An account with project {@code web}; returns the path of its production environment. */
    private static String environment(Api api) {
        Api.Response project = api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        assertThat(project.status()).as(project.raw()).isEqualTo(201);
        return "/v1/projects/" + project.text("id") + "/environments/production";
    }

    @Test
    void aKeyMadeForAnEnvironmentReadsItsDocumentUntilItIsRevoked() {
        Api api = herald.account("free"); // the document is no webhook: every plan reads it
        String environment = environment(api);

        Api.Response created = api.post(environment + "/settings-keys", "{\"description\":\"iOS app\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode key = created.json();
        assertThat(key.path("id").asText()).matches("sk_[0-9A-Z]{26}");
        assertThat(key.path("key").asText()).matches("hsk_[A-Za-z0-9_-]{43}");
        assertThat(key.path("environment").asText()).isEqualTo("production");
        assertThat(key.path("description").asText()).isEqualTo("iOS app");

        Api sdk = api.as(key.path("key").asText());
        Api.Response read = sdk.get(environment + "/settings");
        assertThat(read.status()).as(read.raw()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(api.get(environment + "/settings").json());

        Api.Response listed = api.get(environment + "/settings-keys");
        assertThat(listed.json().path("data")).hasSize(1);
        assertThat(listed.json().path("data").get(0).path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(listed.raw()).as("the key is shown once").doesNotContain(key.path("key").asText());

        assertThat(api.delete("/v1/settings-keys/" + key.path("id").asText()).status()).isEqualTo(204);
        assertError(sdk.get(environment + "/settings"), 401, "invalid_token");
        assertError(api.delete("/v1/settings-keys/" + key.path("id").asText()), 404, "not_found");
        assertThat(api.get(environment + "/settings-keys").json().path("data")).isEmpty();
        assertThat(api.get("/v1/audit-log").raw()).contains("settings_key.created", "settings_key.revoked");
    }

    @Test
    void settingsKeysAreStoredOnlyAsHashes() {
        Api api = herald.account("growth");
        String environment = environment(api);
        String key = api.post(environment + "/settings-keys", null).text("key");

        List<String> stored = herald.sql(c -> {
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM settings_keys")) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        rows.add(String.valueOf(rs.getString(i)));
                    }
                }
            }
            return rows;
        });
        assertThat(stored).contains(Secrets.hash(key));
        assertThat(String.join(" ", stored)).doesNotContain(key).doesNotContain(key.substring(4, 20));
    }

    @Test
    void aKeyForAnUnknownEnvironmentOrByTheOperatorOrAnotherSettingsKeyIsRefused() {
        Api api = herald.account("growth");
        String environment = environment(api);
        assertError(api.post(environment.replace("/production", "/nope") + "/settings-keys", null), 404, "not_found");
        assertError(herald.operator().post(environment + "/settings-keys", null), 403, "account_key_required");
        Api sdk = api.as(api.post(environment + "/settings-keys", null).text("key"));
        assertError(sdk.post(environment + "/settings-keys", null), 403, "settings_key_read_only");
        assertError(api.post(environment + "/settings-keys", "{\"description\":7}"), 400, "invalid_field");
    }
}
