package herald.webhook;

import herald.event.EventCatalog;
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
 * The user-editable fields of a webhook as a request gives them: absent fields are empty (a PATCH
 * leaves them unchanged). The API's routes and the dashboard's form build it; {@link #valid} checks
 * it, each field with a clear error. {@code rateLimit} is the one field a request can also clear:
 * {@code 0} means "no limit".
 */
public record WebhookRequest(
        Optional<String> url,
        Optional<String> description,
        Optional<List<String>> events,
        Optional<List<String>> projects,
        Optional<List<String>> environments,
        Optional<Format> format,
        Optional<Map<String, String>> headers,
        Optional<Long> rateLimit,
        Optional<Ordering> ordering) {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int MAX_FILTER_ITEMS = 100;
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE_LENGTH = 1024;
    static final int MAX_RATE_LIMIT = 10_000;

    /** The fields a request may carry, by their API names. */
    public static final Set<String> FIELDS = Set.of("url", "description", "events", "projects", "environments",
            "format", "headers", "rateLimit", "ordering");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    /** Headers Herald sets itself, and hop-by-hop headers that must not be forwarded. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-type", "content-length",
            "user-agent", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-authenticate", "proxy-connection", "expect");

    /** The same request with every present field checked (a 422 naming the first bad one) and normalised. */
    WebhookRequest valid(EventCatalog catalog, AddressPolicy policy) {
        WebhookRequest checked = new WebhookRequest(
                url.map(u -> validUrl(u, policy)),
                description.map(WebhookRequest::validDescription),
                events.map(list -> validEvents(list, catalog)),
                projects.map(list -> validFilter(list, "projects")),
                environments.map(list -> validFilter(list, "environments")),
                format,
                headers.map(WebhookRequest::validHeaders),
                rateLimit,
                ordering);
        rateLimit.ifPresent(WebhookRequest::validRateLimit);
        return checked;
    }

    /** The names of the fields this request sets, in order, as the audit log records them. */
    List<String> fields() {
        Map<String, Optional<?>> all = Map.of("url", url, "description", description, "events", events,
                "projects", projects, "environments", environments, "format", format, "headers", headers,
                "rateLimit", rateLimit, "ordering", ordering);
        return all.entrySet().stream().filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey).sorted().toList();
    }

    /** The limit the request sets, if it sets one: empty inside when it removes the limit. */
    Optional<Optional<Integer>> limit() {
        return rateLimit.map(perSecond -> perSecond == 0 ? Optional.empty() : Optional.of(perSecond.intValue()));
    }

    /** Deliveries per second, 1 to 10,000; 0 removes the limit. */
    private static void validRateLimit(long perSecond) {
        if (perSecond < 0 || perSecond > MAX_RATE_LIMIT) {
            throw new Invalid("invalid_rate_limit", "rateLimit must be 0 (no limit) to " + MAX_RATE_LIMIT
                    + " deliveries per second", "rateLimit");
        }
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
