package herald;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Checks of the contract's error body, shared by the HTTP API tests. */
public final class ApiAssertions {

    private ApiAssertions() {}

    /**
     * Asserts the status and an error body {@code {"error":{"code","message"[,"field"]}}} with this code,
     * a message, and nothing of a Java stack trace.
     */
    public static JsonNode assertError(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        JsonNode error = response.json().path("error");
        assertThat(error.isObject()).as("error object in %s", response.raw()).isTrue();
        assertThat(error.path("code").isTextual()).as(response.raw()).isTrue();
        assertThat(error.path("code").asText()).as(response.raw()).isEqualTo(code);
        assertThat(error.path("message").isTextual()).as(response.raw()).isTrue();
        assertThat(error.path("message").asText()).as(response.raw()).isNotBlank();
        assertNoStackTrace(response);
        return error;
    }

    /** Like {@link #assertError} and also names the field at fault. */
    public static void assertError(Api.Response response, int status, String code, String field) {
        JsonNode error = assertError(response, status, code);
        assertThat(error.path("field").asText()).as(response.raw()).isEqualTo(field);
    }

    /** Asserts the status and an error body with any code. */
    public static void assertErrorStatus(Api.Response response, int status) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertError(response, status, response.errorCode());
    }

    public static void assertNoStackTrace(Api.Response response) {
        String raw = response.raw() == null ? "" : response.raw();
        assertThat(raw).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("\\tat ")
                .doesNotContain("java.").doesNotContain("herald.").doesNotContain("com.fasterxml");
    }

    /** Repeats a request until its response satisfies {@code done}; fails after {@code timeout}. */
    public static Api.Response awaitResponse(Supplier<Api.Response> request, Predicate<Api.Response> done,
                                             Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Api.Response response = request.get();
            if (done.test(response)) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + "; last response: " + response.raw());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
