package herald.webhook;

import static herald.ApiAssertions.assertError;
import static herald.ApiAssertions.awaitResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /v1/webhooks} over HTTP against a running Herald (contract sections 2 to 4). */
@WithHerald
class WebhookApiTest {

    private static final String SECRET_PATTERN = "^whsec_[A-Za-z0-9+/]+=*$";
    private static final String UNKNOWN_ID = "wh_01JD0000000000000000000000";

    private static TestHerald herald;
    private static Receiver receiver;

    private static String hookUrl() {
        return receiver.url("/hook");
    }

    private static Api.Response createFull(Api api, String url) {
        return api.post("/v1/webhooks", """
                {"url":"%s","description":"Orders to the warehouse","events":["experiment.started","flag.created"],
                 "projects":["web-store"],"environments":["production","staging"],"format":"native",
                 "headers":{"x-vwo-auth":"static-key"}}""".formatted(url));
    }

    // --- create, read, update, delete

    @Test
    void createAnswers201WithEveryContractFieldAndNoSecret() {
        Api api = herald.account("growth");

        Api.Response created = createFull(api, hookUrl());

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode w = created.json();
        assertThat(w.path("id").asText()).matches("wh_[0-9A-Z]{26}");
        assertThat(w.path("url").asText()).isEqualTo(hookUrl());
        assertThat(w.path("description").asText()).isEqualTo("Orders to the warehouse");
        assertThat(strings(w.path("events"))).containsExactly("experiment.started", "flag.created");
        assertThat(strings(w.path("projects"))).containsExactly("web-store");
        assertThat(strings(w.path("environments"))).containsExactly("production", "staging");
        assertThat(w.path("format").asText()).isEqualTo("native");
        assertThat(w.path("enabled").isBoolean()).isTrue();
        assertThat(w.path("enabled").booleanValue()).isTrue();
        assertThat(w.path("consecutiveFailures").isInt()).isTrue();
        assertThat(w.path("consecutiveFailures").intValue()).isZero();
        assertThat(Instant.parse(w.path("createdAt").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(w.path("createdAt").asText()).endsWith("Z");
        assertThat(w.path("headers").path("x-vwo-auth").asText()).isEqualTo(CustomHeaders.MASK);
        assertThat(created.raw()).doesNotContain("static-key");
        assertNoSecret(created, api);
    }

    @Test
    void optionalFieldsDefaultToNoFilterAndTheNativeFormat() {
        Api api = herald.account("growth");

        Api.Response created = TestHerald.webhook(api, hookUrl(), "[\"*\"]");

        JsonNode w = created.json();
        assertThat(strings(w.path("events"))).containsExactly("*");
        assertThat(w.path("projects").isArray()).isTrue();
        assertThat(w.path("projects")).isEmpty();
        assertThat(w.path("environments").isArray()).isTrue();
        assertThat(w.path("environments")).isEmpty();
        assertThat(w.path("format").asText()).isEqualTo("native");
        assertThat(w.path("enabled").booleanValue()).isTrue();
        assertThat(w.has("description")).isTrue();
    }

    @Test
    void getShowsTheWebhookAsCreatedAndNeverItsSecret() {
        Api api = herald.account("growth");
        Api.Response created = createFull(api, hookUrl());
        String id = created.text("id");

        Api.Response fetched = api.get("/v1/webhooks/" + id);

        assertThat(fetched.status()).as(fetched.raw()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(created.json());
        assertNoSecret(fetched, api);
        Api.Response listed = api.get("/v1/webhooks");
        assertThat(listed.json().path("data")).hasSize(1);
        assertThat(listed.json().path("data").get(0)).isEqualTo(created.json());
        assertNoSecret(listed, api);
    }

    @Test
    void patchChangesOnlyTheFieldsItGives() {
        Api api = herald.account("growth");
        Api.Response created = createFull(api, hookUrl());
        String id = created.text("id");

        Api.Response patched = api.patch("/v1/webhooks/" + id, "{\"description\":\"Renamed\"}");

        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.text("description")).isEqualTo("Renamed");
        assertThat(withoutFields(patched.json(), "description", "updatedAt"))
                .isEqualTo(withoutFields(created.json(), "description", "updatedAt"));

        Api.Response second = api.patch("/v1/webhooks/" + id,
                "{\"events\":[\"flag.removed\"],\"url\":\"" + receiver.url("/other") + "\"}");
        assertThat(second.status()).as(second.raw()).isEqualTo(200);
        assertThat(strings(second.json().path("events"))).containsExactly("flag.removed");
        assertThat(second.text("url")).isEqualTo(receiver.url("/other"));
        assertThat(withoutFields(second.json(), "events", "url", "updatedAt"))
                .isEqualTo(withoutFields(patched.json(), "events", "url", "updatedAt"));

        assertThat(api.get("/v1/webhooks/" + id).json()).isEqualTo(second.json());
        assertNoSecret(second, api);
    }

    @Test
    void anEmptyPatchChangesNothing() {
        Api api = herald.account("growth");
        Api.Response created = createFull(api, hookUrl());
        String id = created.text("id");

        Api.Response patched = api.patch("/v1/webhooks/" + id, "{}");

        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(withoutFields(patched.json(), "updatedAt")).isEqualTo(withoutFields(created.json(), "updatedAt"));
    }

    @Test
    void anInvalidPatchIsRefusedAndChangesNothing() {
        Api api = herald.account("growth");
        Api.Response created = createFull(api, hookUrl());
        String id = created.text("id");

        assertError(api.patch("/v1/webhooks/" + id, "{\"description\":\"x\",\"events\":[\"no.such.event\"]}"),
                422, "unknown_event_type", "events[0]");
        assertError(api.patch("/v1/webhooks/" + id, "{\"description\":\"x\",\"enabled\":false}"),
                400, "unknown_field", "enabled");
        assertError(api.patch("/v1/webhooks/" + id, "{\"description\":\"x\",\"events\":[]}"), 422, "invalid_events",
                "events");

        assertThat(api.get("/v1/webhooks/" + id).json()).isEqualTo(created.json());
    }

    @Test
    void deleteAnswers204AndTheWebhookIsThenGone() {
        Api api = herald.account("growth");
        String id = createFull(api, hookUrl()).text("id");

        Api.Response deleted = api.delete("/v1/webhooks/" + id);

        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
        assertThat(deleted.raw()).isEmpty();
        assertError(api.get("/v1/webhooks/" + id), 404, "not_found");
        assertError(api.delete("/v1/webhooks/" + id), 404, "not_found");
        assertError(api.get("/v1/webhooks/" + id + "/secret"), 404, "not_found");
        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @Test
    void listsPageWithLimitAndCursorUntilTheCursorIsNull() {
        Api api = herald.account("growth");
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            made.add(TestHerald.webhook(api, receiver.url("/page-" + i), "[\"*\"]").text("id"));
        }

        List<Integer> sizes = new ArrayList<>();
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/v1/webhooks?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            assertThat(page.json().has("nextCursor")).isTrue();
            page.json().path("data").forEach(w -> walked.add(w.path("id").asText()));
            sizes.add(page.json().path("data").size());
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
            assertThat(sizes.size()).as("pagination ends").isLessThan(10);
        } while (cursor != null);

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(made);
        Api.Response all = api.get("/v1/webhooks?limit=5");
        assertThat(all.json().path("data")).hasSize(5);
        assertThat(all.json().path("nextCursor").isNull()).as(all.raw()).isTrue();
    }

    // --- plan gate

    @Test
    void onTheFreePlanEveryWebhookEndpointButTheHistoryAnswersPlanRequired() {
        Api.Response account = herald.operator().post("/v1/accounts", "{\"name\":\"Downgraded\",\"plan\":\"growth\"}");
        Api api = herald.operator().as(account.text("apiKey"));
        String id = TestHerald.webhook(api, hookUrl(), "[\"*\"]").text("id");
        String secret = api.get("/v1/webhooks/" + id + "/secret").text("secret");
        String deliveryId = api.post("/v1/webhooks/" + id + "/test", null).text("deliveryId");
        assertThat(herald.operator().patch("/v1/accounts/" + account.text("id"), "{\"plan\":\"free\"}").status())
                .isEqualTo(200);

        for (String webhookId : List.of(id, UNKNOWN_ID)) {
            for (Function<Api, Api.Response> call : webhookRoutesButHistory(webhookId)) {
                assertError(call.apply(api), 403, "plan_required");
            }
        }
        assertError(api.post("/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"]}"), 403,
                "plan_required");
        assertError(api.get("/v1/webhooks"), 403, "plan_required");
        assertError(api.post("/v1/deliveries/" + deliveryId + "/redeliver", null), 403, "plan_required");
        // The history stays readable, so that the account sees why its deliveries wait.
        assertThat(api.get("/v1/deliveries/" + deliveryId).status()).isEqualTo(200);
        assertThat(api.get("/v1/webhooks/" + id + "/deliveries").json().path("data")).hasSize(1);
        assertError(api.get("/v1/webhooks/" + UNKNOWN_ID + "/deliveries"), 404, "not_found");

        Api fresh = herald.account("free");
        assertError(fresh.post("/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"]}"), 403,
                "plan_required");
        assertError(fresh.get("/v1/webhooks"), 403, "plan_required");

