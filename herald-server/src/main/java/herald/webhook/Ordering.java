package herald.webhook;

import herald.problem.Invalid;
import herald.wire.WireName;

/**
 * Whether a webhook's deliveries keep their events' order. Under {@link #PER_SUBJECT}, deliveries
 * about one subject (the field the catalog names per event type, e.g. {@code experiment_id}) are
 * attempted strictly in event order, one at a time: the next waits until the previous succeeded or
 * went dead. Other subjects, and other webhooks, are not held back.
 */
public enum Ordering implements WireName {
    NONE,
    PER_SUBJECT;

    /** The ordering of this wire name, or a 422 {@code invalid_ordering}. */
    public static Ordering parse(String value) {
        return WireName.find(Ordering.class, value).orElseThrow(() -> new Invalid("invalid_ordering",
                "ordering must be one of " + WireName.all(Ordering.class), "ordering"));
    }
}
