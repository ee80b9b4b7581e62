package herald.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import herald.account.AccountId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        WebhookId id,
        AccountId accountId,
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

    /** A new webhook's builder: enabled, native format, no filters, headers or rate limit, unless named. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this webhook's values, to change some by name. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .id(id)
                .accountId(accountId)
                .url(url)
                .description(description)
                .events(events)
                .projects(projects)
                .environments(environments)
                .format(format)
                .headers(headers)
                .ordering(ordering)
                .enabled(enabled)
                .consecutiveFailures(consecutiveFailures)
                .secret(secret)
                .previousSecretUntil(previousSecretUntil)
                .createdAt(createdAt)
                .updatedAt(updatedAt);
        builder.rateLimit = rateLimit;
        builder.previousSecret = previousSecret;
        return builder;
    }

    /** Builds a {@code Webhook} by naming its values; the ones it does not name keep their defaults. */
    public static final class Builder {
        private WebhookId id;
        private AccountId accountId;
        private String url;
        private String description = "";
        private List<String> events;
        private List<String> projects = List.of();
        private List<String> environments = List.of();
        private Format format = Format.NATIVE;
        private Map<String, String> headers = Map.of();
        private Optional<Integer> rateLimit = Optional.empty();
        private Ordering ordering = Ordering.NONE;
        private boolean enabled = true;
        private int consecutiveFailures;
        private String secret;
        private Optional<String> previousSecret = Optional.empty();
        private long previousSecretUntil;
        private long createdAt;
        private long updatedAt;

        private Builder() {}

        public Builder id(WebhookId id) {
            this.id = id;
            return this;
        }

        public Builder accountId(AccountId accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder events(List<String> events) {
            this.events = events;
            return this;
        }

        public Builder projects(List<String> projects) {
            this.projects = projects;
            return this;
        }

        public Builder environments(List<String> environments) {
            this.environments = environments;
            return this;
        }

        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = headers;
            return this;
        }

        /** At most {@code perSecond} deliveries a second. */
        public Builder rateLimit(int perSecond) {
            this.rateLimit = Optional.of(perSecond);
            return this;
        }

        /** Deliveries as fast as the lanes take them. */
        public Builder noRateLimit() {
            this.rateLimit = Optional.empty();
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder consecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = consecutiveFailures;
            return this;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** The secret a rotation replaced, still signing until {@link #previousSecretUntil}. */
        public Builder previousSecret(String previousSecret) {
            this.previousSecret = Optional.of(previousSecret);
            return this;
        }

        /** Only the current secret signs. */
        public Builder noPreviousSecret() {
            this.previousSecret = Optional.empty();
            return this;
        }

        public Builder previousSecretUntil(long previousSecretUntil) {
            this.previousSecretUntil = previousSecretUntil;
            return this;
        }

        public Builder createdAt(long createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder ordering(Ordering ordering) {
            this.ordering = ordering;
            return this;
        }

        public Builder updatedAt(long updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** @throws NullPointerException when a value without a default was not given */
        public Webhook build() {
            return new Webhook(Objects.requireNonNull(id, "id"), Objects.requireNonNull(accountId, "accountId"),
                    Objects.requireNonNull(url, "url"), description, Objects.requireNonNull(events, "events"),
                    projects, environments, format, headers, rateLimit, ordering, enabled, consecutiveFailures,
                    Objects.requireNonNull(secret, "secret"), previousSecret, previousSecretUntil, createdAt,
                    updatedAt);
        }
    }

    /** Never shows the secrets: a webhook may be logged. */
    @Override
    public String toString() {
        return "Webhook[id=" + id + ", accountId=" + accountId + ", url=" + url + ", enabled=" + enabled + "]";
    }
}
