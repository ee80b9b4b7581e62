package herald.webhook;

import herald.event.EventCatalog;
import herald.http.JsonBody;
import herald.problem.BadRequest;
import herald.problem.Invalid;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user-editable fields of a webhook as a request carries them, each validated with a clear
 * error: absent fields are empty (a PATCH leaves them unchanged). {@code rateLimit} is the one field
 * a request can also clear ({@code 0}): present-but-empty means "no limit".
 */
record WebhookRequest(
        Optional<String> url,
        Optional<String> description,
        Optional<List<String>> events,
        Optional<List<String>> projects,
        Optional<List<String>> environments,
        Optional<Format> format,
        Optional<Map<String, String>> headers,
        Optional<Optional<Integer>> rateLimit) {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int MAX_FILTER_ITEMS = 100;
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE_LENGTH = 1024;
    static final int MAX_RATE_LIMIT = 10_000;

    private static final Set<String> FIELDS = Set.of("url", "description", "events", "projects", "environments",
            "format", "headers", "rateLimit");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    /** Headers Herald sets itself, and hop-by-hop headers that must not be forwarded. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-type", "content-length",
            "user-agent", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-authenticate", "proxy-connection", "expect");

    static WebhookRequest read(JsonBody body, EventCatalog catalog, AddressPolicy policy) {
        for (var entry : body.node().properties()) {
            if (!FIELDS.contains(entry.getKey())) {
                throw new BadRequest("unknown_field", "'" + entry.getKey() + "' is not a webhook field; expected one of "
                        + String.join(", ", FIELDS.stream().sorted().toList()), entry.getKey());
            }
        }
        return new WebhookRequest(
                body.optionalText("url").map(url -> validUrl(url, policy)),
                body.optionalText("description").map(WebhookRequest::validDescription),
                body.optionalStrings("events").map(events -> validEvents(events, catalog)),
                body.optionalStrings("projects").map(list -> validFilter(list, "projects")),
                body.optionalStrings("environments").map(list -> validFilter(list, "environments")),
                body.optionalText("format").map(Format::parse),
                body.optionalStringMap("headers").map(WebhookRequest::validHeaders),
                body.optionalLong("rateLimit").map(WebhookRequest::validRateLimit));
    }

    /** Deliveries per second, 1 to 10,000; 0 removes the limit. */
    private static Optional<Integer> validRateLimit(long perSecond) {
        if (perSecond < 0 || perSecond > MAX_RATE_LIMIT) {
            throw new Invalid("invalid_rate_limit", "rateLimit must be 0 (no limit) to " + MAX_RATE_LIMIT
                    + " deliveries per second", "rateLimit");
        }
        return perSecond == 0 ? Optional.empty() : Optional.of((int) perSecond);
    }

    static String validUrl(String raw, AddressPolicy policy) {
        String url = raw.strip();
        if (url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            throw new Invalid("invalid_url", "url must be 1 to " + MAX_URL_LENGTH + " characters", "url");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Invalid("invalid_url", "url is not a valid URL: " + e.getReason(), "url");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        boolean allowed = scheme.equals("https") || (scheme.equals("http") && policy.allowPrivate());
        if (!allowed) {
            throw new Invalid("invalid_url", "url must start with https://", "url");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Invalid("invalid_url", "url must name a host", "url");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Invalid("invalid_url", "url must not carry credentials; use custom headers instead", "url");
        }
        if (uri.getRawFragment() != null) {
            throw new Invalid("invalid_url", "url must not have a fragment", "url");
        }
        policy.hostRefusal(uri.getHost()).ifPresent(reason -> {
            throw new Invalid("invalid_url", "url's host is not allowed: " + reason, "url");
        });
        return url;
    }

    private static String validDescription(String description) {
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new Invalid("invalid_description", "description must be at most " + MAX_DESCRIPTION_LENGTH
                    + " characters", "description");
        }
        return description;
    }

    private static List<String> validEvents(List<String> events, EventCatalog catalog) {
        if (events.isEmpty()) {
            throw new Invalid("invalid_events", "events must name at least one event type, or \"*\" for all", "events");
        }
        for (int i = 0; i < events.size(); i++) {
            String name = events.get(i);
            if (!name.equals(Webhook.ALL_EVENTS) && !catalog.contains(name)) {
                throw new Invalid("unknown_event_type", "'" + name + "' is not an event type; see GET /v1/event-types",
                        "events[" + i + "]");
            }
        }
        return events.stream().distinct().toList();
    }

    private static List<String> validFilter(List<String> keys, String field) {
        if (keys.size() > MAX_FILTER_ITEMS) {
            throw new Invalid("invalid_filter", field + " may hold at most " + MAX_FILTER_ITEMS + " keys", field);
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).isBlank() || keys.get(i).length() > 200) {
                throw new Invalid("invalid_filter", "each key must be 1 to 200 characters", field + "[" + i + "]");
            }
        }
        return keys.stream().distinct().toList();
    }

    private static Map<String, String> validHeaders(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw new Invalid("invalid_headers", "at most " + MAX_HEADERS + " custom headers", "headers");
        }
        Set<String> seen = new HashSet<>();
        for (var entry : headers.entrySet()) {
            String name = entry.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            String field = "headers." + name;
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new Invalid("invalid_headers", "'" + name + "' is not a valid header name", field);
            }
            if (!seen.add(lower)) {
                // Header names are case-insensitive: two spellings would be one header, sent twice.
                throw new Invalid("invalid_headers", "'" + name + "' is given twice, in different cases", field);
            }
            if (RESERVED_HEADERS.contains(lower) || lower.startsWith("x-herald-") || lower.startsWith("webhook-")) {
                throw new Invalid("invalid_headers", "'" + name + "' is set by Herald or must not be forwarded", field);
            }
            String value = entry.getValue();
            if (value.length() > MAX_HEADER_VALUE_LENGTH || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new Invalid("invalid_headers", "header values must be at most " + MAX_HEADER_VALUE_LENGTH
                        + " printable characters", field);
            }
        }
        return Map.copyOf(headers);
    }
}
