package herald.webhook;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Custom headers end to end: their values (often credentials, as VWO's {@code x-vwo-auth}) are
 * masked in every view, revealed only through the audited route, kept when the mask is sent back,
 * and sent to the receiver in clear.
 */
@WithHerald
class CustomHeadersTest {

    private static final String KEY = "vwo-key-3f9a1c";
    private static final String MASK = CustomHeaders.MASK;

    private static TestHerald herald;
    private static Receiver receiver;


    private static String create(Api api, String path, String headersJson) {
        Api.Response created = api.post("/v1/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"events\":[\"flag.created\"],\"headers\":" + headersJson + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain(KEY);
        return created.text("id");
    }

    @Test
    void createListAndGetShowHeaderNamesWithMaskedValuesAndOnlyTheAuditedRevealShowsThem() {
        Api api = herald.account("growth");
        String id = create(api, "/masked", "{\"x-vwo-auth\":\"" + KEY + "\",\"X-Team\":\"growth\"}");

        Api.Response got = api.get("/v1/webhooks/" + id);
        Api.Response listed = api.get("/v1/webhooks");

        assertThat(got.json().path("headers").properties()).extracting(Map.Entry::getKey)
                .containsExactly("X-Team", "x-vwo-auth");
        assertThat(got.json().path("headers").path("x-vwo-auth").asText()).isEqualTo(MASK);
        assertThat(got.json().path("headers").path("X-Team").asText()).isEqualTo(MASK);
        assertThat(got.raw()).doesNotContain(KEY).doesNotContain("growth\"");
        assertThat(listed.json().path("data").get(0).path("headers").path("x-vwo-auth").asText()).isEqualTo(MASK);
        assertThat(listed.raw()).doesNotContain(KEY);

        Api.Response revealed = api.get("/v1/webhooks/" + id + "/headers");

        assertThat(revealed.status()).as(revealed.raw()).isEqualTo(200);
        assertThat(revealed.json().path("headers").path("x-vwo-auth").asText()).isEqualTo(KEY);
        assertThat(revealed.json().path("headers").path("X-Team").asText()).isEqualTo("growth");
        Api.Response log = api.get("/v1/audit-log?action=webhook.headers.revealed");
        assertThat(log.json().path("data")).singleElement().satisfies(entry -> {
            assertThat(entry.path("target").asText()).isEqualTo(id);
            assertThat(entry.path("details").path("names").toString()).isEqualTo("[\"X-Team\",\"x-vwo-auth\"]");
        });
        assertThat(api.get("/v1/audit-log?limit=500").raw()).doesNotContain(KEY);
    }

    @Test
    void aMaskedValueSentBackKeepsTheRealOneAndTheReceiverGetsIt() {
        Api api = herald.account("growth");
        String id = create(api, "/kept", "{\"x-vwo-auth\":\"" + KEY + "\",\"X-Team\":\"growth\",\"X-Old\":\"gone\"}");
        JsonNode shown = api.get("/v1/webhooks/" + id).json().path("headers");

        // What a client read, with one header changed, one left out and the auth header's mask sent back as read.
        Api.Response patched = api.patch("/v1/webhooks/" + id, "{\"headers\":{\"X-VWO-Auth\":\"" + shown.path("x-vwo-auth")
                .asText() + "\",\"X-Team\":\"payments\"}}");

        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.json().path("headers").properties()).extracting(Map.Entry::getKey)
                .containsExactly("X-Team", "X-VWO-Auth");
        JsonNode revealed = api.get("/v1/webhooks/" + id + "/headers").json().path("headers");
        assertThat(revealed.path("X-VWO-Auth").asText()).as("the mask keeps the value, the name as sent").isEqualTo(KEY);
        assertThat(revealed.path("X-Team").asText()).isEqualTo("payments");
        assertThat(revealed.has("X-Old")).as("left out, so removed").isFalse();

        api.post("/v1/events", TestHerald.flagCreated("kept"));
        Receiver.Request request = receiver.await("/kept", 1).getFirst();
        assertThat(request.header("x-vwo-auth")).isEqualTo(KEY);
        assertThat(request.header("x-team")).isEqualTo("payments");
        assertThat(request.header("x-old")).isNull();

        Api.Response unrelated = api.patch("/v1/webhooks/" + id, "{\"description\":\"headers untouched\"}");
        assertThat(unrelated.status()).isEqualTo(200);
        assertThat(api.get("/v1/webhooks/" + id + "/headers").json().path("headers").path("X-VWO-Auth").asText())
                .isEqualTo(KEY);
    }

    @Test
    void theMaskForAHeaderTheWebhookDoesNotHaveOrOneNameTwiceIs422AndChangesNothing() {
        Api api = herald.account("growth");

        assertError(api.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/none") + "\",\"events\":[\"*\"],"
                + "\"headers\":{\"x-vwo-auth\":\"" + MASK + "\"}}"), 422, "invalid_headers", "headers.x-vwo-auth");
        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();

        assertThat(api.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/none") + "\",\"events\":[\"*\"],"
                + "\"headers\":{\"x-vwo-auth\":\"a\",\"X-VWO-Auth\":\"b\"}}").errorCode()).isEqualTo("invalid_headers");
        String id = create(api, "/unchanged", "{\"x-vwo-auth\":\"" + KEY + "\"}");
        assertError(api.patch("/v1/webhooks/" + id, "{\"headers\":{\"x-vwo-auth\":\"" + MASK + "\",\"X-Api-Key\":\""
                + MASK + "\"}}"), 422, "invalid_headers", "headers.X-Api-Key");
        assertThat(api.get("/v1/webhooks/" + id + "/headers").json().path("headers").toString())
                .isEqualTo("{\"x-vwo-auth\":\"" + KEY + "\"}");
    }

    @Test
    void revealingHeadersNeedsTheWebhooksAccountAndAPlanWithWebhooks() {
        Api owner = herald.account("growth");
        String id = create(owner, "/owned", "{\"x-vwo-auth\":\"" + KEY + "\"}");

        Api.Response foreign = herald.account("growth").get("/v1/webhooks/" + id + "/headers");
        assertError(foreign, 404, "not_found");
        assertThat(foreign.raw()).doesNotContain(KEY);
        assertError(herald.account("free").get("/v1/webhooks/" + id + "/headers"), 403, "plan_required");
    }
}
