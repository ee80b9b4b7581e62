package herald.project;

import herald.account.AccountId;
import herald.db.Tx;
import herald.page.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of projects and environments, scoped by account. */
public final class ProjectStore {

    public void insert(Tx tx, Project p) {
        tx.update("INSERT INTO projects (id, account_id, key, name, created_at) VALUES (?, ?, ?, ?, ?)",
                p.id(), p.accountId(), p.key(), p.name(), p.createdAt());
        p.environments().forEach(e -> insertEnvironment(tx, p.accountId(), e));
    }

    public void insertEnvironment(Tx tx, AccountId accountId, Project.Environment e) {
        tx.update("INSERT INTO environments (id, account_id, project_id, key, name, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                e.id(), accountId, e.projectId(), e.key(), e.name(), e.createdAt());
    }

    public Optional<Project> find(Tx tx, AccountId accountId, ProjectId id) {
        return withEnvironments(tx, tx.query(SELECT + " WHERE id = ? AND account_id = ?", ProjectStore::map,
                id, accountId)).stream().findFirst();
    }

    public Optional<Project> findByKey(Tx tx, AccountId accountId, String key) {
        return withEnvironments(tx, tx.query(SELECT + " WHERE key = ? AND account_id = ?", ProjectStore::map,
                key, accountId)).stream().findFirst();
    }

    public List<Project> list(Tx tx, AccountId accountId, PageRequest page) {
        return withEnvironments(tx, tx.query(SELECT + " WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                ProjectStore::map, accountId, page.below(), page.limit()));
    }

    /**
     * Moves the settings document of one project environment on by one version and returns where it
     * now stands; empty when the account has no such project environment. Call it in the transaction
     * that emits {@code settings.changed}: the row lock it takes orders concurrent changes, so each gets
     * its own number and the event carries exactly the version the document shows once it commits.
     */
    public Optional<SettingsVersion> advanceSettings(Tx tx, AccountId accountId, String projectKey, String environment) {
        int changed = tx.update("UPDATE environments SET settings_version = settings_version + 1"
                + " WHERE account_id = ? AND key = ? AND project_id = (SELECT id FROM projects WHERE account_id = ?"
                + " AND key = ?)", accountId, environment, accountId, projectKey);
        if (changed == 0) {
            return Optional.empty();
        }
        return tx.one("SELECT e.project_id, e.key, e.settings_version FROM environments e"
                + " JOIN projects p ON p.id = e.project_id WHERE p.account_id = ? AND p.key = ? AND e.key = ?",
                ProjectStore::version, accountId, projectKey, environment);
    }

    /** Where the settings document of one project environment stands; empty when there is no such environment. */
    public Optional<SettingsVersion> settingsVersion(Tx tx, AccountId accountId, ProjectId projectId, String environment) {
        return tx.one("SELECT project_id, key, settings_version FROM environments"
                + " WHERE account_id = ? AND project_id = ? AND key = ?", ProjectStore::version,
                accountId, projectId, environment);
    }

    private static SettingsVersion version(ResultSet rs) throws SQLException {
        return new SettingsVersion(new ProjectId(rs.getString("project_id")), rs.getString(2), rs.getLong("settings_version"));
    }

    private static final String SELECT = "SELECT id, account_id, key, name, created_at FROM projects";

    private static List<Project> withEnvironments(Tx tx, List<Project> projects) {
        if (projects.isEmpty()) {
            return projects;
        }
        Map<ProjectId, List<Project.Environment>> byProject = new HashMap<>();
        tx.queryIn("SELECT id, project_id, key, name, created_at FROM environments WHERE project_id IN (%s)"
                        + " ORDER BY created_at, key", projects.stream().map(Project::id).toList(),
                rs -> new Project.Environment(rs.getString("id"), new ProjectId(rs.getString("project_id")), rs.getString("key"),
                        rs.getString("name"), rs.getLong("created_at")))
                .forEach(e -> byProject.computeIfAbsent(e.projectId(), k -> new ArrayList<>()).add(e));
        return projects.stream().map(p -> new Project(p.id(), p.accountId(), p.key(), p.name(), p.createdAt(),
                List.copyOf(byProject.getOrDefault(p.id(), List.of())))).toList();
    }

    private static Project map(ResultSet rs) throws SQLException {
        return new Project(new ProjectId(rs.getString("id")), new AccountId(rs.getString("account_id")), rs.getString("key"), rs.getString("name"),
                rs.getLong("created_at"), List.of());
    }
}
