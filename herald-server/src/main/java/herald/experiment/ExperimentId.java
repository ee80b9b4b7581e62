package herald.experiment;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** An experiment's id: {@code exp_} and a time-ordered tail. */
public record ExperimentId(String value) implements Id {

    static final String PREFIX = "exp";

    public static ExperimentId next(Clock clock) {
        return new ExperimentId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
