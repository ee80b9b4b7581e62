package herald.delivery;

import java.util.Locale;
import java.util.Optional;

/** A delivery's state: pending until an attempt succeeds (success) or the attempts run out (dead). */
public enum Status {
    PENDING, SUCCESS, FAILED, DEAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> parse(String value) {
        for (Status s : values()) {
            if (s.wireName().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
