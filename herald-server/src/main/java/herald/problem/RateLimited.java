package herald.problem;

/** 429: too many requests; {@link #retryAfterSeconds()} becomes the {@code Retry-After} header. */
public final class RateLimited extends Problem {

    private final long retryAfterSeconds;

    public RateLimited(String code, String message, long retryAfterSeconds) {
        super(429, code, message, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
