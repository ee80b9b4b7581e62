package herald.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes on PostgreSQL: each unit of work is its own transaction on a pooled connection, so many
 * writers — on this node and on others — run at once, and the server orders them with row locks.
 * A transaction that PostgreSQL aborts to resolve a deadlock or a serialization conflict is run
 * again from the start, a few times, since the work has no effect until it commits.
 *
 * <p>A pooled connection can be dead when it is handed out (the server restarted, or ended the
 * backend): work that fails on such a connection before its commit is run once more on another.
 * A failure of the commit itself is never run again, since the commit may have happened.
 */
final class PooledWriter implements Writer {

    private static final Logger log = LoggerFactory.getLogger(PooledWriter.class);
    private static final int ATTEMPTS = 5;

    private final DataSource pool;
    private final Dialect dialect;

    PooledWriter(DataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    @Override
    public <T> T submit(Database.Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (BrokenBeforeCommit broken) {
                if (attempt > 1) {
                    throw broken.failure;
                }
                log.info("a pooled connection broke before its commit ({}); running the work again on another",
                        broken.failure.getCause().getMessage());
            } catch (DatabaseException e) {
                if (attempt == ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                log.debug("transaction aborted by the server ({}); running it again", e.getCause().getMessage());
            }
        }
    }

    private <T> T once(Database.Work<T> work) {
        List<Runnable> afterCommit;
        T result;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            Tx tx = new Tx(connection, dialect);
            try {
                try {
                    result = work.run(tx);
                } catch (DatabaseException e) {
                    rollbackQuietly(connection);
                    throw e.unavailable() ? new BrokenBeforeCommit(e) : e;
                }
                connection.commit();
                afterCommit = tx.takeAfterCommit();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw new DatabaseException("COMMIT", e);
            } finally {
                tx.closeStatements();
            }
        } catch (SQLException e) {
            throw new DatabaseException("connection", e);
        }
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("after-commit action failed", e);
            }
        }
        return result;
    }

    /** Work that failed because its connection broke, before anything was committed: safe to run again. */
    private static final class BrokenBeforeCommit extends RuntimeException {
        private final DatabaseException failure;

        BrokenBeforeCommit(DatabaseException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /** 40001 serialization failure, 40P01 deadlock detected: safe to run the whole work again. */
    private static boolean retryable(DatabaseException e) {
        return e.getCause() instanceof SQLException sql
                && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()));
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed (the connection is gone, and its transaction with it): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        // the pool belongs to the Database, which closes it
    }
}
