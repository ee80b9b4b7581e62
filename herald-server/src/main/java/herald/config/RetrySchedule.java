package herald.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The delay before each attempt of a delivery: entry 0 before the first attempt, entry i before
 * attempt i+1. Its length is the number of attempts a delivery gets before it is dead.
 * Delays after the first get ±20% jitter so that deliveries failing together do not retry together.
 */
public record RetrySchedule(List<Duration> delays) {

    /** About 0s, 10s, 1m, 10m, 1h: five attempts in all, as the contract says. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(
            Duration.ZERO, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1)));

    private static final double JITTER = 0.2;

    public RetrySchedule {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one attempt");
        }
        delays = List.copyOf(delays);
    }

    public int maxAttempts() {
        return delays.size();
    }

    /**
     * The delay before the next attempt after {@code attemptsMade} attempts of this round failed,
     * or empty when the round is exhausted (the delivery is then dead).
     */
    public java.util.Optional<Duration> delayAfter(int attemptsMade, RandomGenerator random) {
        if (attemptsMade >= delays.size()) {
            return java.util.Optional.empty();
        }
        Duration base = delays.get(attemptsMade);
        if (base.isZero()) {
            return java.util.Optional.of(base);
        }
        double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
        return java.util.Optional.of(Duration.ofMillis(Math.round(base.toMillis() * factor)));
    }

    /** Parses {@code 0s,10s,1m,5m,30m}: numbers with a unit of ms, s, m, h or d. */
    public static RetrySchedule parse(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            delays.add(parseDuration(part.trim()));
        }
        return new RetrySchedule(delays);
    }

    private static Duration parseDuration(String text) {
        var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "HERALD_RETRY_SCHEDULE: '" + text + "' is not a duration such as 0s, 500ms, 10s, 1m, 2h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
