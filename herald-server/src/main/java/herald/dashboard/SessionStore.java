package herald.dashboard;

import herald.account.AccountId;
import herald.db.Tx;
import java.util.Optional;

/** The SQL of dashboard sessions; rows are keyed by the hash of the session token, never the token. */
public final class SessionStore {

    /** A stored session. */
    record Row(String tokenHash, AccountId accountId, Optional<String> actor, long createdAt, long lastSeenAt) {}

    void insert(Tx tx, Row row) {
        tx.update("INSERT INTO dashboard_sessions (token_hash, account_id, actor, created_at, last_seen_at)"
                + " VALUES (?, ?, ?, ?, ?)", row.tokenHash(), row.accountId(), row.actor().orElse(null),
                row.createdAt(), row.lastSeenAt());
    }

    Optional<Row> find(Tx tx, String tokenHash) {
        return tx.one("SELECT token_hash, account_id, actor, created_at, last_seen_at FROM dashboard_sessions"
                        + " WHERE token_hash = ?",
                rs -> new Row(rs.getString("token_hash"), new AccountId(rs.getString("account_id")), Tx.optionalString(rs, "actor"),
                        rs.getLong("created_at"), rs.getLong("last_seen_at")), tokenHash);
    }

    void touch(Tx tx, String tokenHash, long now) {
        tx.update("UPDATE dashboard_sessions SET last_seen_at = ? WHERE token_hash = ?", now, tokenHash);
    }

    void delete(Tx tx, String tokenHash) {
        tx.update("DELETE FROM dashboard_sessions WHERE token_hash = ?", tokenHash);
    }

    /** Deletes sessions idle since before {@code idleBefore} or created before {@code createdBefore}. */
    int deleteExpired(Tx tx, long idleBefore, long createdBefore) {
        return tx.update("DELETE FROM dashboard_sessions WHERE last_seen_at < ? OR created_at < ?", idleBefore,
                createdBefore);
    }
}
