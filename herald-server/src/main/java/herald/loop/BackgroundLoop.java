package herald.loop;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread that runs a step, then waits as long as the step asks or until its
 * {@link Wakeup} wakes it, and again. A step that throws is logged and run again after a pause, so
 * one bad moment (a database that is briefly away) never ends the loop. The scheduled jobs are
 * such loops.
 */
public final class BackgroundLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    /** One turn of the loop; returns how long to wait before the next unless woken sooner. */
    @FunctionalInterface
    public interface Step {
        Duration run();
    }

    private final String name;
    private final Wakeup wakeup;
    private final Duration pauseAfterFailure;
    private final Step step;
    private final Thread thread;
    private volatile boolean running = true;

    public BackgroundLoop(String name, Wakeup wakeup, Duration pauseAfterFailure, Step step) {
        this.name = name;
        this.wakeup = wakeup;
        this.pauseAfterFailure = pauseAfterFailure;
        this.step = step;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    public BackgroundLoop start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            Duration wait;
            try {
                wait = step.run();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (herald.db.DatabaseException.isStorageUnavailable(e)) {
                    log.warn("{} waits for the storage ({}); trying again in {} s", name,
                            herald.db.DatabaseException.rootMessage(e), pauseAfterFailure.toSeconds());
                } else {
                    log.error("{} failed; trying again in {} s", name, pauseAfterFailure.toSeconds(), e);
                }
                wait = pauseAfterFailure;
            }
            try {
                wakeup.await(Math.max(0, wait.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the loop, letting a step that is running finish. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
