package herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Herald's API as the client commands call it: {@code HERALD_URL} (default {@value #DEFAULT_URL}) and
 * the account's {@code HERALD_API_KEY}. A non-2xx answer becomes a {@link CliException} carrying
 * Herald's error code and message and the matching exit code.
 */
final class HeraldApi {

    static final String DEFAULT_URL = "http://localhost:8080";

    private final ObjectMapper json;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apiKey;

    private HeraldApi(ObjectMapper json, String baseUrl, String apiKey) {
        this.json = json;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    static HeraldApi from(Terminal terminal, ObjectMapper json) {
        String apiKey = terminal.env().getOrDefault("HERALD_API_KEY", "").strip();
        if (apiKey.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "set HERALD_API_KEY to the account's API key");
        }
        String url = terminal.env().getOrDefault("HERALD_URL", "").strip();
        url = url.isEmpty() ? DEFAULT_URL : url.replaceAll("/+$", "");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new CliException(ExitCodes.USAGE, "HERALD_URL must start with http:// or https://, not '" + url + "'");
        }
        return new HeraldApi(json, url, apiKey);
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A POST with no body, for actions such as {@code /enable}. */
    JsonNode post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    ObjectMapper json() {
        return json;
    }

    /** {@code path?name=value&...}, leaving out absent values and encoding the rest. */
    static String query(String path, Map<String, Optional<String>> parameters) {
        Map<String, String> present = new LinkedHashMap<>();
        parameters.forEach((name, value) -> value.ifPresent(v -> present.put(name, v)));
        if (present.isEmpty()) {
            return path;
        }
        return path + "?" + present.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Encodes an id taken from the command line for use as one path segment. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach Herald at " + baseUrl + ": "
                    + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNREACHABLE, "interrupted while waiting for Herald");
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            JsonNode error = answer.path("error");
            String code = error.path("code").asText("http_" + response.statusCode());
            String message = error.path("message").asText(response.body().isBlank()
                    ? "HTTP " + response.statusCode() : response.body());
            String field = error.path("field").asText("");
            throw new CliException(ExitCodes.forStatus(response.statusCode()),
                    message + " (" + code + (field.isEmpty() ? "" : ", field " + field) + ")");
        }
        return answer;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(body);
        }
    }
}
