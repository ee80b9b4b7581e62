package herald.project;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** A project's id: {@code prj_} and a time-ordered tail. */
public record ProjectId(String value) implements Id {

    static final String PREFIX = "prj";

    public static ProjectId next(Clock clock) {
        return new ProjectId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
