package herald.webhook;

import herald.problem.Invalid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook's custom headers as everyone but the audited reveal sees them. Their values are
 * credentials more often than not (VWO's {@code x-vwo-auth}), so the API, the dashboard and the CLI
 * show each name with {@link #MASK} for its value.
 *
 * <p>A request may send the mask back as a header's value: it then keeps the value the webhook
 * already has for that header (names compared without regard to case, as HTTP does). A client can
 * so read a webhook, change one header and send the whole map back without ever holding the others'
 * values; leaving a header out of the map still removes it.
 */
public final class CustomHeaders {

    /** What a header's value reads as outside the reveal; sent back, it keeps the value it hides. */
    public static final String MASK = "********";

    private CustomHeaders() {}

    /** The headers with every value masked, sorted by name. */
    public static Map<String, String> masked(Map<String, String> headers) {
        Map<String, String> masked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.keySet().forEach(name -> masked.put(name, MASK));
        return masked;
    }

    /**
     * The headers a request asks for, each masked value replaced by {@code current}'s value of that
     * header.
     *
     * @throws Invalid {@code invalid_headers} when a masked header has no current value to keep
     */
    static Map<String, String> resolve(Map<String, String> sent, Map<String, String> current) {
        Map<String, String> resolved = new LinkedHashMap<>();
        sent.forEach((name, value) -> resolved.put(name, value.equals(MASK)
                ? currentValue(current, name).orElseThrow(() -> new Invalid("invalid_headers", "'" + MASK
                        + "' stands for the value of this webhook's '" + name + "' header, and it has none;"
                        + " send the header's value", "headers." + name))
                : value));
        return Map.copyOf(resolved);
    }

    private static Optional<String> currentValue(Map<String, String> current, String name) {
        return current.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }
}
