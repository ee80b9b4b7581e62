package herald.delivery;

import herald.cluster.Leadership;
import herald.db.Database;
import herald.event.EventStore;
import herald.loop.BackgroundLoop;
import herald.loop.Wakeup;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges delivery history and events older than the retention period, in small batches so the
 * queue's writes are never held up behind one large delete. Pending deliveries are never purged,
 * nor the events they still need.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 500;

    private final Database db;
    private final DeliveryStore deliveries;
    private final EventStore events;
    private final Duration retention;
    private final Clock clock;

    public Retention(Database db, DeliveryStore deliveries, EventStore events, Duration retention, Clock clock) {
        this.db = db;
        this.deliveries = deliveries;
        this.events = events;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * The purge as a background job: hourly on the node that leads, and within a minute of a node
     * taking the lead (the others check each minute, which costs nothing but a clock read).
     */
    public BackgroundLoop loop(Leadership leadership) {
        return new BackgroundLoop("herald-retention", new Wakeup("herald_retention"), Duration.ofMinutes(1), () -> {
            if (!leadership.leads()) {
                return Duration.ofMinutes(1);
            }
            purge();
            return Duration.ofHours(1);
        });
    }

    /** Purges everything past retention and returns how many deliveries and events went. */
    public long purge() {
        long before = clock.millis() - retention.toMillis();
        long purged = 0;
        int n;
        do {
            n = db.write(tx -> deliveries.purge(tx, before, BATCH));
            purged += n;
        } while (n == BATCH);
        do {
            n = db.write(tx -> events.purge(tx, before, BATCH));
            purged += n;
        } while (n == BATCH);
        if (purged > 0) {
            log.info("purged {} deliveries and events older than {}", purged, retention);
        }
        return purged;
    }
}
