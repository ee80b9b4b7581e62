package herald.event;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** An event's id: {@code evt_} and a time-ordered tail. */
public record EventId(String value) implements Id {

    static final String PREFIX = "evt";

    public static EventId next(Clock clock) {
        return new EventId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
