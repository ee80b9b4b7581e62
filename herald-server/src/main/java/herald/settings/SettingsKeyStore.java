package herald.settings;

import herald.account.AccountId;
import herald.db.Tx;
import herald.page.PageRequest;
import herald.project.ProjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of read-only settings keys, scoped by account. Telling who a key is (by its hash) is
 * {@code herald.account}'s, with every other bearer token.
 */
final class SettingsKeyStore {

    private static final String SELECT = "SELECT id, account_id, project_id, environment, description, created_at"
            + " FROM settings_keys";

    void insert(Tx tx, SettingsKey key, String keyHash) {
        tx.update("INSERT INTO settings_keys (id, key_hash, account_id, project_id, environment, description, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", key.id(), keyHash, key.accountId(), key.projectId(),
                key.environment(), key.description(), key.createdAt());
    }

    /** A page of the keys of one project environment, newest first. */
    List<SettingsKey> list(Tx tx, AccountId accountId, ProjectId projectId, String environment, PageRequest page) {
        return tx.query(SELECT + " WHERE account_id = ? AND project_id = ? AND environment = ? AND id < ?"
                        + " ORDER BY id DESC LIMIT ?", SettingsKeyStore::map, accountId, projectId, environment,
                page.below(), page.limit());
    }

    Optional<SettingsKey> find(Tx tx, AccountId accountId, SettingsKeyId id) {
        return tx.one(SELECT + " WHERE account_id = ? AND id = ?", SettingsKeyStore::map, accountId, id);
    }

    void delete(Tx tx, AccountId accountId, SettingsKeyId id) {
        tx.update("DELETE FROM settings_keys WHERE account_id = ? AND id = ?", accountId, id);
    }

    private static SettingsKey map(ResultSet rs) throws SQLException {
        return new SettingsKey(new SettingsKeyId(rs.getString("id")), new AccountId(rs.getString("account_id")), new ProjectId(rs.getString("project_id")),
                rs.getString("environment"), rs.getString("description"), rs.getLong("created_at"));
    }
}
