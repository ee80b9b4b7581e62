package herald.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A database failure. Two kinds matter to callers: the storage is unavailable (disk full, an I/O
 * error, PostgreSQL down, restarting, failed over or its connection reset), which is temporary and
 * answered 503 {@code storage_unavailable} so the client tries again; and everything else, a fault
 * in Herald, answered 500 without detail. Both are logged with the statement.
 */
public final class DatabaseException extends RuntimeException {

    private final boolean uniqueViolation;
    private final boolean unavailable;

    public DatabaseException(String sql, SQLException cause) {
        super("database error running: " + sql, cause);
        this.uniqueViolation = isUniqueViolation(cause);
        this.unavailable = isUnavailable(cause);
    }

    /** True when the statement broke a unique constraint (a duplicate key). */
    public boolean uniqueViolation() {
        return uniqueViolation;
    }

    /**
     * True when the storage could not take or answer the statement for a reason outside the statement
     * itself: nothing of the work committed, and the same work may succeed once storage is back.
     */
    public boolean unavailable() {
        return unavailable;
    }

    /** The first {@link DatabaseException} in a chain of causes that says storage is unavailable, if any. */
    public static boolean isStorageUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DatabaseException db && db.unavailable()) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message: what an operator needs in a one-line log of a storage fault. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static boolean isUniqueViolation(SQLException e) {
        // PostgreSQL: SQLState 23505. SQLite: extended code SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY.
        if ("23505".equals(e.getSQLState())) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
    }

    static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            return unavailableOnSqlite(sqlite.getResultCode());
        }
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return true; // the pool gave up waiting for a connection, or the connection is gone
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        // PostgreSQL's classes: 08 connection exception, 53 insufficient resources (53100 disk full),
        // 57P01..57P03 shutdown, crash or not yet accepting connections, 58 system (I/O) error,
        // 25006 a read-only transaction (a standby that has not been promoted yet, after a failover).
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.startsWith("58")
                || state.equals("25006");
    }

    private static boolean unavailableOnSqlite(SQLiteErrorCode code) {
        if (code == null) {
            return false;
        }
        // Extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT, ...) keep their primary code in the low byte.
        int primary = code.code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_FULL.code
                || primary == SQLiteErrorCode.SQLITE_IOERR.code
                || primary == SQLiteErrorCode.SQLITE_BUSY.code
                || primary == SQLiteErrorCode.SQLITE_LOCKED.code
                || primary == SQLiteErrorCode.SQLITE_NOMEM.code
                || primary == SQLiteErrorCode.SQLITE_READONLY.code
                || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                || primary == SQLiteErrorCode.SQLITE_PROTOCOL.code;
    }
}
