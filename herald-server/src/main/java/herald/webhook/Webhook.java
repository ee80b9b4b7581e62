package herald.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A subscription: where to POST which events, in which format, signed with which secret.
 *
 * @param events               event type names, or {@code *} for all
 * @param projects             when not empty, only events about these projects (events without a project pass)
 * @param environments         likewise for environments
 * @param rateLimit            at most this many deliveries per second to this webhook, when set
 * @param ordering             whether deliveries about one subject go one at a time, in event order
 * @param previousSecret       the secret before the last rotation, still signing until {@code previousSecretUntil}
 */
public record Webhook(
        String id,
        String accountId,
        String url,
        String description,
        List<String> events,
        List<String> projects,
        List<String> environments,
        Format format,
        Map<String, String> headers,
        Optional<Integer> rateLimit,
        Ordering ordering,
        boolean enabled,
        int consecutiveFailures,
        String secret,
        Optional<String> previousSecret,
        long previousSecretUntil,
        long createdAt,
        long updatedAt) {

    public static final String ALL_EVENTS = "*";

    public boolean ordered() {
        return ordering == Ordering.PER_SUBJECT;
    }

    /** Whether an event of this type and data goes to this webhook (enabled or not). */
    public boolean wants(String type, JsonNode data) {
        return (events.contains(ALL_EVENTS) || events.contains(type))
                && filterAllows(projects, data, "project")
                && filterAllows(environments, data, "environment");
    }

    private static boolean filterAllows(List<String> allowed, JsonNode data, String field) {
        if (allowed.isEmpty()) {
            return true;
        }
        JsonNode value = data.get(field);
        return value == null || !value.isTextual() || allowed.contains(value.textValue());
    }

    /** The secrets that sign an attempt made at {@code now}: the current one first. */
    public List<String> signingSecrets(long now) {
        return previousSecret.filter(s -> now < previousSecretUntil)
                .map(previous -> List.of(secret, previous))
                .orElseGet(() -> List.of(secret));
    }

    /** Never shows the secrets: a webhook may be logged. */
    @Override
    public String toString() {
        return "Webhook[id=" + id + ", accountId=" + accountId + ", url=" + url + ", enabled=" + enabled + "]";
    }
}
