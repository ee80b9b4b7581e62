package herald.audit;

import herald.account.AccountId;
import herald.db.Tx;
import java.util.List;
import java.util.Optional;

/** The SQL of the audit log; every read is scoped by account. */
public final class AuditStore {

    void insert(Tx tx, AuditEntry e) {
        tx.update("INSERT INTO audit_log (id, account_id, actor, action, target, at, details)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", e.id(), e.accountId(), e.actor(), e.action(), e.target(), e.at(),
                e.details());
    }

    List<AuditEntry> list(Tx tx, AccountId accountId, Optional<String> action, Optional<String> after, int limit) {
        String select = "SELECT id, account_id, actor, action, target, at, details FROM audit_log"
                + " WHERE account_id = ? AND id < ?";
        Tx.Row<AuditEntry> row = rs -> new AuditEntry(rs.getString(1), new AccountId(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7));
        if (action.isPresent()) {
            return tx.query(select + " AND action = ? ORDER BY id DESC LIMIT ?", row, accountId, after.orElse("~"),
                    action.get(), limit);
        }
        return tx.query(select + " ORDER BY id DESC LIMIT ?", row, accountId, after.orElse("~"), limit);
    }
}
