package herald.account;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** API keys are stored only as their SHA-256, and a key that differs in any way does not authenticate. */
class CredentialStorageTest {

    @Test
    void apiKeysAreStoredOnlyAsHashes() {
        try (TestHerald herald = TestHerald.start()) {
            Api.Response created = herald.operator().post("/v1/accounts", "{\"name\":\"Keys\",\"plan\":\"growth\"}");
            String first = created.text("apiKey");
            String second = herald.operator().post("/v1/accounts/" + created.text("id") + "/api-keys",
                    "{\"actor\":\"ci\"}").text("apiKey");

            List<String> stored = herald.sql(c -> {
                List<String> rows = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM api_keys")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            rows.add(String.valueOf(rs.getString(i)));
                        }
                    }
                }
                return rows;
            });
            assertThat(stored).contains(Secrets.hash(first), Secrets.hash(second));
            assertThat(String.join(" ", stored)).doesNotContain(first).doesNotContain(second)
                    .doesNotContain(first.substring(3, 20));
        }
    }

    @Test
    void aKeyThatDiffersInOneCharacterOrIsAPrefixIsRefused() {
        try (TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            String key = api.token();
            char last = key.charAt(key.length() - 1);
            String flipped = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');

            assertThat(api.get("/v1/webhooks").status()).isEqualTo(200);
            for (String wrong : List.of(flipped, key.substring(0, key.length() - 1), key + "A", key.toUpperCase(),
                    Secrets.hash(key))) {
                assertThat(api.as(wrong).get("/v1/webhooks").status()).as(wrong).isEqualTo(401);
            }
            assertThat(Secrets.hashMatches(TestHerald.OPERATOR_TOKEN, Secrets.hash(TestHerald.OPERATOR_TOKEN))).isTrue();
            assertThat(Secrets.hashMatches(TestHerald.OPERATOR_TOKEN + "x", Secrets.hash(TestHerald.OPERATOR_TOKEN)))
                    .isFalse();
        }
    }
}
