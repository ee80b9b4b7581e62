package herald.limit;

import herald.problem.RateLimited;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A rate limit per key (an account id, a client address): each key gets its own {@link TokenBucket}.
 * A limit of 0 per second turns it off. A bucket that has filled up again holds nothing a fresh one
 * would not, so once there are more than {@link #FORGET_ABOVE} keys the full buckets are dropped:
 * keys that come and go (client addresses) do not pile up.
 */
public final class RateLimiter {

    /** Keys held before full buckets are swept; well above the accounts or addresses active at once. */
    static final int FORGET_ABOVE = 10_000;

    private final String code;
    private final double perSecond;
    private final double burst;
    private final String what;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** When the next sweep of full buckets may run; a race between two callers only sweeps twice. */
    private volatile long nextSweep;

    /**
     * @param what names the limited action in the 429's message, e.g. "events published"
     */
    public RateLimiter(double perSecond, double burst, String what) {
        this("rate_limited", perSecond, burst, what, System::nanoTime);
    }

    /**
     * @param code     the 429's error code
     * @param nanoTime readings of a monotonic time in nanoseconds, e.g. a test's clock
     */
    public RateLimiter(String code, double perSecond, double burst, String what, LongSupplier nanoTime) {
        this.code = code;
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.what = what;
        this.nanoTime = nanoTime;
        this.nextSweep = nanoTime.getAsLong();
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
        long now = nanoTime.getAsLong();
        forgetFull(now);
        long wait = buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, now)).tryTake(now, n);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            throw new RateLimited(code, "too many " + what + ": at most " + rate() + " (bursts of "
                    + format(burst) + "); retry after " + seconds + " s", seconds);
        }
    }

    /**
     * Drops the buckets that filled up again, at most once in the time a bucket takes to fill: a sweep
     * runs through every key, and by the next one any bucket left unused since this one is full.
     */
    private void forgetFull(long now) {
        if (buckets.size() > FORGET_ABOVE && now - nextSweep >= 0) {
            nextSweep = now + (long) (burst / perSecond * 1e9);
            buckets.values().removeIf(bucket -> bucket.full(now));
        }
    }

    /**
     * Gives back a token {@link #acquire} took, for an attempt that turned out not to count: taking
     * first and giving back after keeps concurrent attempts from all passing a check at once.
     */
    public void giveBack(String key) {
        if (enabled()) {
            TokenBucket bucket = buckets.get(key);
            if (bucket != null) {
                bucket.giveBack(1);
            }
        }
    }

    /** Keys with a bucket now; for tests of the sweep. */
    int keys() {
        return buckets.size();
    }

    private String rate() {
        return perSecond >= 1 ? format(perSecond) + " a second" : format(perSecond * 60) + " a minute";
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
