package herald.webhook;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits on what a webhook may hold: URL length, custom headers, and webhooks per account. */
@WithHerald(env = "HERALD_MAX_WEBHOOKS_PER_ACCOUNT=3")
class WebhookLimitsTest {

    private static TestHerald herald;

    private static Api.Response create(Api api, String url, String headersJson) {
        return api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"*\"],\"headers\":" + headersJson + "}");
    }

    @Test
    void aUrlLongerThan2048CharactersIs422() {
        Api api = herald.account("growth");
        String base = "https://example.com/";
        String longest = base + "a".repeat(WebhookRequest.MAX_URL_LENGTH - base.length());

        assertError(create(api, longest + "a", "{}"), 422, "invalid_url", "url");
        assertThat(create(api, longest, "{}").status()).isEqualTo(201);
    }

    @Test
    void atMost20CustomHeadersOfAtMost1024CharactersEach() {
        Api api = herald.account("growth");
        String twentyOne = IntStream.rangeClosed(1, 21).mapToObj(i -> "\"X-H" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        String twenty = IntStream.rangeClosed(1, 20).mapToObj(i -> "\"X-H" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));

        assertError(create(api, "https://example.com/h", twentyOne), 422, "invalid_headers", "headers");
        assertError(create(api, "https://example.com/h", "{\"X-Big\":\"" + "v".repeat(1025) + "\"}"), 422,
                "invalid_headers", "headers.X-Big");
        String longName = "X" + "n".repeat(64);
        assertError(create(api, "https://example.com/h", "{\"" + longName + "\":\"v\"}"), 422, "invalid_headers",
                "headers." + longName);
        assertThat(create(api, "https://example.com/h", twenty).status()).isEqualTo(201);
        assertThat(create(api, "https://example.com/h", "{\"X-Big\":\"" + "v".repeat(1024) + "\"}").status())
                .isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Authorization",
        "Proxy-Authenticate", "Proxy-Connection", "Expect", "HOST"})
    void hopByHopHeadersAndHostAreRefused(String name) {
        Api api = herald.account("growth");
        assertError(create(api, "https://example.com/h", "{\"" + name + "\":\"v\"}"), 422, "invalid_headers",
                "headers." + name);
    }

    @Test
    void anAccountMayHaveOnlyTheConfiguredNumberOfWebhooks() {
        Api api = herald.account("growth");
        for (int i = 0; i < 3; i++) {
            assertThat(create(api, "https://example.com/" + i, "{}").status()).isEqualTo(201);
        }

        assertError(create(api, "https://example.com/4", "{}"), 409, "limit_reached");
        assertThat(api.get("/v1/webhooks").json().path("data")).hasSize(3);
        assertThat(create(herald.account("growth"), "https://example.com/other", "{}").status())
                .as("the limit is per account").isEqualTo(201);
    }
}
