package herald.flag;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.account.Account;
import herald.account.AccountId;
import herald.account.Caller;
import herald.db.Database;
import herald.db.Tx;
import herald.event.Publisher;
import herald.key.Keys;
import herald.page.PageRequest;
import herald.problem.Conflict;
import herald.problem.Invalid;
import herald.problem.NotFound;
import herald.project.Project;
import herald.project.ProjectStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Feature flags of an account. Each change publishes its event inside the transaction that makes
 * it (the outbox), so the flag and the news of it commit or roll back together. Changes take the
 * {@link Caller} rather than the account: the key's actor, when it names one, goes into the event.
 */
public final class Flags {

    private final Database db;
    private final FlagStore store;
    private final ProjectStore projects;
    private final Publisher publisher;
    private final Clock clock;

    public Flags(Database db, FlagStore store, ProjectStore projects, Publisher publisher, Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Creates a flag in all the environments of the project with key {@code project}, and emits
     * {@code flag.created}.
     *
     * @throws Invalid {@code invalid_key}, {@code invalid_name}, {@code unknown_project} when the account
     *     has no such project
     * @throws Conflict {@code duplicate_key} when the project already has a flag with this key
     */
    public Flag create(Caller caller, String key, String name, String project) {
        return create(caller, newFlag(caller, key, name, project));
    }

    /**
     * The same, in one environment of the project only.
     *
     * @throws Invalid {@code unknown_environment} too, when the project has no such environment
     */
    public Flag create(Caller caller, String key, String name, String project, String environment) {
        return create(caller, newFlag(caller, key, name, project).onlyIn(environment));
    }

    private Flag newFlag(Caller caller, String key, String name, String project) {
        Account account = caller.account();
        Keys.valid(key, "key");
        return new Flag(FlagId.next(clock), account.id(), project, Optional.empty(), key, Keys.validName(name, "name"),
                clock.millis());
    }

    private Flag create(Caller caller, Flag flag) {
        AccountId accountId = flag.accountId();
        String project = flag.project();
        String key = flag.key();
        return db.write(tx -> {
            Project owner = projects.findByKey(tx, accountId, project).orElseThrow(() ->
                    new Invalid("unknown_project", "no project '" + project + "'", "project"));
            Optional<String> environment = flag.environment();
            if (environment.isPresent() && owner.environments().stream()
                    .noneMatch(e -> e.key().equals(environment.get()))) {
                throw new Invalid("unknown_environment", "project '" + project + "' has no environment '"
                        + environment.get() + "'", "environment");
            }
            if (store.keyExists(tx, accountId, project, key)) {
                throw new Conflict("duplicate_key", "project " + project + " already has a flag '" + key + "'", "key");
            }
            store.insert(tx, flag);
            publish(tx, caller, "flag.created", flag);
            return flag;
        });
    }

    /** Deletes the flag and emits {@code flag.removed}; a 404 when the account has no such flag. */
    public void delete(Caller caller, FlagId id) {
        Account account = caller.account();
        db.write(tx -> {
            Flag flag = store.find(tx, account.id(), id).orElseThrow(() -> notFound(id));
            store.delete(tx, account.id(), id);
            publish(tx, caller, "flag.removed", flag);
            return null;
        });
    }

    public Flag find(Account account, FlagId id) {
        return db.read(tx -> store.find(tx, account.id(), id)).orElseThrow(() -> notFound(id));
    }

    /** A page of the account's flags, newest first. */
    public List<Flag> list(Account account, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), page));
    }

    /** A page of the flags of one project key, newest first. */
    public List<Flag> list(Account account, String project, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), project, page));
    }

    private void publish(Tx tx, Caller caller, String type, Flag flag) {
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("flag_id", flag.id().value())
                .put("flag_key", flag.key())
                .put("project", flag.project());
        flag.environment().ifPresent(environment -> data.put("environment", environment));
        caller.actor().ifPresent(actor -> data.put("actor", actor));
        publisher.publish(tx, flag.accountId(), type, data);
    }

    private static NotFound notFound(FlagId id) {
        return new NotFound("not_found", "no flag " + id);
    }
}
