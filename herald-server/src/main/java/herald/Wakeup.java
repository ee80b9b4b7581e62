package herald;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a background loop when there may be work, instead of it polling: the dispatcher when
 * deliveries are committed or a slot frees, the scheduler when an end date changes. A wake that
 * arrives while the loop is busy is remembered, never lost, and many wakes collapse into one.
 */
public final class Wakeup {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean pending;

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