        herald.operator().patch("/v1/accounts/" + account.text("id"), "{\"plan\":\"growth\"}");
        Api.Response after = api.get("/v1/webhooks/" + id);
        assertThat(after.status()).as("nothing was changed while refused").isEqualTo(200);
        assertThat(after.json().path("enabled").booleanValue()).isTrue();
        assertThat(api.get("/v1/webhooks/" + id + "/secret").text("secret")).isEqualTo(secret);
        assertThat(api.get("/v1/webhooks").json().path("data")).hasSize(1);
    }

    // --- tenant isolation

    @Test
    void anotherAccountsWebhookIsNotFoundOnEveryRouteAndNeverListed() {
        Api owner = herald.account("growth");
        Api other = herald.account("growth");
        Api.Response created = createFull(owner, hookUrl());
        String id = created.text("id");
        String secret = owner.get("/v1/webhooks/" + id + "/secret").text("secret");
        TestHerald.webhook(other, hookUrl(), "[\"*\"]");

        for (Function<Api, Api.Response> call : everyWebhookRoute(id)) {
            Api.Response foreign = call.apply(other);
            assertError(foreign, 404, "not_found");
            assertThat(foreign.raw()).doesNotContain(secret);
        }
        for (Function<Api, Api.Response> call : everyWebhookRoute(UNKNOWN_ID)) {
            assertError(call.apply(other), 404, "not_found");
        }
        Api.Response listed = other.get("/v1/webhooks?limit=500");
        assertThat(listed.json().path("data")).hasSize(1);
        assertThat(listed.raw()).doesNotContain(id);

        Api.Response still = owner.get("/v1/webhooks/" + id);
        assertThat(still.json()).as("the owner's webhook is untouched").isEqualTo(created.json());
        assertThat(owner.get("/v1/webhooks/" + id + "/secret").text("secret")).isEqualTo(secret);
        assertThat(owner.get("/v1/webhooks/" + id + "/deliveries").json().path("data"))
                .as("the other account's test call made no delivery").isEmpty();

        String deliveryId = owner.post("/v1/webhooks/" + id + "/test", null).text("deliveryId");
        assertError(other.get("/v1/deliveries/" + deliveryId), 404, "not_found");
        assertError(other.post("/v1/deliveries/" + deliveryId + "/redeliver", null), 404, "not_found");
        assertThat(owner.get("/v1/deliveries/" + deliveryId).status()).isEqualTo(200);
    }

    /** Every route that takes a webhook id, each with a body it would accept for the right caller. */
    private static List<Function<Api, Api.Response>> everyWebhookRoute(String id) {
        List<Function<Api, Api.Response>> routes = new ArrayList<>(webhookRoutesButHistory(id));
        routes.add(api -> api.get("/v1/webhooks/" + id + "/deliveries"));
        return routes;
    }

    private static List<Function<Api, Api.Response>> webhookRoutesButHistory(String id) {
        String path = "/v1/webhooks/" + id;
        return List.of(
                api -> api.get(path),
                api -> api.get(path + "/headers"),
                api -> api.patch(path, "{\"description\":\"taken over\"}"),
                api -> api.delete(path),
                api -> api.get(path + "/secret"),
                api -> api.post(path + "/secret/rotate", null),
                api -> api.post(path + "/secret/rotate", "{\"graceSeconds\":60}"),
                api -> api.post(path + "/enable", null),
                api -> api.post(path + "/disable", null),
                api -> api.post(path + "/test", null));
    }

    // --- secrets

    @Test
    void theRevealedSecretIsStandardWebhooksBase64Of24To64Bytes() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, hookUrl(), "[\"*\"]").text("id");

        Api.Response revealed = api.get("/v1/webhooks/" + id + "/secret");

        assertThat(revealed.status()).as(revealed.raw()).isEqualTo(200);
        String secret = revealed.text("secret");
        assertThat(secret).matches(SECRET_PATTERN);
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length())).length).isBetween(24, 64);
        assertThat(api.get("/v1/webhooks/" + id + "/secret").text("secret")).as("reveal is stable").isEqualTo(secret);
    }

    @Test
    void everyWebhookHasItsOwnSecret() {
        Api api = herald.account("growth");
        String first = TestHerald.webhook(api, hookUrl(), "[\"*\"]").text("id");
        String second = TestHerald.webhook(api, hookUrl(), "[\"*\"]").text("id");

        assertThat(api.get("/v1/webhooks/" + first + "/secret").text("secret"))
                .isNotEqualTo(api.get("/v1/webhooks/" + second + "/secret").text("secret"));
    }

    @Test
    void rotateReturnsANewSecretWhichRevealThenShows() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, hookUrl(), "[\"*\"]").text("id");
        String old = api.get("/v1/webhooks/" + id + "/secret").text("secret");

        Api.Response rotated = api.post("/v1/webhooks/" + id + "/secret/rotate", null);

        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        String fresh = rotated.text("secret");
        assertThat(fresh).matches(SECRET_PATTERN).isNotEqualTo(old);
        assertThat(Base64.getDecoder().decode(fresh.substring("whsec_".length())).length).isBetween(24, 64);
        assertThat(api.get("/v1/webhooks/" + id + "/secret").text("secret")).isEqualTo(fresh);

        Api.Response withGrace = api.post("/v1/webhooks/" + id + "/secret/rotate", "{\"graceSeconds\":3600}");
        assertThat(withGrace.status()).as(withGrace.raw()).isEqualTo(200);
        assertThat(withGrace.text("secret")).matches(SECRET_PATTERN).isNotEqualTo(fresh).isNotEqualTo(old);
        assertThat(api.get("/v1/webhooks/" + id + "/secret").text("secret")).isEqualTo(withGrace.text("secret"));
        assertNoSecret(api.get("/v1/webhooks/" + id), api);
    }

    @Test
    void rotateWithAGracePeriodOutOfRangeIsRefusedAndKeepsTheSecret() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, hookUrl(), "[\"*\"]").text("id");
        String secret = api.get("/v1/webhooks/" + id + "/secret").text("secret");
        String rotate = "/v1/webhooks/" + id + "/secret/rotate";

        assertError(api.post(rotate, "{\"graceSeconds\":-1}"), 422, "invalid_grace", "graceSeconds");
        assertError(api.post(rotate, "{\"graceSeconds\":" + (Webhooks.MAX_GRACE_SECONDS + 1) + "}"), 422,
                "invalid_grace", "graceSeconds");
        assertError(api.post(rotate, "{\"graceSeconds\":99999999999999}"), 422, "invalid_grace", "graceSeconds");
        assertError(api.post(rotate, "{\"graceSeconds\":\"soon\"}"), 400, "invalid_field", "graceSeconds");
        assertError(api.post(rotate, "{\"graceSeconds\":1.5}"), 400, "invalid_field", "graceSeconds");

        assertThat(api.get("/v1/webhooks/" + id + "/secret").text("secret")).isEqualTo(secret);
        assertThat(api.post(rotate, "{\"graceSeconds\":" + Webhooks.MAX_GRACE_SECONDS + "}").status()).isEqualTo(200);
    }

    // --- enable, disable, test

    @Test
    void disableSetsEnabledFalseAndEnableResetsConsecutiveFailures() {
        Api api = herald.account("growth");
        receiver.reply("/failing", request -> Receiver.Reply.status(500));
        String id = TestHerald.webhook(api, receiver.url("/failing"), "[\"*\"]").text("id");
        Api.Response ping = api.post("/v1/webhooks/" + id + "/test", null);
        assertThat(ping.status()).as(ping.raw()).isEqualTo(202);
        String deliveryId = ping.text("deliveryId");
        assertThat(deliveryId).startsWith("dlv_");

        // every attempt (five in all) fails; once the delivery is dead, nothing else touches the counter
        awaitResponse(() -> api.get("/v1/deliveries/" + deliveryId), r -> r.text("status").equals("dead"),
                Duration.ofSeconds(20));
        Api.Response failing = api.get("/v1/webhooks/" + id);
        assertThat(failing.json().path("consecutiveFailures").intValue()).isEqualTo(5);
        assertThat(failing.json().path("enabled").booleanValue()).isTrue();

        Api.Response disabled = api.post("/v1/webhooks/" + id + "/disable", null);
        assertThat(disabled.status()).as(disabled.raw()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").booleanValue()).isFalse();
        assertThat(disabled.json().path("consecutiveFailures").intValue()).isEqualTo(5);
        assertThat(api.get("/v1/webhooks/" + id).json().path("enabled").booleanValue()).isFalse();

        Api.Response enabled = api.post("/v1/webhooks/" + id + "/enable", null);
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        assertThat(enabled.json().path("enabled").booleanValue()).isTrue();
        assertThat(enabled.json().path("consecutiveFailures").intValue()).isZero();
        Api.Response after = api.get("/v1/webhooks/" + id);
        assertThat(after.json().path("enabled").booleanValue()).isTrue();
        assertThat(after.json().path("consecutiveFailures").intValue()).isZero();
    }

    @Test
    void enableAndDisableAreIdempotent() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, hookUrl(), "[\"*\"]").text("id");

        assertThat(api.post("/v1/webhooks/" + id + "/enable", null).json().path("enabled").booleanValue()).isTrue();
        assertThat(api.post("/v1/webhooks/" + id + "/disable", null).json().path("enabled").booleanValue()).isFalse();
        assertThat(api.post("/v1/webhooks/" + id + "/disable", null).json().path("enabled").booleanValue()).isFalse();
        assertThat(api.post("/v1/webhooks/" + id + "/enable", null).json().path("enabled").booleanValue()).isTrue();
    }

    @Test
    void testDeliversAPingToThisWebhookWhateverItsFilter() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, receiver.url("/ping"), "[\"flag.removed\"]").text("id");

        Api.Response ping = api.post("/v1/webhooks/" + id + "/test", null);

        assertThat(ping.status()).as(ping.raw()).isEqualTo(202);
        String deliveryId = ping.text("deliveryId");
        Receiver.Request request = receiver.await(r -> deliveryId.equals(r.header("X-Herald-Delivery")), 1,
                Duration.ofSeconds(15)).getFirst();
        assertThat(request.path()).isEqualTo("/ping");
        assertThat(request.header("X-Herald-Event")).isEqualTo("webhook.ping");
    }

    // --- validation

    @Test
    void eventsMissingEmptyOrUnknownAre422() {
        Api api = herald.account("growth");
        String url = hookUrl();

        assertError(api.post("/v1/webhooks", "{\"url\":\"" + url + "\"}"), 400, "missing_field", "events");
        assertError(api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[]}"), 422, "invalid_events", "events");
        assertError(api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"flag.created\",\"flag.exploded\"]}"),
                422, "unknown_event_type", "events[1]");
        assertError(api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"\"]}"),
                422, "unknown_event_type", "events[0]");

        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @Test
    void aMissingUrlIs422() {
        Api api = herald.account("growth");

        assertError(api.post("/v1/webhooks", "{\"events\":[\"*\"]}"), 400, "missing_field", "url");
        assertError(api.post("/v1/webhooks", "{\"url\":\"\",\"events\":[\"*\"]}"), 422, "invalid_url", "url");
        assertError(api.post("/v1/webhooks", "{\"url\":\"not a url\",\"events\":[\"*\"]}"), 422, "invalid_url", "url");

        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @Test
    void anUnknownTopLevelFieldIs400() {
        Api api = herald.account("growth");

        assertError(api.post("/v1/webhooks",
                        "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"secret\":\"whsec_chosenbyme\"}"),
                400, "unknown_field", "secret");
        assertError(api.post("/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"enabled\":false}"),
                400, "unknown_field", "enabled");

        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @Test
    void aFieldOfTheWrongJsonTypeIs400NamingTheField() {
        Api api = herald.account("growth");

        assertError(api.post("/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":\"flag.created\"}"),
                400, "invalid_field", "events");
        assertError(api.post("/v1/webhooks", "{\"url\":42,\"events\":[\"*\"]}"), 400, "invalid_field", "url");
        assertError(api.post("/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\",7]}"),
                400, "invalid_field", "events[1]");
        assertError(api.post("/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"headers\":[\"a\"]}"),
                400, "invalid_field", "headers");

        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "host", "X-Herald-Foo", "x-herald-signature", "webhook-id", "Webhook-Signature",
        "Content-Type", "Content-Length", "Transfer-Encoding", "User-Agent"})
    void aCustomHeaderThatHeraldSetsItselfIs422(String name) {
        Api api = herald.account("growth");

        Api.Response response = api.post("/v1/webhooks",
                "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"headers\":{\"" + name + "\":\"value\"}}");

        assertError(response, 422, "invalid_headers", "headers." + name);
        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\r\\nX-Injected: 1", "a\\nb", "a\\rb", "a\\u0000b"})
    void aHeaderValueWithControlCharactersIs422(String jsonValue) {
        Api api = herald.account("growth");

        Api.Response response = api.post("/v1/webhooks",
                "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"headers\":{\"X-Api-Key\":\"" + jsonValue + "\"}}");

        assertError(response, 422, "invalid_headers", "headers.X-Api-Key");
        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @Test
    void anInvalidHeaderNameIs422() {
        Api api = herald.account("growth");

        assertError(api.post("/v1/webhooks",
                        "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"headers\":{\"Bad Name\":\"v\"}}"),
                422, "invalid_headers", "headers.Bad Name");
        assertError(api.post("/v1/webhooks",
                        "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"headers\":{\"X-Evil\\r\\nHost\":\"v\"}}"),
                422, "invalid_headers", "headers.X-Evil\r\nHost");
    }

    @Test
    void anUnknownFormatIs422() {
        Api api = herald.account("growth");

        assertError(api.post("/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":[\"*\"],\"format\":\"xml\"}"),
                422, "invalid_format", "format");
    }

    /** With {@code HERALD_ALLOW_PRIVATE_TARGETS} off, as in production. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class StrictAddressPolicy {

        private TestHerald strict;
        private Api api;

        @BeforeAll
        void start() {
            strict = TestHerald.start(Map.of("HERALD_ALLOW_PRIVATE_TARGETS", "false"));
            api = strict.account("growth");
        }

        @AfterAll
        void stop() {
            strict.close();
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://example.com/hook", "ftp://example.com/hook", "example.com/hook",
            "https:///nohost", "https://user:pass@example.com/hook"})
        void aUrlThatIsNotPlainHttpsIs422(String url) {
            assertError(api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"*\"]}"), 422, "invalid_url",
                    "url");
            assertThat(api.get("/v1/webhooks?limit=500").raw()).doesNotContain(url);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "https://localhost", "https://localhost/hook", "https://LOCALHOST", "https://localhost.",
            "https://foo.localhost", "https://127.0.0.1", "https://127.1.2.3:8443/x", "https://10.1.2.3",
            "https://172.16.0.1", "https://192.168.0.1", "https://169.254.169.254", "https://169.254.169.254/latest/meta-data",
            "https://[::1]", "https://[::ffff:127.0.0.1]", "https://[::ffff:7f00:1]", "https://[fd00::1]",
            "https://[fe80::1]", "https://0.0.0.0", "https://[::]", "https://2130706433", "https://0177.0.0.1",
            "https://0x7f.0.0.1", "https://0x7f000001", "https://127.1", "https://100.64.0.1",
            "https://localhost.localdomain", "https://a.b.localhost:443/x", "https://0/", "https://0x0",
            "https://0251.0376.0251.0376/latest", "https://2852039166", "https://[::ffff:a9fe:a9fe]",
            "https://[64:ff9b::7f00:1]", "https://[2002:c0a8:101::1]", "https://168.63.129.16",
            "https://[fd00:ec2::254]", "https://metadata.google.internal/computeMetadata/v1/",
            "https://224.0.0.1", "https://255.255.255.255", "https://[ff02::1]"})
        void aUrlThatLeadsIntoHeraldsOwnNetworkIs422(String url) {
            Api.Response response = api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");

            assertError(response, 422, "invalid_url", "url");
            assertThat(api.get("/v1/webhooks?limit=500").raw()).doesNotContain(url);
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://example.com", "https://hooks.example.org/path",
            "https://no-such-host.invalid/hook", "https://8.8.8.8/hook", "https://[2606:4700::1111]/hook"})
        void aPublicHttpsUrlIsAccepted(String url) {
            Api.Response response = api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");

            assertThat(response.status()).as(response.raw()).isEqualTo(201);
            assertThat(response.text("url")).isEqualTo(url);
        }

        @Test
        void patchingToAPrivateUrlIs422AndKeepsTheUrl() {
            String id = TestHerald.webhook(api, "https://example.com/keep", "[\"*\"]").text("id");

            assertError(api.patch("/v1/webhooks/" + id, "{\"url\":\"https://127.0.0.1/steal\"}"), 422, "invalid_url",
                    "url");
            assertError(api.patch("/v1/webhooks/" + id, "{\"url\":\"http://example.com/plain\"}"), 422, "invalid_url",
                    "url");

            assertThat(api.get("/v1/webhooks/" + id).text("url")).isEqualTo("https://example.com/keep");
        }
    }

    // --- helpers

    /** No field named like a secret, and no value holding this account's secrets or any whsec_ string. */
    private static void assertNoSecret(Api.Response response, Api api) {
        assertThat(response.raw()).doesNotContain("whsec_");
        assertNoSecretField(response.json());
        response.json().findValues("id").stream().map(JsonNode::asText).filter(id -> id.startsWith("wh_"))
                .forEach(id -> assertThat(response.raw())
                        .doesNotContain(api.get("/v1/webhooks/" + id + "/secret").text("secret").substring(6)));
    }

    private static void assertNoSecretField(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                assertThat(field.getKey().toLowerCase(Locale.ROOT)).doesNotContain("secret");
                assertNoSecretField(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(WebhookApiTest::assertNoSecretField);
        }
    }

    private static JsonNode withoutFields(JsonNode node, String... fields) {
        ObjectNode copy = node.deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
