package herald.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the dispatcher when there may be work: new deliveries committed, a slot freed, a webhook
 * re-enabled. A wake that arrives while the dispatcher is busy is remembered, never lost, and many
 * wakes collapse into one.
 */
public final class DispatchSignal {

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
    void awaitUntil(long deadlineMillis) throws InterruptedException {
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
