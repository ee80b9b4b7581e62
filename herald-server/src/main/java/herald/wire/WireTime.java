package herald.wire;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * A time as it comes in over the wire, in epoch milliseconds, the way Herald stores every time. A
 * text that {@link Instant#parse} accepts can still lie beyond what epoch milliseconds hold (years
 * past about 292 million), where {@link Instant#toEpochMilli} overflows; that is refused here like
 * any other bad time, so no caller turns it into a server error.
 */
public final class WireTime {

    private WireTime() {}

    /**
     * An RFC 3339 time such as {@code 2026-12-01T00:00:00Z}, in epoch milliseconds.
     *
     * @throws DateTimeException when the text is not one, or is out of range
     */
    public static long epochMillis(String text) {
        return instant(text).toEpochMilli();
    }

    /**
     * The same as an instant, kept to the nanosecond as given.
     *
     * @throws DateTimeException when the text is not an RFC 3339 time, or is out of range
     */
    public static Instant instant(String text) {
        return inRange(Instant.parse(text));
    }

    /**
     * The instant itself, once sure that its epoch milliseconds can be taken.
     *
     * @throws DateTimeException when they cannot
     */
    public static Instant inRange(Instant instant) {
        try {
            instant.toEpochMilli();
            return instant;
        } catch (ArithmeticException e) {
            throw new DateTimeException(instant + " is beyond the range of times Herald stores", e);
        }
    }
}
