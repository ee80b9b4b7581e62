package herald.webhook;

import herald.problem.Invalid;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a webhook's deliveries keep their events' order. Under {@link #PER_SUBJECT}, deliveries
 * about one subject (the field the catalog names per event type, e.g. {@code experiment_id}) are
 * attempted strictly in event order, one at a time: the next waits until the previous succeeded or
 * went dead. Other subjects, and other webhooks, are not held back.
 */
public enum Ordering {
    NONE,
    PER_SUBJECT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Ordering parse(String value) {
        for (Ordering ordering : values()) {
            if (ordering.wireName().equals(value)) {
                return ordering;
            }
        }
        throw new Invalid("invalid_ordering", "ordering must be one of "
                + Arrays.stream(values()).map(Ordering::wireName).collect(Collectors.joining(", ")), "ordering");
    }
}
