package herald.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secret reveals and rotations, API keys and webhook changes are logged with actor and time, per tenant. */
@WithHerald
class AuditLogTest {

    private static TestHerald herald;

    private static Api namedKeyOf(Api anyKeyOfTheAccount, String accountId, String actor) {
        Api.Response key = herald.operator().post("/v1/accounts/" + accountId + "/api-keys",
                "{\"actor\":\"" + actor + "\"}");
        assertThat(key.status()).isEqualTo(201);
        return anyKeyOfTheAccount.as(key.text("apiKey"));
    }

    private static List<JsonNode> entries(Api api, String query) {
        Api.Response log = api.get("/v1/audit-log" + query);
        assertThat(log.status()).as(log.raw()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        log.json().path("data").forEach(entries::add);
        return entries;
    }

    @Test
    void everySecretRevealRotationKeyAndWebhookChangeIsLoggedWithActorAndTime() {
        Api.Response account = herald.operator().post("/v1/accounts", "{\"name\":\"Audited\",\"plan\":\"growth\"}");
        String accountId = account.text("id");
        Api alice = namedKeyOf(herald.operator().as(account.text("apiKey")), accountId, "alice@example.com");
        Instant before = Instant.now().minusSeconds(1);

        String id = TestHerald.webhook(alice, "https://example.com/a", "[\"*\"]").text("id");
        assertThat(alice.patch("/v1/webhooks/" + id, "{\"description\":\"orders\",\"rateLimit\":5}").status())
                .isEqualTo(200);
        String revealed = alice.get("/v1/webhooks/" + id + "/secret").text("secret");
        String rotated = alice.post("/v1/webhooks/" + id + "/secret/rotate", "{\"graceSeconds\":30}").text("secret");
        alice.post("/v1/webhooks/" + id + "/disable", "");
        alice.post("/v1/webhooks/" + id + "/enable", "");
        assertThat(alice.delete("/v1/webhooks/" + id).status()).isEqualTo(204);

        List<JsonNode> log = entries(alice, "?limit=500");
        assertThat(log).extracting(e -> e.path("action").asText()).containsExactly(
                "webhook.deleted", "webhook.enabled", "webhook.disabled", "webhook.secret.rotated",
                "webhook.secret.revealed", "webhook.updated", "webhook.created", "api_key.created", "api_key.created");
        assertThat(log.subList(0, 7)).allSatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("alice@example.com");
            assertThat(e.path("target").asText()).isEqualTo(id);
            assertThat(Instant.parse(e.path("at").asText())).isBetween(before, Instant.now().plusSeconds(1));
            assertThat(e.path("id").asText()).startsWith("aud_");
        });
        assertThat(log.subList(7, 9)).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo("operator"));
        assertThat(log.get(7).path("details").path("keyActor").asText()).isEqualTo("alice@example.com");
        assertThat(log.get(5).path("details").path("fields")).extracting(JsonNode::asText)
                .containsExactly("description", "rateLimit");
        assertThat(log.get(3).path("details").path("graceSeconds").asLong()).isEqualTo(30);
        String raw = alice.get("/v1/audit-log?limit=500").raw();
        assertThat(raw).doesNotContain(revealed).doesNotContain(rotated).doesNotContain("whsec_");

        assertThat(entries(alice, "?action=webhook.secret.revealed")).singleElement()
                .satisfies(e -> assertThat(e.path("target").asText()).isEqualTo(id));
    }

    @Test
    void aRefusedChangeIsNotLoggedAndAnotherTenantSeesNoneOfIt() {
        Api mine = herald.account("growth");
        Api theirs = herald.account("growth");
        String id = TestHerald.webhook(mine, "https://example.com/mine", "[\"*\"]").text("id");
        int logged = entries(mine, "?limit=500").size();

        assertThat(mine.patch("/v1/webhooks/" + id, "{\"url\":\"ftp://example.com/x\"}").status()).isEqualTo(422);
        assertThat(theirs.get("/v1/webhooks/" + id + "/secret").status()).isEqualTo(404);
        assertThat(theirs.post("/v1/webhooks/" + id + "/secret/rotate", "").status()).isEqualTo(404);
        assertThat(theirs.delete("/v1/webhooks/" + id).status()).isEqualTo(404);

        assertThat(entries(mine, "?limit=500")).hasSize(logged);
        assertThat(theirs.get("/v1/audit-log?limit=500").raw()).doesNotContain(id);
        assertThat(entries(theirs, "?limit=500")).extracting(e -> e.path("action").asText())
                .containsOnly("api_key.created");
    }

    @Test
    void theLogPagesByCursorAndNeedsAnAccountKey() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, "https://example.com/pages", "[\"*\"]").text("id");
        for (int i = 0; i < 3; i++) {
            api.get("/v1/webhooks/" + id + "/secret");
        }
        Api.Response first = api.get("/v1/audit-log?limit=2");
        Api.Response second = api.get("/v1/audit-log?limit=2&cursor=" + first.text("nextCursor"));

        assertThat(first.json().path("data")).hasSize(2);
        assertThat(second.json().path("data")).hasSize(2);
        assertThat(first.json().path("data").get(1).path("id").asText())
                .isGreaterThan(second.json().path("data").get(0).path("id").asText());
        assertThat(herald.operator().get("/v1/audit-log").status()).isEqualTo(403);
        assertThat(herald.anonymous().get("/v1/audit-log").status()).isEqualTo(401);
    }
}
