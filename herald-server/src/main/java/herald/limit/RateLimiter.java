package herald.limit;

import herald.problem.RateLimited;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rate limit per key (an account id): each key gets its own {@link TokenBucket}. A limit of 0 per
 * second turns it off. Buckets are small and one per active account, which is bounded by accounts.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final String what;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param what names the limited action in the 429's message, e.g. "events published"
     */
    public RateLimiter(double perSecond, double burst, String what) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.what = what;
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    /**
     * Takes one token of {@code key}'s bucket.
     *
     * @throws RateLimited (429) with the seconds after which a token is there, for {@code Retry-After}
     */
    public void acquire(String key) {
        acquire(key, 1);
    }

    /** Takes {@code n} tokens of {@code key}'s bucket at once, as for a batch of {@code n}. */
    public void acquire(String key, int n) {
        if (!enabled()) {
            return;
        }
        long now = System.nanoTime();
        long wait = buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, now)).tryTake(now, n);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            throw new RateLimited("rate_limited", "too many " + what + ": at most " + format(perSecond)
                    + " a second (bursts of " + format(burst) + "); retry after " + seconds + " s", seconds);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
