package herald.member;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.account.Account;
import herald.account.Caller;
import herald.db.Database;
import herald.db.Tx;
import herald.event.Publisher;
import herald.page.PageRequest;
import herald.problem.Invalid;
import herald.problem.NotFound;
import herald.project.Project;
import herald.project.ProjectId;
import herald.project.ProjectStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Members of an account and of its projects. A change of access publishes its {@code access.*}
 * event inside the transaction that makes it; a request that changes nothing publishes nothing.
 * Account and project memberships are independent: neither implies nor removes the other.
 */
public final class Members {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@+-]{1,200}");

    private final Database db;
    private final MemberStore store;
    private final ProjectStore projects;
    private final Publisher publisher;
    private final Clock clock;

    public Members(Database db, MemberStore store, ProjectStore projects, Publisher publisher, Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Gives {@code userId} this role on the account. A new member or a changed role emits
     * {@code access.account.granted} when the role is now viewer (a step down from editor included) and
     * {@code access.account.edit_granted} when it is now editor; the role the member already has changes
     * nothing and emits nothing.
     *
     * @throws herald.problem.Invalid {@code invalid_user_id} or {@code invalid_role}
     */
    public Member put(Caller caller, String userId, String role) {
        Account account = caller.account();
        return put(caller, userId, role, tx -> new Scope.OfAccount(account.id()));
    }

    /** As {@link #put}, on a project of the account ({@code access.project.*}); a 404 for a project it does not have. */
    public Member putInProject(Caller caller, ProjectId projectId, String userId, String role) {
        Account account = caller.account();
        return put(caller, userId, role, tx -> projectScope(tx, account, projectId));
    }

    /** Removes {@code userId} from the account (emits {@code access.account.removed}); a 404 if not a member. */
    public void remove(Caller caller, String userId) {
        Account account = caller.account();
        remove(caller, userId, tx -> new Scope.OfAccount(account.id()));
    }

    /** As {@link #remove}, on a project of the account ({@code access.project.removed}). */
    public void removeFromProject(Caller caller, ProjectId projectId, String userId) {
        Account account = caller.account();
        remove(caller, userId, tx -> projectScope(tx, account, projectId));
    }

    /** A page of the account's members by user id. */
    public List<Member> list(Account account, PageRequest page) {
        return db.read(tx -> store.list(tx, new Scope.OfAccount(account.id()), page));
    }

    /** A page of a project's members by user id; a 404 for a project the account does not have. */
    public List<Member> listOfProject(Account account, ProjectId projectId, PageRequest page) {
        return db.read(tx -> store.list(tx, projectScope(tx, account, projectId), page));
    }

    private Member put(Caller caller, String userId, String roleName, Function<Tx, Scope> scopeOf) {
        validUserId(userId);
        Role role = Role.parse(roleName);
        return db.write(tx -> {
            Scope scope = scopeOf.apply(tx);
            Optional<Member> existing = store.find(tx, scope, userId);
            if (existing.isPresent() && existing.get().role() == role) {
                return existing.get();
            }
            Member member = new Member(userId, role, clock.millis());
            store.save(tx, scope, member);
            String action = switch (role) {
                case VIEWER -> "granted";
                case EDITOR -> "edit_granted";
            };
            publish(tx, caller, scope, action, memberData(scope, userId).put("role", role.wireName()));
            return member;
        });
    }

    private void remove(Caller caller, String userId, Function<Tx, Scope> scopeOf) {
        validUserId(userId);
        db.write(tx -> {
            Scope scope = scopeOf.apply(tx);
            if (store.find(tx, scope, userId).isEmpty()) {
                throw new NotFound("not_found", "no member " + userId);
            }
            store.delete(tx, scope, userId);
            publish(tx, caller, scope, "removed", memberData(scope, userId));
            return null;
        });
    }

    /** The data every access event holds: the member, and the project's key when the scope is a project. */
    private static ObjectNode memberData(Scope scope, String userId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("user_id", userId);
        if (scope instanceof Scope.OfProject p) {
            data.put("project", p.projectKey());
        }
        return data;
    }

    /** Publishes {@code access.<account|project>.<action>} with the data its catalog schema asks for. */
    private void publish(Tx tx, Caller caller, Scope scope, String action, ObjectNode data) {
        String level = switch (scope) {
            case Scope.OfAccount a -> "account";
            case Scope.OfProject p -> "project";
        };
        caller.actor().ifPresent(actor -> data.put("actor", actor));
        publisher.publish(tx, scope.accountId(), "access." + level + "." + action, data);
    }

    private Scope projectScope(Tx tx, Account account, ProjectId projectId) {
        Project project = projects.find(tx, account.id(), projectId)
                .orElseThrow(() -> new NotFound("not_found", "no project " + projectId));
        return new Scope.OfProject(account.id(), project.id(), project.key());
    }

    private static void validUserId(String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            throw new Invalid("invalid_user_id", "a user id is 1 to 200 letters, digits, '_', '.', '@', '+' or '-'",
                    "userId");
        }
    }
}
