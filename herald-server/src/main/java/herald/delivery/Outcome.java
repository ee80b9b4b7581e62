package herald.delivery;

import java.util.Optional;

/** What one attempt came to: a 2xx within the deadline, or anything else. */
sealed interface Outcome {

    long durationMillis();

    /** The receiver answered 2xx in time. */
    record Delivered(int responseCode, String responseBody, long durationMillis) implements Outcome {}

    /** A non-2xx answer (code and body present), or no answer at all: timeout, refused, TLS, bad address. */
    record Failed(Optional<Integer> responseCode, Optional<String> responseBody, String error, long durationMillis)
            implements Outcome {}
}
