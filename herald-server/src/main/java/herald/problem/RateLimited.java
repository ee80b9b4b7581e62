package herald.problem;

/** 429: too many requests. */
public final class RateLimited extends Problem {

    public RateLimited(String code, String message) {
        super(429, code, message, null);
    }

    public RateLimited(String code, String message, String field) {
        super(429, code, message, field);
    }
}
