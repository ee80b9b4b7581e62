package herald.metric;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** A metric collection's id: {@code mcol_} and a time-ordered tail. */
public record MetricCollectionId(String value) implements Id {

    static final String PREFIX = "mcol";

    public static MetricCollectionId next(Clock clock) {
        return new MetricCollectionId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
