package herald.delivery;

import herald.db.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * The two figures an operator watches first: how many deliveries wait ({@code herald_queue_depth})
 * and how long the oldest has waited ({@code herald_queue_oldest_age_seconds}). They are read from
 * the database, which is the queue, so every node of a cluster reports the whole cluster's backlog;
 * one reading serves a whole scrape.
 */
public final class BacklogMetrics {

    private static final long FRESH_MILLIS = 1_000;

    private final Database db;
    private final DeliveryStore deliveries;
    private final Clock clock;
    private DeliveryStore.Backlog last = new DeliveryStore.Backlog(0, java.util.Optional.empty());
    private long readAt;

    private BacklogMetrics(Database db, DeliveryStore deliveries, Clock clock) {
        this.db = db;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    public static void register(MeterRegistry registry, Database db, DeliveryStore deliveries, Clock clock) {
        BacklogMetrics backlog = new BacklogMetrics(db, deliveries, clock);
        // Strong references: nothing else holds the backlog reader, and a gauge only weakly would.
        Gauge.builder("herald.queue.depth", backlog, b -> b.read().pending())
                .description("deliveries waiting for an attempt (pending, not held), whole cluster")
                .strongReference(true).register(registry);
        Gauge.builder("herald.queue.oldest.age.seconds", backlog,
                        b -> b.read().oldestCreatedAt().map(at -> (clock.millis() - at) / 1000.0).orElse(0.0))
                .description("age of the oldest waiting delivery").baseUnit("seconds")
                .strongReference(true).register(registry);
    }

    private synchronized DeliveryStore.Backlog read() {
        long now = clock.millis();
        if (now - readAt > FRESH_MILLIS) {
            last = db.read(deliveries::backlog);
            readAt = now;
        }
        return last;
    }
}
