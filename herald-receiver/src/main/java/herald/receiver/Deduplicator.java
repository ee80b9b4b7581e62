package herald.receiver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers the ids of the most recent deliveries, at most {@code capacity} of them, so that a
 * delivery Herald sends again (a retry after a timeout the receiver did finish, or a redeliver) is
 * acted on once. The oldest id is forgotten first; size the capacity to cover at least a day of
 * deliveries, the span of Herald's retries. For a guarantee across restarts or several instances,
 * keep the ids in your database instead, with a unique key.
 *
 * <p>Thread-safe. Call {@link #firstTime} before acting, and {@link #forget} if acting then fails, so
 * that Herald's retry is processed rather than dropped.
 */
public final class Deduplicator {

    private final Map<String, Boolean> seen;

    public Deduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        // Access order: an id seen again is the most recent and kept longest.
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code deliveryId} and answers whether this is the first time it is seen (among those remembered). */
    public synchronized boolean firstTime(String deliveryId) {
        return seen.put(Objects.requireNonNull(deliveryId, "deliveryId"), Boolean.TRUE) == null;
    }

    /** Forgets {@code deliveryId}, so that its next arrival counts as the first. */
    public synchronized void forget(String deliveryId) {
        seen.remove(Objects.requireNonNull(deliveryId, "deliveryId"));
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        return seen.size();
    }
}
