package herald.settings;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** A read-only settings key's id: {@code sk_} and a time-ordered tail (not the key itself, which is {@code hsk_...}). */
public record SettingsKeyId(String value) implements Id {

    static final String PREFIX = "sk";

    public static SettingsKeyId next(Clock clock) {
        return new SettingsKeyId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
