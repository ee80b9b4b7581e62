package herald.db;

import herald.id.Id;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One unit of work on one connection: plain SQL with positional arguments. Stores receive a Tx from
 * {@link Database#read} or {@link Database#write}; they never open connections themselves.
 * Not thread-safe: a Tx belongs to the thread running the work.
 */
public final class Tx {

    /** Maps the current row of a result set to a value. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> statements;
    private final List<Runnable> afterCommit = new ArrayList<>();

    Tx(Connection connection, Dialect dialect, Map<String, PreparedStatement> statementCache) {
        this.connection = connection;
        this.dialect = dialect;
        this.statements = statementCache;
    }

    Tx(Connection connection, Dialect dialect) {
        this(connection, dialect, new HashMap<>());
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code action} once this work has committed, and never if it rolls back: the place to
     * announce new rows (wake the dispatcher) without announcing rows that do not exist.
     */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Hands over and forgets the actions registered so far. */
    List<Runnable> takeAfterCommit() {
        List<Runnable> actions = List.copyOf(afterCommit);
        afterCommit.clear();
        return actions;
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it changed. */
    public int update(String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** Runs the same statement once per argument row, as one batch. */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            PreparedStatement ps = statement(sql);
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    public <T> List<T> query(String sql, Row<T> row, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(row.map(rs));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** Takes the current row of a result set, for {@link #each}. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a query and hands each row to {@code consumer} as it is read, holding none of them: for
     * scans of millions of rows. On PostgreSQL the rows come in batches through a cursor, which needs
     * a transaction; a connection in auto-commit gets one for the scan and goes back to auto-commit.
     */
    public void each(String sql, RowConsumer consumer, Object... args) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit && dialect == Dialect.POSTGRES) {
                connection.setAutoCommit(false);
            }
            try {
                PreparedStatement ps = prepare(sql, args);
                ps.setFetchSize(STREAM_FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(rs);
                    }
                }
            } finally {
                if (autoCommit && dialect == Dialect.POSTGRES) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static final int STREAM_FETCH_SIZE = 10_000;

    public <T> Optional<T> one(String sql, Row<T> row, Object... args) {
        List<T> rows = query(sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    public long count(String sql, Object... args) {
        return one(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    private PreparedStatement prepare(String sql, Object[] args) throws SQLException {
        PreparedStatement ps = statement(sql);
        bind(ps, args);
        return ps;
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Boolean b) {
                ps.setInt(i + 1, b ? 1 : 0);
            } else if (arg instanceof Id id) {
                ps.setString(i + 1, id.value());
            } else if (arg == null) {
                ps.setNull(i + 1, java.sql.Types.NULL);
            } else {
                ps.setObject(i + 1, arg);
            }
        }
    }

    /** Closes the statements of a Tx whose connection goes back to a pool. */
    void closeStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection is being returned or closed; nothing to recover
            }
        }
        statements.clear();
    }

    /**
     * Runs {@code sql}, whose {@code IN (%s)} takes the distinct {@code ids}, in as many statements as
     * every database's parameter limit needs, and returns all rows. {@code more} binds the
     * parameters that follow the list.
     */
    public <T> List<T> queryIn(String sql, java.util.Collection<?> ids, Row<T> row, Object... more) {
        List<?> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<T> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_LIST_LIMIT) {
            List<Object> args = new ArrayList<>(all.subList(i, Math.min(all.size(), i + IN_LIST_LIMIT)));
            int n = args.size();
            args.addAll(List.of(more));
            rows.addAll(query(sql.formatted("?,".repeat(n - 1) + "?"), row, args.toArray()));
        }
        return rows;
    }

    private static final int IN_LIST_LIMIT = 500;

    /** Nullable column helpers: JDBC reports SQL NULL through wasNull. */
    public static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }
}
