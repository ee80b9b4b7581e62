package herald;

import herald.db.Tx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a background loop when there may be work, instead of it polling: the dispatcher when
 * deliveries are committed or a slot frees, the scheduler when an end date changes. A wake that
 * arrives while the loop is busy is remembered, never lost, and many wakes collapse into one.
 *
 * <p>Each Wakeup has a channel name. On PostgreSQL, {@link #wakeAfterCommit} also sends a
 * notification on that channel inside the transaction, so the same loop on every other node wakes
 * when the transaction commits (see {@code herald.cluster.Notifications}).
 */
public final class Wakeup {

    private final String channel;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean pending;

    /** @param channel the PostgreSQL notification channel of this loop, a plain lower-case identifier */
    public Wakeup(String channel) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("channel must be a lower-case identifier: " + channel);
        }
        this.channel = channel;
    }

    public String channel() {
        return channel;
    }

    /**
     * Wakes this loop, on this node and on every other, once {@code tx} has committed; never if it
     * rolls back.
     */
    public void wakeAfterCommit(Tx tx) {
        tx.afterCommit(this::wake);
        tx.notifyOthers(channel);
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

    /** Waits until woken or until {@code deadlineMillis} (epoch) passes; clears the wake. */
    public void awaitUntil(long deadlineMillis) throws InterruptedException {
        lock.lock();
        try {
            long remaining = deadlineMillis - System.currentTimeMillis();
            while (!pending && remaining > 0) {
                woken.await(remaining, TimeUnit.MILLISECONDS);
                remaining = deadlineMillis - System.currentTimeMillis();
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }
}
