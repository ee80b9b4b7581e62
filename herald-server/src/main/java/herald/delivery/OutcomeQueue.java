package herald.delivery;

import herald.db.Database;
import herald.db.DatabaseException;
import herald.db.Tx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records attempt outcomes in batches: whatever outcomes arrived while the previous batch was being
 * written go into one transaction. Every attempt ends in a write (the attempt, the delivery's new
 * state, the webhook's failure count); one transaction for many of them instead of one each is what
 * lets the dispatcher keep up on PostgreSQL, where each transaction is its own commit. The queue
 * needs no bound of its own: each entry is an attempt that was sent, and sends are bounded by the
 * dispatcher's slots and by the claims and handoffs that feed them, which are writes themselves.
 *
 * <p>{@link #submit}'s future completes once its outcome has committed. If a batch fails, each of its outcomes is written again on its own, so one bad
 * outcome never takes the others down with it.
 */
final class OutcomeQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutcomeQueue.class);
    private static final int MAX_BATCH = 256;
    private static final long MAX_PAUSE_MILLIS = 1_000;

    /** One outcome's write; {@code key} orders a batch (by webhook) so concurrent batches lock rows alike. */
    private record Entry(String key, Consumer<Tx> write, CompletableFuture<Void> done) {}

    private final Database db;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutcomeQueue(Database db) {
        this.db = db;
        this.thread = Thread.ofPlatform().name("herald-outcomes").daemon().start(this::run);
    }

    /** Writes an outcome with others and returns once it has committed; throws if it could not be written. */
    void record(String key, Consumer<Tx> write) {
        try {
            submit(key, write).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Queues an outcome's write; the future completes once it has committed, or with why it could not be. */
    CompletableFuture<Void> submit(String key, Consumer<Tx> write) {
        if (!running) {
            throw new IllegalStateException("outcome queue is closed");
        }
        Entry entry = new Entry(key, write, new CompletableFuture<>());
        queue.add(entry);
        return entry.done();
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.sort(Comparator.comparing(Entry::key));
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        queue.forEach(e -> e.done().completeExceptionally(new IllegalStateException("outcome queue is closed")));
    }

    /**
     * Writes a batch, and keeps writing what the storage could not take (a full disk, the database
     * away) until it can: an outcome is the only record that an attempt happened, so it is never
     * given up while Herald runs. The slots its attempts hold keep the dispatcher from claiming more
     * meanwhile.
     */
    private void write(List<Entry> batch) {
        List<Entry> unwritten = batch;
        long pauseMillis = 50;
        while (!unwritten.isEmpty() && running) {
            unwritten = writeOnce(unwritten);
            if (!unwritten.isEmpty()) {
                log.warn("{} attempt outcomes wait for the storage; writing them again in {} ms", unwritten.size(),
                        pauseMillis);
                sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
            }
        }
        unwritten.forEach(e -> e.done().completeExceptionally(new IllegalStateException("outcome queue is closed")));
    }

    /** Writes the batch; returns the outcomes the storage could not take now. */
    private List<Entry> writeOnce(List<Entry> batch) {
        try {
            db.write(tx -> {
                batch.forEach(e -> e.write().accept(tx));
                return null;
            });
            batch.forEach(e -> e.done().complete(null));
            return List.of();
        } catch (RuntimeException batchFailed) {
            if (DatabaseException.isStorageUnavailable(batchFailed)) {
                return batch;
            }
            log.warn("writing {} outcomes together failed ({}); writing each on its own", batch.size(),
                    batchFailed.getMessage());
        }
        List<Entry> unwritten = new ArrayList<>();
        for (Entry e : batch) {
            try {
                db.write(tx -> {
                    e.write().accept(tx);
                    return null;
                });
                e.done().complete(null);
            } catch (RuntimeException failed) {
                if (DatabaseException.isStorageUnavailable(failed)) {
                    unwritten.add(e);
                } else {
                    e.done().completeExceptionally(failed);
                }
            }
        }
        return unwritten;
    }

    /** Sleeps, keeping an interrupt for the caller's loop to see. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops once every queued outcome is written (callers have stopped adding: the dispatcher drained its slots). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
