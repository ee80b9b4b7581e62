package herald.loop;

import herald.db.Tx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a background loop when there may be work, instead of it polling: the dispatcher when
 * deliveries are committed or a slot frees, the scheduler when an end date changes. A wake that
 * arrives while the loop is busy is remembered, never lost, and many wakes collapse into one.
 *
 * <p>Each Wakeup has a channel name. In a cluster, {@link #wakeAfterCommit} also broadcasts the
 * channel once the transaction has committed, so the same loop on every other node wakes too (see
 * {@code herald.cluster.Notifications}).
 */
public final class Wakeup {

    /** Tells the other nodes of a cluster that there may be work on a channel. */
    @FunctionalInterface
    public interface Broadcast {
        /** No other nodes: the embedded database serves one process. */
        Broadcast NONE = channel -> { };

        void send(String channel);
    }

    private final String channel;
    private final Broadcast broadcast;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean pending;

    /** A Wakeup for this process only. */
    public Wakeup(String channel) {
        this(channel, Broadcast.NONE);
    }

    /**
     * @param channel   the notification channel of this loop, a plain lower-case identifier
     * @param broadcast how committed work is announced to the other nodes
     */
    public Wakeup(String channel, Broadcast broadcast) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("channel must be a lower-case identifier: " + channel);
        }
        this.channel = channel;
        this.broadcast = broadcast;
    }

    public String channel() {
        return channel;
    }

    /**
     * Wakes this loop, on this node and on every other, once {@code tx} has committed; never if it
     * rolls back.
     */
    public void wakeAfterCommit(Tx tx) {
        tx.afterCommit(() -> {
            wake();
            broadcast.send(channel);
        });
    }

    public void wake() {
        lock.lock();
        try {
            pending = true;
            woken.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until woken or until {@code millis} have passed, clears the wake, and says whether it
     * was woken (a wake that came before the call counts). The wait is
     * relative so that it never mixes clocks: callers compute it from Herald's clock, which tests
     * may set to another day, while waiting is always in real time.
     */
    public boolean await(long millis) throws InterruptedException {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!pending && remaining > 0) {
                remaining = woken.awaitNanos(remaining);
            }
            boolean wasWoken = pending;
            pending = false;
            return wasWoken;
        } finally {
            lock.unlock();
        }
    }
}
