package herald.member;

import herald.db.Tx;
import herald.page.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of members: account members in {@code members}, project members in {@code project_members}.
 * Lists page by user id in ascending order.
 */
public final class MemberStore {

    Optional<Member> find(Tx tx, Scope scope, String userId) {
        return switch (scope) {
            case Scope.OfAccount a -> tx.one("SELECT user_id, role, updated_at FROM members"
                    + " WHERE account_id = ? AND user_id = ?", MemberStore::map, a.accountId(), userId);
            case Scope.OfProject p -> tx.one("SELECT user_id, role, updated_at FROM project_members"
                    + " WHERE project_id = ? AND user_id = ?", MemberStore::map, p.projectId(), userId);
        };
    }

    /** Inserts the member, or replaces the role of the member already there. */
    void save(Tx tx, Scope scope, Member m) {
        switch (scope) {
            case Scope.OfAccount a -> tx.update("INSERT INTO members (account_id, user_id, role, updated_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, user_id)"
                    + " DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at",
                    a.accountId(), m.userId(), m.role().wireName(), m.updatedAt());
            case Scope.OfProject p -> tx.update("INSERT INTO project_members (account_id, project_id, user_id, role,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, user_id)"
                    + " DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at",
                    p.accountId(), p.projectId(), m.userId(), m.role().wireName(), m.updatedAt());
        }
    }

    void delete(Tx tx, Scope scope, String userId) {
        switch (scope) {
            case Scope.OfAccount a -> tx.update("DELETE FROM members WHERE account_id = ? AND user_id = ?",
                    a.accountId(), userId);
            case Scope.OfProject p -> tx.update("DELETE FROM project_members WHERE project_id = ? AND user_id = ?",
                    p.projectId(), userId);
        }
    }

    List<Member> list(Tx tx, Scope scope, PageRequest page) {
        return switch (scope) {
            case Scope.OfAccount a -> tx.query("SELECT user_id, role, updated_at FROM members"
                    + " WHERE account_id = ? AND user_id > ? ORDER BY user_id LIMIT ?", MemberStore::map,
                    a.accountId(), page.above(), page.limit());
            case Scope.OfProject p -> tx.query("SELECT user_id, role, updated_at FROM project_members"
                    + " WHERE project_id = ? AND user_id > ? ORDER BY user_id LIMIT ?", MemberStore::map,
                    p.projectId(), page.above(), page.limit());
        };
    }

    private static Member map(ResultSet rs) throws SQLException {
        return new Member(rs.getString("user_id"), Role.parse(rs.getString("role")), rs.getLong("updated_at"));
    }
}
