package herald.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Herald's configuration, immutable once loaded. Built from command-line flags and environment
 * variables ({@code HERALD_*}); a flag wins over its variable.
 *
 * @param port                 HTTP port; 0 picks a free one (tests)
 * @param dataDir              where the embedded database and generated files live
 * @param databaseUrl          a JDBC URL; empty means the embedded database in {@code dataDir}
 * @param operatorToken        the operator token, when set by the environment
 * @param retrySchedule        delay before each attempt of a delivery; its length is the attempt limit
 * @param allowPrivateTargets  permit loopback/private addresses and plain http (development and tests only)
 * @param retention            how long delivery history and events are kept
 * @param limits               dispatcher concurrency caps
 * @param attemptTimeout       deadline for one attempt: connect plus the whole response
 * @param durableCommits       fsync every commit of the embedded database (power-loss safe), not only
 *                             write it to the OS (process-crash safe)
 * @param analysisTime         the UTC time of the daily analysis
 * @param masterKey            the master key that seals signing secrets, when the environment gives it
 * @param publishLimit         events each account may publish a second, and the burst; 0 a second is no limit
 * @param maxWebhooksPerAccount how many webhooks one account may have
 * @param databasePoolSize     PostgreSQL connections this node keeps open
 * @param publicUrl            the base URL people reach Herald at, for links to the dashboard in chat
 *                             messages ({@code HERALD_PUBLIC_URL}; default {@code http://localhost:<port>})
 */
public record Config(
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Optional<String> operatorToken,
        RetrySchedule retrySchedule,
        boolean allowPrivateTargets,
        Duration retention,
        DispatchLimits limits,
        Duration attemptTimeout,
        boolean durableCommits,
        java.time.LocalTime analysisTime,
        Optional<String> masterKey,
        PublishLimit publishLimit,
        int maxWebhooksPerAccount,
        int databasePoolSize,
        String publicUrl) {

    public static final int DEFAULT_PORT = 8080;

    /** Events per second per account, and how many may come at once; {@code perSecond} 0 turns the limit off. */
    public record PublishLimit(int perSecond, int burst) {
        public PublishLimit {
            if (perSecond < 0 || burst < 1) {
                throw new IllegalArgumentException("HERALD_PUBLISH_RATE_LIMIT must be 0 or more, and"
                        + " HERALD_PUBLISH_BURST 1 or more");
            }
        }
    }

    /** Never shows the operator token, the master key or the database password. */
    @Override
    public String toString() {
        return "Config[port=" + port + ", dataDir=" + dataDir + ", embedded=" + embedded()
                + ", allowPrivateTargets=" + allowPrivateTargets + ", limits=" + limits + ", publishLimit="
                + publishLimit + "]";
    }

    /** Concurrency caps of the dispatcher: overall, and per webhook so one slow receiver holds back no other. */
    public record DispatchLimits(int total, int perWebhook) {
        public DispatchLimits {
            if (total < 1 || perWebhook < 1 || perWebhook > total) {
                throw new IllegalArgumentException("dispatch limits must satisfy 1 <= perWebhook <= total");
            }
        }
    }

    /** True when Herald keeps its data in the embedded database under {@link #dataDir()}. */
    public boolean embedded() {
        return databaseUrl.isEmpty();
    }

    /** The JDBC URL Herald connects to. */
    public String jdbcUrl() {
        return embedded() ? "jdbc:sqlite:" + dataDir.resolve("herald.db").toAbsolutePath() : databaseUrl;
    }

    /**
     * Reads the configuration from the environment; a command-line flag is put by its caller over the
     * variable it stands for ({@code --port} over {@code HERALD_PORT}).
     *
     * @throws IllegalArgumentException naming the setting whose value is not valid
     */
    public static Config load(Map<String, String> env) {
        int port = parseInt(env, "HERALD_PORT", DEFAULT_PORT);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        Path dataDir = Path.of(env.getOrDefault("HERALD_DATA_DIR", "herald-data"));
        String databaseUrl = env.getOrDefault("HERALD_DATABASE_URL", "").trim();
        if (!databaseUrl.isEmpty() && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database URL must be a jdbc:postgresql: URL, got " + databaseUrl);
        }
        RetrySchedule schedule = env.containsKey("HERALD_RETRY_SCHEDULE")
                ? RetrySchedule.parse(env.get("HERALD_RETRY_SCHEDULE"))
                : RetrySchedule.DEFAULT;
        return new Config(
                port,
                dataDir,
                databaseUrl,
                env.getOrDefault("HERALD_DATABASE_USER", ""),
                env.getOrDefault("HERALD_DATABASE_PASSWORD", ""),
                Optional.ofNullable(env.get("HERALD_OPERATOR_TOKEN")).filter(t -> !t.isBlank()),
                schedule,
                Boolean.parseBoolean(env.getOrDefault("HERALD_ALLOW_PRIVATE_TARGETS", "false")),
                Duration.ofDays(parseInt(env, "HERALD_RETENTION_DAYS", 30)),
                new DispatchLimits(parseInt(env, "HERALD_MAX_IN_FLIGHT", 4096),
                        parseInt(env, "HERALD_MAX_IN_FLIGHT_PER_WEBHOOK", 16)),
                attemptTimeout(env),
                !"false".equalsIgnoreCase(env.getOrDefault("HERALD_DURABLE_COMMITS", "true")),
                analysisTime(env),
                Optional.ofNullable(env.get("HERALD_MASTER_KEY")).filter(k -> !k.isBlank()),
                publishLimit(env),
                positive(env, "HERALD_MAX_WEBHOOKS_PER_ACCOUNT", 1000),
                positive(env, "HERALD_DATABASE_POOL_SIZE", 16),
                publicUrl(env, port));
    }

    /** {@code HERALD_PUBLIC_URL}: an http(s) URL; chat messages link to the dashboard under it. */
    private static String publicUrl(Map<String, String> env, int port) {
        String value = env.getOrDefault("HERALD_PUBLIC_URL", "").strip();
        if (value.isEmpty()) {
            return "http://localhost:" + port;
        }
        if (!value.matches("https?://[^\\s<>|\"]+")) {
            throw new IllegalArgumentException("HERALD_PUBLIC_URL must be an http:// or https:// URL, got '" + value + "'");
        }
        return value;
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        int value = parseInt(env, name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, got " + value);
        }
        return value;
    }

    /** {@code HERALD_PUBLISH_RATE_LIMIT} (default 1000 a second) and {@code HERALD_PUBLISH_BURST} (default twice that). */
    private static PublishLimit publishLimit(Map<String, String> env) {
        int perSecond = parseInt(env, "HERALD_PUBLISH_RATE_LIMIT", 1000);
        return new PublishLimit(perSecond, parseInt(env, "HERALD_PUBLISH_BURST", Math.max(1, 2 * perSecond)));
    }

    /** 10 s by the contract; {@code HERALD_ATTEMPT_TIMEOUT} (e.g. {@code 500ms}) exists for tests. */
    private static Duration attemptTimeout(Map<String, String> env) {
        String value = env.get("HERALD_ATTEMPT_TIMEOUT");
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(10);
        }
        Duration timeout = RetrySchedule.parse(value.trim()).delays().getFirst();
        if (timeout.isZero()) {
            throw new IllegalArgumentException("HERALD_ATTEMPT_TIMEOUT must be more than 0");
        }
        return timeout;
    }

    /** {@code HERALD_ANALYSIS_TIME}: the UTC time of the daily analysis, {@code HH:mm}, default 03:00. */
    private static java.time.LocalTime analysisTime(Map<String, String> env) {
        String value = env.getOrDefault("HERALD_ANALYSIS_TIME", "03:00").trim();
        try {
            return java.time.LocalTime.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("HERALD_ANALYSIS_TIME must be a UTC time such as 03:00, got '" + value + "'");
        }
    }

    private static int parseInt(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    /** A copy with another retry schedule (tests use short ones). */
    public Config withRetrySchedule(RetrySchedule schedule) {
        return new Config(port, dataDir, databaseUrl, databaseUser, databasePassword, operatorToken, schedule,
                allowPrivateTargets, retention, limits, attemptTimeout, durableCommits, analysisTime, masterKey,
                publishLimit, maxWebhooksPerAccount, databasePoolSize, publicUrl);
    }
}
