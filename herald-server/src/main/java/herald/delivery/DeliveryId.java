package herald.delivery;

import herald.id.Id;
import herald.id.Ids;

/** A delivery's id: {@code dlv_} and a time-ordered tail. */
public record DeliveryId(String value) implements Id {

    static final String PREFIX = "dlv";

    /** A new id made at {@code millis} on Herald's clock: deliveries are made in batches at one time. */
    public static DeliveryId at(long millis) {
        return new DeliveryId(Ids.next(PREFIX, millis));
    }

    @Override
    public String toString() {
        return value;
    }
}
