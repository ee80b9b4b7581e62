package herald.receiver;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code webhook-timestamp} is further from the receiver's clock than the tolerance allows, in the
 * past (a replayed or long-delayed request) or in the future. Checked before the signature, as every
 * Standard Webhooks library does: the timestamp is signed, so an attacker cannot move it.
 */
public final class TimestampOutsideToleranceException extends InvalidDeliveryException {

    private static final long serialVersionUID = 1L;
    private final Instant timestamp;
    private final Instant now;

    TimestampOutsideToleranceException(Instant timestamp, Instant now, Duration tolerance) {
        super("the webhook-timestamp " + timestamp + " is " + (timestamp.isBefore(now) ? "older" : "newer")
                + " than the tolerance of " + tolerance + " allows (now " + now + ")");
        this.timestamp = timestamp;
        this.now = now;
    }

    /** The time the request claims to have been signed. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The receiver's time when it checked. */
    public Instant now() {
        return now;
    }

    @Override
    public String reason() {
        return "timestamp_outside_tolerance";
    }
}
