package herald.metric;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** A metric's id: {@code met_} and a time-ordered tail. */
public record MetricId(String value) implements Id {

    static final String PREFIX = "met";

    public static MetricId next(Clock clock) {
        return new MetricId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
