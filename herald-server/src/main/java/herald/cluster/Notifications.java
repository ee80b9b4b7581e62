package herald.cluster;

import herald.db.Database;
import herald.loop.Wakeup;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups between the nodes of a cluster, over PostgreSQL's LISTEN/NOTIFY.
 *
 * <p>Sending: {@link #announce} queues a channel; one thread sends {@code NOTIFY} for each queued
 * channel on a connection of its own, after the work's transaction has committed. Announcements
 * that arrive while one is being sent fold into one. The notification is not sent inside the
 * work's transaction on purpose: PostgreSQL serialises the commits of notifying transactions,
 * which would make every publish wait for the previous one's disk flush.
 *
 * <p>Listening: a second connection LISTENs on the channels of this node's {@link Wakeup}s and
 * wakes each when any node announces work for it. If a connection breaks, it is opened again and
 * every loop is woken, since notifications sent meanwhile are lost. Losing one costs only latency:
 * every loop also rechecks the database on its own.
 */
public final class Notifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final int POLL_MILLIS = 500;

    private final Database db;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Thread sender;
    private final Thread listener;
    private volatile Map<String, Wakeup> byChannel = Map.of();
    private volatile boolean running = true;

    public Notifications(Database db) {
        this.db = db;
        this.sender = Thread.ofPlatform().name("herald-notify").daemon().unstarted(this::send);
        this.listener = Thread.ofPlatform().name("herald-listen").daemon().unstarted(this::listen);
    }

    /** Starts sending announcements and listening for these loops' channels. */
    public Notifications start(List<Wakeup> wakeups) {
        Map<String, Wakeup> channels = new ConcurrentHashMap<>();
        wakeups.forEach(w -> channels.put(w.channel(), w));
        byChannel = Map.copyOf(channels);
        sender.start();
        listener.start();
        return this;
    }

    /** Tells every node, this one included, that there may be work on {@code channel}. */
    public void announce(String channel) {
        queued.add(channel);
        LockSupport.unpark(sender);
    }

    private void send() {
        while (running) {
            try (Connection connection = db.dedicatedConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                while (running) {
                    for (String channel : List.copyOf(queued)) {
                        queued.remove(channel);
                        statement.execute("NOTIFY " + channel); // channel names are checked identifiers
                    }
                    if (queued.isEmpty()) {
                        LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
                    }
                }
            } catch (SQLException e) {
                pauseAfter("announcing work to other nodes", e);
            }
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = db.dedicatedConnection()) {
                try (Statement s = connection.createStatement()) {
                    for (String channel : byChannel.keySet()) {
                        s.execute("LISTEN " + channel);
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
                pauseAfter("listening for other nodes' work", e);
            }
        }
    }

    private void pauseAfter(String what, SQLException e) {
        if (!running) {
            return;
        }
        log.warn("{} failed ({}); reconnecting in 1 s", what, e.getMessage());
        LockSupport.parkNanos(1_000_000_000L);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(sender);
        try {
            sender.join(POLL_MILLIS * 4L);
            listener.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
