package herald.project;

import herald.db.Tx;
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

    public void insertEnvironment(Tx tx, String accountId, Project.Environment e) {
        tx.update("INSERT INTO environments (id, account_id, project_id, key, name, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                e.id(), accountId, e.projectId(), e.key(), e.name(), e.createdAt());
    }

    public Optional<Project> find(Tx tx, String accountId, String id) {
        return withEnvironments(tx, tx.query(SELECT + " WHERE id = ? AND account_id = ?", ProjectStore::map,
                id, accountId)).stream().findFirst();
    }

    public Optional<Project> findByKey(Tx tx, String accountId, String key) {
        return withEnvironments(tx, tx.query(SELECT + " WHERE key = ? AND account_id = ?", ProjectStore::map,
                key, accountId)).stream().findFirst();
    }

    public List<Project> list(Tx tx, String accountId, Optional<String> after, int limit) {
        return withEnvironments(tx, tx.query(SELECT + " WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                ProjectStore::map, accountId, after.orElse("~"), limit));
    }

    private static final String SELECT = "SELECT id, account_id, key, name, created_at FROM projects";

    private static List<Project> withEnvironments(Tx tx, List<Project> projects) {
        if (projects.isEmpty()) {
            return projects;
        }
        Map<String, List<Project.Environment>> byProject = new HashMap<>();
        tx.queryIn("SELECT id, project_id, key, name, created_at FROM environments WHERE project_id IN (%s)"
                        + " ORDER BY created_at, key", projects.stream().map(Project::id).toList(),
                rs -> new Project.Environment(rs.getString("id"), rs.getString("project_id"), rs.getString("key"),
                        rs.getString("name"), rs.getLong("created_at")))
                .forEach(e -> byProject.computeIfAbsent(e.projectId(), k -> new ArrayList<>()).add(e));
        return projects.stream().map(p -> new Project(p.id(), p.accountId(), p.key(), p.name(), p.createdAt(),
                List.copyOf(byProject.getOrDefault(p.id(), List.of())))).toList();
    }

    private static Project map(ResultSet rs) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("account_id"), rs.getString("key"), rs.getString("name"),
                rs.getLong("created_at"), List.of());
    }
}
