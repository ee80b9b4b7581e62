package herald.cluster;

import herald.Wakeup;
import herald.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL for the channels of this node's {@link Wakeup}s and wakes each when another
 * node (or this one) commits work for it, so an idle node starts at once instead of at its next
 * recheck. The connection is its own, outside the pool; if it breaks, the listener reconnects and
 * wakes every loop, since notifications sent meanwhile are lost. Losing one costs only latency: every
 * loop also rechecks the database on its own.
 */
public final class Notifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final int POLL_MILLIS = 500;

    private final Database db;
    private final Map<String, Wakeup> byChannel;
    private final Thread thread;
    private volatile boolean running = true;

    public Notifications(Database db, List<Wakeup> wakeups) {
        this.db = db;
        this.byChannel = wakeups.stream().collect(Collectors.toMap(Wakeup::channel, Function.identity()));
        this.thread = Thread.ofPlatform().name("herald-notifications").daemon().unstarted(this::run);
    }

    public Notifications start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try (Connection connection = db.dedicatedConnection()) {
                try (Statement s = connection.createStatement()) {
                    for (String channel : byChannel.keySet()) {
                        s.execute("LISTEN " + channel); // channel names are checked identifiers
                    }
                }
                byChannel.values().forEach(Wakeup::wake); // whatever arrived while not listening
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            Wakeup wakeup = byChannel.get(n.getName());
                            if (wakeup != null) {
                                wakeup.wake();
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("listening for other nodes' work failed ({}); reconnecting in 1 s", e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
