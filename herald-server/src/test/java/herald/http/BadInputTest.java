package herald.http;

import static herald.ApiAssertions.assertError;
import static herald.ApiAssertions.assertErrorStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every class of bad input gets the contract's error body (section 2), never a stack trace, and
 * changes nothing: after each test the accounts, the webhook and the events are as they were.
 */
@WithHerald
class BadInputTest {

    private static TestHerald herald;
    private static Api operator;
    private static Api account;
    private static String accountId;
    private static String apiKey;
    private static String webhookId;
    private static String eventId;
    private static String before;

    /** Writes that would succeed with a good body, as (method, path). */
    private static List<String[]> writes() {
        return List.of(
                new String[] {"POST", "/v1/accounts"},
                new String[] {"PATCH", "/v1/accounts/" + accountId},
                new String[] {"POST", "/v1/webhooks"},
                new String[] {"PATCH", "/v1/webhooks/" + webhookId},
                new String[] {"POST", "/v1/events"});
    }

    private static Api caller(String path) {
        return path.startsWith("/v1/accounts") ? operator : account;
    }

    @BeforeAll
    static void start() {
        operator = herald.operator();
        Api.Response created = operator.post("/v1/accounts", "{\"name\":\"Target\",\"plan\":\"growth\"}");
        accountId = created.text("id");
        apiKey = created.text("apiKey");
        account = operator.as(apiKey);
        // a closed loopback port: should a bad request ever publish an event, nothing leaves the host
        webhookId = TestHerald.webhook(account, "http://127.0.0.1:9/hook", "[\"flag.removed\"]").text("id");
        eventId = account.post("/v1/events", TestHerald.flagCreated("existing")).text("id");
        before = snapshot();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Everything a bad request could have changed, as the API shows it. */
    private static String snapshot() {
        return String.join("\n",
                operator.get("/v1/accounts?limit=500").raw(),
                operator.get("/v1/accounts/" + accountId).raw(),
                account.get("/v1/webhooks?limit=500").raw(),
                account.get("/v1/webhooks/" + webhookId + "/secret").raw(),
                account.get("/v1/webhooks/" + webhookId + "/deliveries").raw(),
                account.get("/v1/events?limit=500").raw());
    }

    // --- bodies

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"name\":", "{\"name\":\"x\",}", "{name:\"x\"}", "{'name':'x'}", "not json",
        "{\"name\":\"x\"}}", "{\"name\":\"x\"} {\"name\":\"y\"}", "{\"name\":\"x\"} trailing", "{\"plan\":tru}",
        "{\"name\":\"x\" \"plan\":\"growth\"}", "\"unterminated"})
    void malformedJsonIs400(String body) {
        for (String[] write : writes()) {
            assertError(caller(write[1]).send(write[0], write[1], body), 400, "malformed_json");
        }
        assertError(account.post("/v1/webhooks/" + webhookId + "/secret/rotate", body), 400, "malformed_json");
        assertThat(account.post("/v1/events", body).json().path("error").path("message").asText())
                .as("says where the JSON breaks, not how the parser saw it")
                .startsWith("the request body is not valid JSON")
                .doesNotContain("Source", "StreamRead", "REDACTED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"name\":\"x\",\"plan\":\"growth\"}]", "\"a string\"", "42", "true", "null"})
    void jsonThatIsNotAnObjectIs400(String body) {
        for (String[] write : writes()) {
            assertError(caller(write[1]).send(write[0], write[1], body), 400, "invalid_body");
        }
        assertError(account.post("/v1/webhooks/" + webhookId + "/secret/rotate", body), 400, "invalid_body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t "})
    void anEmptyBodyIs400(String body) {
        for (String[] write : writes()) {
            assertError(caller(write[1]).send(write[0], write[1], body), 400, "invalid_body");
        }
    }

    @Test
    void headersLargerThanJettyAcceptsAre431WithTheContractsBody() {
        Api.Response response = account.as(apiKey + "x".repeat(20_000)).get("/v1/webhooks");
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.errorCode()).as(response.raw()).isEqualTo("headers_too_large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/webhooks/%00", "/v1/webhooks/a%00b", "/v1/flags/%2e%2e%2f"})
    void aUriThatJettyRefusesStillGetsTheContractsJsonBody(String path) {
        Api.Response response = account.get(path);
        assertThat(response.status()).isBetween(400, 404);
        assertThat(response.json().path("error").path("code").asText()).as(response.raw()).isNotEmpty();
        assertThat(response.raw()).doesNotContain("<html").doesNotContain("Exception");
        assertThat(response.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        for (String[] write : writes()) {
            assertError(raw(write[0], write[1], HttpRequest.BodyPublishers.ofByteArray(body), token(write[1])), 400,
                    "malformed_json");
        }
    }

    @Test
    void deeplyNestedJsonIs400() {
        String body = "{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        for (String[] write : writes()) {
            assertError(caller(write[1]).send(write[0], write[1], body), 400, "malformed_json");
        }
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String body = "{\"name\":\"" + "a".repeat((int) ApiServer.MAX_REQUEST_BYTES) + "\",\"plan\":\"growth\"}";
        for (String[] write : writes()) {
            assertError(caller(write[1]).send(write[0], write[1], body), 413, "body_too_large");
        }
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413() {
        byte[] body = ("{\"name\":\"" + "a".repeat((int) ApiServer.MAX_REQUEST_BYTES) + "\",\"plan\":\"growth\"}")
                .getBytes(StandardCharsets.UTF_8);
        for (String[] write : writes()) {
            // no Content-Length: the size is known only by reading
            HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(body));
            assertError(raw(write[0], write[1], chunked, token(write[1])), 413, "body_too_large");
        }
    }

    @Test
    void aBodyJustUnderTheLimitIsReadNormally() {
        // a valid JSON document under 1 MiB reaches validation, which refuses the over-long name (422)
        String body = "{\"name\":\"" + "a".repeat((int) ApiServer.MAX_REQUEST_BYTES - 100) + "\"}";
        assertError(operator.post("/v1/accounts", body), 422, "invalid_name", "name");
    }

    // --- routes and methods

    @ParameterizedTest
    @ValueSource(strings = {"/v1/nope", "/v1/accounts/x/nope", "/v1/webhooks/x/y/z", "/nope", "/v2/accounts",
        "/v1/webhook"})
    void anUnknownRouteIs404WithAJsonError(String path) {
        assertError(account.get(path), 404, "not_found");
        assertError(account.post(path, "{}"), 404, "not_found");
        assertError(operator.get(path), 404, "not_found");
    }

    @Test
    void wrongMethodsAre405WithAJsonError() {
        assertError(operator.send("PUT", "/v1/accounts", "{\"name\":\"x\"}"), 405, "method_not_allowed");
        assertError(operator.delete("/v1/accounts/" + accountId), 405, "method_not_allowed");
        assertError(account.send("PUT", "/v1/webhooks/" + webhookId, "{\"description\":\"x\"}"), 405,
                "method_not_allowed");
        assertError(account.delete("/v1/events/" + eventId), 405, "method_not_allowed");
        assertError(account.patch("/v1/events/" + eventId, "{}"), 405, "method_not_allowed");
        assertError(account.get("/v1/webhooks/" + webhookId + "/secret/rotate"), 405, "method_not_allowed");
        assertError(account.post("/v1/webhooks/" + webhookId + "/secret", "{}"), 405, "method_not_allowed");
        assertError(account.delete("/v1/event-types"), 405, "method_not_allowed");
    }

    // --- query parameters

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "abc", "-1", "1.5", "99999999999", "1e2"})
    void aLimitOutOfRangeOrNotANumberIs400(String limit) {
        for (String path : List.of("/v1/webhooks", "/v1/events", "/v1/webhooks/" + webhookId + "/deliveries")) {
            assertError(account.get(path + "?limit=" + limit), 400, "invalid_parameter", "limit");
        }
        assertError(operator.get("/v1/accounts?limit=" + limit), 400, "invalid_parameter", "limit");
    }

    @Test
    void limitsAtTheBoundsAreAccepted() {
        assertThat(operator.get("/v1/accounts?limit=1").status()).isEqualTo(200);
        assertThat(operator.get("/v1/accounts?limit=500").status()).isEqualTo(200);
        assertThat(account.get("/v1/events?limit=500").status()).isEqualTo(200);
    }

    @Test
    void anUnknownDeliveryStatusFilterIs400() {
        assertError(account.get("/v1/webhooks/" + webhookId + "/deliveries?status=lost"), 400, "invalid_parameter",
                "status");
    }

    // --- authentication comes first and is never bypassed by bad input

    @Test
    void badInputWithoutATokenIs401() {
        Api anonymous = herald.anonymous();
        for (String[] write : writes()) {
            assertErrorStatus(anonymous.send(write[0], write[1], "{"), 401);
        }
        assertErrorStatus(anonymous.get("/v1/accounts?limit=abc"), 401);
    }

    // --- helpers

    private static String token(String path) {
        return path.startsWith("/v1/accounts") ? TestHerald.OPERATOR_TOKEN : apiKey;
    }

    private static Api.Response raw(String method, String path, HttpRequest.BodyPublisher body, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(herald.app().baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            try {
                return new Api.Response(response.statusCode(), Api.mapper().readTree(text), text);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not a JSON error body (" + response.statusCode() + "): " + text, e);
            }
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
