package herald.delivery;

import herald.db.Database;
import herald.event.EventStore;
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
