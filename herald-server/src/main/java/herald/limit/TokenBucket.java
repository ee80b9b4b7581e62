package herald.limit;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. Times are
 * {@link System#nanoTime()} readings passed in, so tests and callers share one notion of now.
 * Thread-safe; each call holds the bucket's lock for a few arithmetic steps.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;
    /**
     * Rounding slack: tokens are doubles, so a wait of exactly 1 s can come out as 1.0000000000000004 s
     * and the token then due as 0.9999999999999999. Both are taken as what they should be, or a
     * client told to wait 1 s would be told 2, and refused again after waiting the 1 s it was told.
     */
    private static final double SLACK = 1e-9;

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double perSecond, double burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a bucket needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    public double perSecond() {
        return perSecond;
    }

    /** Takes one token; returns 0 when taken, else the nanoseconds until one is there (nothing taken). */
    public synchronized long tryTake(long nowNanos) {
        return tryTake(nowNanos, 1);
    }

    /**
     * Takes {@code n} tokens at once (a batch), or the whole burst when {@code n} is more than it can
     * ever hold; returns 0 when taken, else the nanoseconds until they are there (nothing taken).
     */
    public synchronized long tryTake(long nowNanos, int n) {
        refill(nowNanos);
        double need = Math.min(n, burst);
        if (tokens >= need - SLACK) {
            tokens = Math.max(0, tokens - need);
            return 0;
        }
        return (long) Math.ceil((need - tokens) / perSecond * NANOS_PER_SECOND - SLACK * NANOS_PER_SECOND);
    }

    /** Whole tokens there now. */
    public synchronized int available(long nowNanos) {
        refill(nowNanos);
        return (int) Math.floor(tokens);
    }

    /** Takes {@code n} tokens that {@link #available} said were there. */
    public synchronized void take(int n) {
        tokens = Math.max(0, tokens - n);
    }

    /** Puts back {@code n} tokens taken for something that did not count; never above the burst. */
    public synchronized void giveBack(int n) {
        tokens = Math.min(burst, tokens + n);
    }

    /** True when the bucket is as full as a new one: nothing about it is worth keeping. */
    public synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    /** Nanoseconds until the next whole token, from the last refill. */
    public synchronized long nanosUntilOne() {
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perSecond * NANOS_PER_SECOND);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / NANOS_PER_SECOND * perSecond);
            refilledAt = nowNanos;
        }
    }
}
