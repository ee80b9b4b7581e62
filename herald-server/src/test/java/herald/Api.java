package herald;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for Herald's API in tests. */
public final class Api {

    /** A response: status, parsed JSON body (a missing node when there is no body), and headers. */
    public record Response(int status, JsonNode json, String raw, java.net.http.HttpHeaders headers) {
        public Response(int status, JsonNode json, String raw) {
            this(status, json, raw, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
        }

        public java.util.Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String text(String field) {
            return json.path(field).asText();
        }

        public String errorCode() {
            return json.path("error").path("code").asText();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** The same caller against another Herald (e.g. one restarted on the same data on another port). */
    public Api at(String otherBaseUrl) {
        return new Api(otherBaseUrl, token);
    }

    public Api as(String otherToken) {
        return new Api(baseUrl, otherToken);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    public Response put(String path, String json) {
        return send("PUT", path, json);
    }

    public Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** A GET with headers of the test's own, such as {@code If-None-Match}. */
    public Response get(String path, java.util.Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    public Response send(String method, String path, String body) {
        return send(method, path, body, java.util.Map.of());
    }

    private Response send(String method, String path, String body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode json = raw == null || raw.isBlank() ? MAPPER.missingNode() : parseOrMissing(raw);
            return new Response(response.statusCode(), json, raw, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body as JSON, or a missing node when it is not JSON (e.g. {@code /metrics}, which is text). */
    private static JsonNode parseOrMissing(String raw) {
        try {
            return MAPPER.readTree(raw);
        } catch (IOException e) {
            return MAPPER.missingNode();
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
