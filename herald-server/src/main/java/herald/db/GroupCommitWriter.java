package herald.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every write of the embedded database on one connection and commits them in groups.
 *
 * <p>SQLite allows one writer at a time and pays for durability once per commit (a WAL write, and an
 * fsync when commits are durable). Funnelling all writes through one thread removes lock contention,
 * and committing whatever work queued up while the previous commit ran turns N fsyncs into one
 * without delaying a lone writer. Each unit of work runs inside its own savepoint, so one that
 * throws is rolled back alone; the others in its group still commit.
 *
 * <p>{@link #submit} returns only after the work's transaction has committed, so a caller that
 * acknowledges a request after {@code submit} never acknowledges something a crash could lose.
 * The queue is bounded: when it is full, submitters wait (back-pressure, not unbounded memory).
 *
 * <p>Storage faults (a full disk, an I/O error): SQLite may roll the whole transaction back by
 * itself, leaving the JDBC connection believing a transaction is open that can never commit. So when
 * a unit of work meets such a fault, or the commit fails, the whole group fails with it (nothing of
 * it committed), and the writer rolls back and opens a fresh connection before the next group. The
 * next group commits as soon as the storage takes writes again, without a restart.
 */
final class GroupCommitWriter implements Writer {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int QUEUE_CAPACITY = 8192;
    private static final int MAX_GROUP = 512;

    private record Task<T>(Database.Work<T> work, CompletableFuture<T> result) {}

    private record Done(Object value, List<Runnable> afterCommit) {}

    private final ConnectionSource source;
    private final Dialect dialect;
    /** Owned by the writer thread (and {@link #close} once it has ended). */
    private Connection connection;
    private Tx tx;
    private final BlockingQueue<Task<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;

    /** Opens the writer's connection, at start and again after a storage fault. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    GroupCommitWriter(ConnectionSource source, Dialect dialect) throws SQLException {
        this.source = source;
        this.dialect = dialect;
        connect();
        this.thread = Thread.ofPlatform().name("herald-db-writer").start(this::run);
    }

    private void connect() throws SQLException {
        Connection opened = source.open();
        try {
            opened.setAutoCommit(false);
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        Map<String, PreparedStatement> cache = new HashMap<>();
        this.connection = opened;
        this.tx = new Tx(opened, dialect, cache);
    }

    @Override
    public <T> T submit(Database.Work<T> work) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("nested write: run the inner work on the Tx you were given");
        }
        if (!running) {
            throw new IllegalStateException("database is closed");
        }
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a write", e);
        }
        try {
            return task.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private void run() {
        List<Task<?>> group = new ArrayList<>(MAX_GROUP);
        List<Object> results = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                runGroup(group, results);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
                results.clear();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runGroup(List<Task<?>> group, List<Object> results) {
        if (connection == null && !reconnect()) {
            failAll(group, new DatabaseException("connect", new java.sql.SQLException(
                    "the writer has no connection to the embedded database", "08003")));
            return;
        }
        boolean alone = group.size() == 1;
        for (Task<?> task : group) {
            Object outcome = alone ? runAlone(task) : runOne(task);
            if (outcome instanceof Failed failed && DatabaseException.isStorageUnavailable(failed.error())) {
                // SQLite may have rolled the whole transaction back: nothing of this group can commit.
                log.warn("a write of {} grouped writes met a storage fault; the group is rolled back: {}",
                        group.size(), DatabaseException.rootMessage(failed.error()));
                reset();
                failAll(group, failed.error());
                return;
            }
            results.add(outcome);
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            DatabaseException failure = new DatabaseException("COMMIT", e);
            if (failure.unavailable()) {
                log.warn("commit of {} writes met a storage fault; rolled back: {}", group.size(), e.getMessage());
            } else {
                log.error("commit of {} writes failed", group.size(), e);
            }
            reset();
            failAll(group, failure);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Object outcome = results.get(i);
            CompletableFuture future = group.get(i).result();
            if (outcome instanceof Done done) {
                for (Runnable action : done.afterCommit()) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        log.error("after-commit action failed", e);
                    }
                }
                future.complete(done.value());
            } else {
                future.completeExceptionally(((Failed) outcome).error());
            }
        }
    }

    private static void failAll(List<Task<?>> group, Throwable error) {
        group.forEach(t -> t.result().completeExceptionally(error));
    }

    /**
     * Forgets the failed transaction: rolls back what SQLite has not rolled back itself, and starts
     * over on a fresh connection, so no state of the failed one (an open transaction the driver
     * believes in, prepared statements) carries over to the next group.
     */
    private void reset() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("rollback after a failed group: {}", e.getMessage()); // SQLite may have rolled back already
        }
        tx.closeStatements();
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the failed writer connection: {}", e.getMessage());
        }
        connection = null;
        reconnect();
    }

    /** Opens a fresh writer connection; false (and the next group tries again) when even that fails. */
    private boolean reconnect() {
        try {
            connect();
            return true;
        } catch (SQLException e) {
            log.warn("cannot reopen the embedded database's writer connection yet: {}", e.getMessage());
            connection = null;
            return false;
        }
    }

    private record Failed(Throwable error) {}

    /**
     * A group of one needs no savepoint (two statements of its own): if the work fails, rolling back
     * the whole transaction rolls back exactly that work.
     */
    private Object runAlone(Task<?> task) {
        try {
            Object value = task.work().run(tx);
            return new Done(value, tx.takeAfterCommit());
        } catch (Throwable error) {
            tx.takeAfterCommit();
            try {
                connection.rollback();
            } catch (SQLException e) {
                log.debug("rollback of a failed write: {}", e.getMessage()); // the commit that follows resets the writer
            }
            return new Failed(error instanceof SQLException sql ? new DatabaseException("write", sql) : error);
        }
    }

    private Object runOne(Task<?> task) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            return new Failed(new DatabaseException("SAVEPOINT", e));
        }
        try {
            Object value = task.work().run(tx);
            connection.releaseSavepoint(savepoint);
            return new Done(value, tx.takeAfterCommit());
        } catch (Throwable error) {
            tx.takeAfterCommit();
            try {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                log.error("rollback to savepoint failed", e);
            }
            return new Failed(error instanceof SQLException sql ? new DatabaseException("write", sql) : error);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            tx.closeStatements();
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("closing the writer connection failed", e);
            }
        }
    }
}
