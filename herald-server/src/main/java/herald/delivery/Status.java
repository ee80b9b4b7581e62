package herald.delivery;

import herald.wire.WireName;
import java.util.Optional;

/** A delivery's state: pending until an attempt succeeds (success) or the attempts run out (dead). */
public enum Status implements WireName {
    PENDING, SUCCESS, FAILED, DEAD;

    public static Optional<Status> parse(String value) {
        return WireName.find(Status.class, value);
    }
}
