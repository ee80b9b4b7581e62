package herald.account;

import herald.db.Tx;
import herald.page.PageRequest;
import herald.project.ProjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The SQL of accounts and their API keys. */
public final class AccountStore {

    private static final String COLUMNS = "id, name, plan, created_at";

    public void insert(Tx tx, Account account) {
        tx.update("INSERT INTO accounts (id, name, plan, created_at) VALUES (?, ?, ?, ?)",
                account.id(), account.name(), account.plan().wireName(), account.createdAt());
    }

    public Optional<Account> find(Tx tx, AccountId id) {
        return tx.one("SELECT " + COLUMNS + " FROM accounts WHERE id = ?", AccountStore::map, id);
    }

    public List<Account> list(Tx tx, PageRequest page) {
        return tx.query("SELECT " + COLUMNS + " FROM accounts WHERE id < ? ORDER BY id DESC LIMIT ?",
                AccountStore::map, page.below(), page.limit());
    }

    public void updatePlan(Tx tx, AccountId id, Plan plan) {
        tx.update("UPDATE accounts SET plan = ? WHERE id = ?", plan.wireName(), id);
    }

    /** Stores a key by its hash for {@code holder}: what {@link #findByKeyHash} gives back for it. */
    public void addKey(Tx tx, String keyHash, Caller.AccountKey holder, long now) {
        tx.update("INSERT INTO api_keys (key_hash, account_id, actor, created_at) VALUES (?, ?, ?, ?)",
                keyHash, holder.account().id(), holder.actor().orElse(null), now);
    }

    /** The caller a key stands for. The lookup is by hash: the key itself is never stored. */
    public Optional<Caller.AccountKey> findByKeyHash(Tx tx, String keyHash) {
        return tx.one("SELECT a.id, a.name, a.plan, a.created_at, k.actor FROM api_keys k"
                + " JOIN accounts a ON a.id = k.account_id WHERE k.key_hash = ?",
                rs -> new Caller.AccountKey(map(rs), Tx.optionalString(rs, "actor")), keyHash);
    }

    /** The read-only settings key with this hash; like API keys, only the hash is stored. */
    public Optional<Caller.SettingsKey> findSettingsKeyByHash(Tx tx, String keyHash) {
        return tx.one("SELECT id, account_id, project_id, environment FROM settings_keys WHERE key_hash = ?",
                rs -> new Caller.SettingsKey(rs.getString("id"), new AccountId(rs.getString("account_id")),
                        new ProjectId(rs.getString("project_id")),
                        rs.getString("environment")), keyHash);
    }

    public Optional<String> setting(Tx tx, String name) {
        return tx.one("SELECT value FROM settings WHERE name = ?", rs -> rs.getString(1), name);
    }

    public void putSetting(Tx tx, String name, String value) {
        if (tx.update("UPDATE settings SET value = ? WHERE name = ?", value, name) == 0) {
            tx.update("INSERT INTO settings (name, value) VALUES (?, ?)", name, value);
        }
    }

    private static Account map(ResultSet rs) throws SQLException {
        return new Account(new AccountId(rs.getString("id")), rs.getString("name"), Plan.parse(rs.getString("plan")),
                rs.getLong("created_at"));
    }
}
