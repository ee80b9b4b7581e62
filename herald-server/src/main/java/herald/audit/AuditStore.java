package herald.audit;

import herald.account.AccountId;
import herald.db.Tx;
import herald.page.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The SQL of the audit log; every read is scoped by account. */
public final class AuditStore {

    /** Every list reads one account's entries before the page's bound; a filter adds its condition after it. */
    private static final String SELECT = "SELECT id, account_id, actor, action, target, at, details FROM audit_log"
            + " WHERE account_id = ? AND id < ?";

    void insert(Tx tx, AuditEntry e) {
        tx.update("INSERT INTO audit_log (id, account_id, actor, action, target, at, details)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", e.id(), e.accountId(), e.actor(), e.action(), e.target(), e.at(),
                e.details());
    }

    List<AuditEntry> list(Tx tx, AccountId accountId, PageRequest page) {
        return tx.query(SELECT + " ORDER BY id DESC LIMIT ?", AuditStore::map, accountId, page.below(), page.limit());
    }

    List<AuditEntry> list(Tx tx, AccountId accountId, String action, PageRequest page) {
        return tx.query(SELECT + " AND action = ? ORDER BY id DESC LIMIT ?", AuditStore::map, accountId, page.below(),
                action, page.limit());
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString(1), new AccountId(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getString(7));
    }
}
