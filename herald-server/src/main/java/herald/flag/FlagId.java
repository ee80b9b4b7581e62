package herald.flag;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** A flag's id: {@code flg_} and a time-ordered tail. */
public record FlagId(String value) implements Id {

    static final String PREFIX = "flg";

    public static FlagId next(Clock clock) {
        return new FlagId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
