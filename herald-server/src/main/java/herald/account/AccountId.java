package herald.account;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** An account's id: {@code acc_} and a time-ordered tail. Every row Herald holds names one. */
public record AccountId(String value) implements Id {

    static final String PREFIX = "acc";

    public static AccountId next(Clock clock) {
        return new AccountId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
