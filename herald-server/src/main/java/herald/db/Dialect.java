package herald.db;

/**
 * The SQL differences between the embedded database (SQLite) and PostgreSQL. The schema and almost
 * every statement are shared; only what the two spell differently is here.
 */
public enum Dialect {
    SQLITE,
    POSTGRES;

    /**
     * The row-locking suffix of a claim's inner SELECT. SQLite has a single writer, so a claim inside
     * a write transaction is already exclusive; PostgreSQL nodes skip rows another node is claiming.
     */
    public String skipLocked() {
        return this == POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * The suffix of a SELECT that reads a row in order to change it. On PostgreSQL it locks the row,
     * so two transactions (on two nodes) changing the same object run one after the other; SQLite's
     * single writer already does that.
     */
    public String forUpdate() {
        return this == POSTGRES ? " FOR UPDATE" : "";
    }
}
