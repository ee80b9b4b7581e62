package herald.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Herald's store: the source of truth and the delivery queue, on the embedded database (SQLite) or
 * on PostgreSQL. Reads run on pooled connections. On SQLite, writes run through
 * {@link GroupCommitWriter}, which commits concurrent writes together on the one writer SQLite
 * allows; on PostgreSQL through {@link PooledWriter}, a transaction per unit of work. The schema is
 * migrated by Flyway from {@code db/migration} on open; on PostgreSQL, Flyway's lock makes the other
 * nodes starting at the same moment wait for the one that migrates.
 */
public final class Database implements AutoCloseable {

    /** Work done on a {@link Tx}; everything it writes commits or rolls back as one. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx);
    }

    private final Dialect dialect;
    private final HikariDataSource readers;
    private final Writer writer;
    /** When the last write met a storage fault, in epoch milliseconds; 0 once a write has committed since. */
    private volatile long writeFailedAt;
    private volatile io.micrometer.core.instrument.Counter storageFaults;
    /** How long after a failed write readiness believes it without trying a write of its own. */
    private static final long TRUST_FAILURE_MILLIS = 5_000;

    private Database(Dialect dialect, HikariDataSource readers, Writer writer) {
        this.dialect = dialect;
        this.readers = readers;
        this.writer = writer;
    }

    /**
     * Opens (creating if needed) the embedded database file and migrates it.
     *
     * @param durableCommits fsync each commit (survives power loss) rather than only writing it to the
     *                       operating system (survives a crash of the process)
     */
    public static Database openEmbedded(Path file, boolean durableCommits) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory for " + file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durableCommits ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setCacheSize(-65_536); // 64 MiB page cache per connection
        // Temporary tables and sorts (the analysis of a large experiment) spill to files, not memory.
        config.setTempStore(SQLiteConfig.TempStore.FILE);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

        migrate(source);

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setPoolName("herald-readers");
        pool.setMaximumPoolSize(8);
        HikariDataSource readers = new HikariDataSource(pool);
        try {
            return new Database(Dialect.SQLITE, readers, new GroupCommitWriter(() -> mapped(source.getConnection()),
                    Dialect.SQLITE));
        } catch (SQLException e) {
            readers.close();
            throw new IllegalStateException("cannot open the database writer", e);
        }
    }

    /**
     * The most of the database file the writer reads through memory mapping, not through a read call per
     * page. Its writes at random places in indexes of millions of rows (the analysis's folds) read
     * pages its own cache does not hold; mapped, a fold of conversions into 10 M units costs a sixth
     * less (docs/performance.md, "The writer's reads mapped"). Writes still go through the file, and
     * the mapping only covers the file as it is: a larger limit reserves nothing.
     */
    static final long WRITER_MMAP_BYTES = 16L << 30;

    private static Connection mapped(Connection writer) throws SQLException {
        try (Statement pragma = writer.createStatement()) {
            pragma.execute("PRAGMA mmap_size = " + WRITER_MMAP_BYTES);
        } catch (SQLException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /**
     * Connects to PostgreSQL and migrates it.
     *
     * @param url      a {@code jdbc:postgresql:} URL
     * @param user     the user, or null when the URL carries it
     * @param password the password, or null
     * @param poolSize connections this node keeps open, shared by reads and writes
     */
    public static Database openPostgres(String url, String user, String password, int poolSize) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:");
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        if (user != null && !user.isBlank()) {
            pool.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            pool.setPassword(password);
        }
        pool.setPoolName("herald-postgres");
        pool.setMaximumPoolSize(poolSize);
        // One multi-row INSERT per batch instead of a round trip per row.
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        pool.setInitializationFailTimeout(30_000);
        // A request (or a readiness probe) waits at most this long for a connection, then fails.
        pool.setConnectionTimeout(5_000);
        HikariDataSource source = new HikariDataSource(pool);
        try {
            migrate(source);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return new Database(Dialect.POSTGRES, source, new PooledWriter(source, Dialect.POSTGRES));
    }

    /** A new connection of its own, outside the pool, for a listener that holds it open. */
    public Connection dedicatedConnection() throws SQLException {
        return readers.getDataSource() != null ? readers.getDataSource().getConnection()
                : java.sql.DriverManager.getConnection(readers.getJdbcUrl(), readers.getUsername(), readers.getPassword());
    }

    private static void migrate(DataSource source) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    /**
     * Publishes the connection pool's figures (connections active, idle, pending) to the registry, and
     * the storage's health: {@code herald_storage_writes_failing} is 1 from a write that met a storage
     * fault until a write commits again, {@code herald_storage_faults_total} counts such writes.
     */
    public void instrument(io.micrometer.core.instrument.MeterRegistry registry) {
        readers.setMetricRegistry(registry);
        registry.gauge("herald.storage.writes.failing", this, db -> db.writeFailedAt == 0 ? 0 : 1);
        storageFaults = registry.counter("herald.storage.faults");
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs read-only work on a pooled connection and returns its result. */
    public <T> T read(Work<T> work) {
        try (Connection connection = readers.getConnection()) {
            Tx tx = new Tx(connection, dialect);
            try {
                T result = work.run(tx);
                if (!tx.takeAfterCommit().isEmpty()) {
                    throw new IllegalStateException("after-commit actions registered in read-only work");
                }
                return result;
            } finally {
                tx.closeStatements();
            }
        } catch (SQLException e) {
            throw new DatabaseException("read", e);
        }
    }

    /**
     * Runs work in a transaction and returns its result once committed. If the work throws, its
     * writes are rolled back and the exception is rethrown. Never call from inside other work.
     */
    public <T> T write(Work<T> work) {
        try {
            T result = writer.submit(work);
            writeFailedAt = 0;
            return result;
        } catch (RuntimeException e) {
            if (DatabaseException.isStorageUnavailable(e)) {
                writeFailedAt = System.currentTimeMillis();
                if (storageFaults != null) {
                    storageFaults.increment();
                }
            }
            throw e;
        }
    }

    /**
     * Whether writes commit now, judged by the last write: free while they do. After a write met a
     * storage fault (a full disk, PostgreSQL away) the answer is no for a few seconds; after that,
     * if no write has come along to say otherwise, it tries a small write of its own (a row in
     * {@code leases} that no job reads), so readiness does not wait for traffic to find out.
     */
    public boolean writable() {
        long failedAt = writeFailedAt;
        if (failedAt == 0) {
            return true;
        }
        if (System.currentTimeMillis() - failedAt < TRUST_FAILURE_MILLIS) {
            return false;
        }
        try {
            write(tx -> tx.update("INSERT INTO leases (name, holder, expires_at) VALUES ('storage-probe', 'herald', ?)"
                    + " ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at", System.currentTimeMillis()));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
