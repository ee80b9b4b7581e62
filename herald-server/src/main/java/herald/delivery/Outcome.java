package herald.delivery;

import java.time.Duration;
import java.util.Optional;

/** What one attempt came to: a 2xx within the deadline, or anything else. */
sealed interface Outcome {

    long durationMillis();

    /** The receiver answered 2xx in time. */
    record Delivered(int responseCode, String responseBody, long durationMillis) implements Outcome {}

    /**
     * A non-2xx answer (code and body present), or no answer at all: timeout, refused, TLS, bad
     * address. {@code retryAfter} is the receiver's {@code Retry-After}, when it sent one.
     */
    record Failed(Optional<Integer> responseCode, Optional<String> responseBody, String error, long durationMillis,
                  Optional<Duration> retryAfter) implements Outcome {

        Failed(Optional<Integer> responseCode, Optional<String> responseBody, String error, long durationMillis) {
            this(responseCode, responseBody, error, durationMillis, Optional.empty());
        }

        /** No HTTP answer came back at all: the receiver is slow, down or unreachable. */
        boolean unanswered() {
            return responseCode.isEmpty();
        }
    }
}
