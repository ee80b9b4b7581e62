package herald.delivery;

import java.util.Optional;

/**
 * Which deliveries a history keeps: those in one status, of one event type, both, or ({@link #ANY})
 * all. The dead-letter queue is the filter on {@link Status#DEAD}.
 */
public record DeliveryFilter(Optional<Status> status, Optional<String> eventType) {

    public static final DeliveryFilter ANY = new DeliveryFilter(Optional.empty(), Optional.empty());
}
