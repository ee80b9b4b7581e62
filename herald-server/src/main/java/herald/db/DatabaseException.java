package herald.db;

import java.sql.SQLException;

/** An unexpected database failure. Answered as a 500 without detail; logged with the statement. */
public final class DatabaseException extends RuntimeException {

    private final boolean uniqueViolation;

    public DatabaseException(String sql, SQLException cause) {
        super("database error running: " + sql, cause);
        this.uniqueViolation = isUniqueViolation(cause);
    }

    /** True when the statement broke a unique constraint (a duplicate key). */
    public boolean uniqueViolation() {
        return uniqueViolation;
    }

    private static boolean isUniqueViolation(SQLException e) {
        // PostgreSQL: SQLState 23505. SQLite: extended code SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY.
        if ("23505".equals(e.getSQLState())) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
    }
}
