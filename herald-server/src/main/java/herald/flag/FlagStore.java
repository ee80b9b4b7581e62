package herald.flag;

import herald.account.AccountId;
import herald.db.Tx;
import herald.page.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The SQL of flags, scoped by account. Lists page by id, newest first. */
public final class FlagStore {

    private static final String SELECT = "SELECT id, account_id, project, environment, key, name, created_at FROM flags";

    public void insert(Tx tx, Flag f) {
        tx.update("INSERT INTO flags (id, account_id, project, environment, key, name, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                f.id(), f.accountId(), f.project(), f.environment().orElse(null), f.key(), f.name(), f.createdAt());
    }

    public Optional<Flag> find(Tx tx, AccountId accountId, FlagId id) {
        return tx.one(SELECT + " WHERE id = ? AND account_id = ?", FlagStore::map, id, accountId);
    }

    public boolean keyExists(Tx tx, AccountId accountId, String project, String key) {
        return tx.count("SELECT COUNT(*) FROM flags WHERE account_id = ? AND project = ? AND key = ?",
                accountId, project, key) > 0;
    }

    public List<Flag> list(Tx tx, AccountId accountId, PageRequest page) {
        return tx.query(SELECT + " WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                FlagStore::map, accountId, page.below(), page.limit());
    }

    public List<Flag> list(Tx tx, AccountId accountId, String project, PageRequest page) {
        return tx.query(SELECT + " WHERE account_id = ? AND project = ? AND id < ? ORDER BY id DESC LIMIT ?",
                FlagStore::map, accountId, project, page.below(), page.limit());
    }

    /** The flags of one project key, oldest first: those of every environment and those of one alike. */
    public List<Flag> ofProject(Tx tx, AccountId accountId, String project) {
        return tx.query(SELECT + " WHERE account_id = ? AND project = ? ORDER BY id", FlagStore::map, accountId, project);
    }

    public void delete(Tx tx, AccountId accountId, FlagId id) {
        tx.update("DELETE FROM flags WHERE id = ? AND account_id = ?", id, accountId);
    }

    private static Flag map(ResultSet rs) throws SQLException {
        return new Flag(new FlagId(rs.getString("id")), new AccountId(rs.getString("account_id")), rs.getString("project"),
                Tx.optionalString(rs, "environment"), rs.getString("key"), rs.getString("name"), rs.getLong("created_at"));
    }
}
