package herald.project;

import herald.account.Account;
import herald.db.Database;
import herald.id.Ids;
import herald.key.Keys;
import herald.page.PageRequest;
import herald.problem.Conflict;
import herald.problem.NotFound;
import java.time.Clock;
import java.util.List;

/** Projects and their environments. They emit no events: the seeds promise none for them. */
public final class Projects {

    public static final String DEFAULT_ENVIRONMENT = "production";

    private final Database db;
    private final ProjectStore store;
    private final Clock clock;

    public Projects(Database db, ProjectStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    public Project create(Account account, String key, String name) {
        Keys.valid(key, "key");
        String validName = Keys.validName(name, "name");
        long now = clock.millis();
        ProjectId id = ProjectId.next(clock);
        Project project = new Project(id, account.id(), key, validName, now, List.of(
                new Project.Environment(Ids.next("env", clock.millis()), id, DEFAULT_ENVIRONMENT, "Production", now)));
        return db.write(tx -> {
            if (store.findByKey(tx, account.id(), key).isPresent()) {
                throw new Conflict("duplicate_key", "a project with key '" + key + "' already exists", "key");
            }
            store.insert(tx, project);
            return project;
        });
    }

    public Project addEnvironment(Account account, ProjectId projectId, String key, String name) {
        Keys.valid(key, "key");
        String validName = Keys.validName(name, "name");
        return db.write(tx -> {
            Project project = store.find(tx, account.id(), projectId).orElseThrow(() -> notFound(projectId));
            if (project.environments().stream().anyMatch(e -> e.key().equals(key))) {
                throw new Conflict("duplicate_key", "project " + project.key() + " already has an environment '"
                        + key + "'", "key");
            }
            store.insertEnvironment(tx, account.id(),
                    new Project.Environment(Ids.next("env", clock.millis()), projectId, key, validName, clock.millis()));
            return store.find(tx, account.id(), projectId).orElseThrow();
        });
    }

    public Project find(Account account, ProjectId id) {
        return db.read(tx -> store.find(tx, account.id(), id)).orElseThrow(() -> notFound(id));
    }

    public List<Project> list(Account account, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), page));
    }

    private static NotFound notFound(ProjectId id) {
        return new NotFound("not_found", "no project " + id);
    }
}
