package herald.cluster;

import herald.db.Database;
import herald.db.Tx;
import herald.loop.BackgroundLoop;
import herald.loop.Wakeup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node runs the scheduled jobs (experiment end dates, the daily analysis, the retention
 * purge): the holder of a lease row in the database. The holder renews it well before it runs out;
 * when the holder dies, the lease expires and another node takes it, and the jobs move there. A job
 * asks {@link #leads()} before each run and skips it otherwise.
 *
 * <p>A node trusts its lease only until a margin before its expiry, so two nodes never both believe
 * they lead while their clocks agree to within that margin (keep node clocks synchronised).
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    static final String SCHEDULER = "scheduler";

    private final Database db;
    private final String nodeId;
    private final Duration ttl;
    private final Clock clock;
    private final List<Runnable> onElected = new CopyOnWriteArrayList<>();
    private final BackgroundLoop loop;
    private volatile long trustedUntil;

    public Leadership(Database db, String nodeId, Duration ttl, Clock clock) {
        this.db = db;
        this.nodeId = nodeId;
        this.ttl = ttl;
        this.clock = clock;
        Duration period = Duration.ofMillis(Math.max(100, ttl.toMillis() / 5));
        // Nothing wakes it: it renews on its own beat, and after a failure tries again on the same beat.
        this.loop = new BackgroundLoop("herald-leadership", new Wakeup("herald_leadership"), period, () -> {
            renew();
            return period;
        });
    }

    /**
     * Starts holding or waiting for the lease.
     *
     * @param sole true when no other node can exist (the embedded database is locked to this process):
     *             a lease a killed predecessor left behind is taken over at once instead of after it runs out
     */
    public Leadership start(boolean sole) {
        if (sole) {
            db.write(tx -> tx.update("DELETE FROM leases WHERE name = ?", SCHEDULER));
        }
        loop.start(); // its first step takes or waits for the lease at once
        return this;
    }

    /** Runs {@code action} each time this node becomes the leader, so jobs can catch up at once. */
    public void onElected(Runnable action) {
        onElected.add(action);
    }

    /** True while this node holds the lease. */
    public boolean leads() {
        return clock.millis() < trustedUntil;
    }

    private void renew() {
        long now = clock.millis();
        boolean wasLeading = leads();
        boolean held = db.write(tx -> acquire(tx, now));
        // Trust the lease for half its life: the other half absorbs a slow renewal and clock skew.
        trustedUntil = held ? now + ttl.toMillis() / 2 : 0;
        if (held && !wasLeading) {
            log.info("this node ({}) now runs the scheduled jobs", nodeId);
            onElected.forEach(Runnable::run);
        } else if (!held && wasLeading) {
            log.warn("this node ({}) lost the scheduler lease", nodeId);
        }
    }

    /** Takes the lease if it is free or expired, renews it if this node holds it; true if held. */
    private boolean acquire(Tx tx, long now) {
        return tx.update("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                + " WHERE leases.holder = excluded.holder OR leases.expires_at < ?",
                SCHEDULER, nodeId, now + ttl.toMillis(), now) == 1;
    }

    @Override
    public void close() {
        loop.close();
        trustedUntil = 0;
        try {
            // Hand over at once rather than after the lease runs out.
            db.write(tx -> tx.update("DELETE FROM leases WHERE name = ? AND holder = ?", SCHEDULER, nodeId));
        } catch (RuntimeException e) {
            log.warn("releasing the scheduler lease failed; it runs out by itself", e);
        }
    }
}
