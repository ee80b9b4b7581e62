package herald.settings;

import herald.account.AccountId;
import herald.account.Accounts;
import herald.account.Caller;
import herald.account.Secrets;
import herald.audit.AuditLog;
import herald.db.Database;
import herald.db.Tx;
import herald.experiment.ExperimentStore;
import herald.flag.FlagStore;
import herald.page.PageRequest;
import herald.problem.NotFound;
import herald.project.Project;
import herald.project.ProjectId;
import herald.project.ProjectStore;
import herald.project.SettingsVersion;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Serves the settings document of a project environment, and manages the read-only keys that fetch it.
 * An account API key reads any of its account's documents; a settings key reads its own one only, and
 * is told so (403) before anything is looked up, so it learns nothing of other projects.
 */
public final class SettingsDocuments {

    /** A settings key just made, with the key itself: the only time it exists in clear. */
    record Created(SettingsKey key, String secret) {}

    private final Database db;
    private final ProjectStore projects;
    private final ExperimentStore experiments;
    private final FlagStore flags;
    private final SettingsKeyStore keys;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    public SettingsDocuments(Database db, ProjectStore projects, ExperimentStore experiments, FlagStore flags,
                             Accounts accounts, AuditLog audit, Clock clock) {
        this.db = db;
        this.projects = projects;
        this.experiments = experiments;
        this.flags = flags;
        this.keys = new SettingsKeyStore();
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The document of environment {@code environment} (its key or id; a settings key names it by key) of
     * project {@code projectId}, read in one transaction so that its version and its content agree.
     *
     * @throws NotFound when the account has no such project or environment
     */
    SettingsDocument document(Caller caller, ProjectId projectId, String environment) {
        AccountId accountId = switch (caller) {
            case Caller.SettingsKey key when !key.reads(projectId, environment) -> throw key.refusal();
            case Caller.SettingsKey key -> key.accountId();
            default -> caller.account().id();
        };
        return db.read(tx -> {
            Place place = place(tx, accountId, projectId, environment);
            Project project = place.project();
            Project.Environment env = place.environment();
            SettingsVersion version = projects.settingsVersion(tx, accountId, projectId, env.key()).orElseThrow();
            return new SettingsDocument(projectId.value(), project.key(), env.key(), version.version(), version.path(),
                    experiments.running(tx, accountId, project.key(), env.key()).stream()
                            .map(SettingsDocument.ExperimentSettings::of).toList(),
                    flags.ofProject(tx, accountId, project.key()).stream().filter(f -> f.in(env.key()))
                            .map(SettingsDocument.FlagSettings::of).toList());
        });
    }

    /** A new read-only key for the document of one project environment; the audit log records it. */
    Created createKey(Caller caller, ProjectId projectId, String environment) {
        return insertKey(caller, projectId, environment, "");
    }

    /** The same, with a description of who holds the key. */
    Created createKey(Caller caller, ProjectId projectId, String environment, String description) {
        return insertKey(caller, projectId, environment, herald.key.Keys.validName(description, "description"));
    }

    private Created insertKey(Caller caller, ProjectId projectId, String environment, String text) {
        AccountId accountId = caller.account().id();
        String secret = Secrets.newToken(Accounts.SETTINGS_KEY_PREFIX);
        return db.write(tx -> {
            String env = place(tx, accountId, projectId, environment).environment().key();
            SettingsKey key = new SettingsKey(SettingsKeyId.next(clock), accountId, projectId, env, text, clock.millis());
            keys.insert(tx, key, Secrets.hash(secret));
            audit.record(tx, accountId, caller.auditName(), "settings_key.created", key.id().value(),
                    Map.of("project", projectId, "environment", env));
            return new Created(key, secret);
        });
    }

    /** A page of the keys of one project environment, newest first. */
    List<SettingsKey> keys(Caller caller, ProjectId projectId, String environment, PageRequest page) {
        AccountId accountId = caller.account().id();
        return db.read(tx -> keys.list(tx, accountId, projectId,
                place(tx, accountId, projectId, environment).environment().key(), page));
    }

    /** Revokes a key: refused from its next request on this node, within a second on others. */
    void revokeKey(Caller caller, SettingsKeyId id) {
        AccountId accountId = caller.account().id();
        db.write(tx -> {
            SettingsKey key = keys.find(tx, accountId, id)
                    .orElseThrow(() -> new NotFound("not_found", "no settings key " + id));
            keys.delete(tx, accountId, id);
            audit.record(tx, accountId, caller.auditName(), "settings_key.revoked", key.id().value(),
                    Map.of("project", key.projectId(), "environment", key.environment()));
            tx.afterCommit(accounts::forgetKnownKeys);
            return null;
        });
    }

    /** A project and one of its environments, as a path names them. */
    private record Place(Project project, Project.Environment environment) {}

    /** The project and environment (by key or id) that a path names; a 404 when the account has no such pair. */
    private Place place(Tx tx, AccountId accountId, ProjectId projectId, String environment) {
        Project project = projects.find(tx, accountId, projectId)
                .orElseThrow(() -> new NotFound("not_found", "no project " + projectId));
        return new Place(project, project.environments().stream()
                .filter(e -> e.key().equals(environment) || e.id().equals(environment)).findFirst()
                .orElseThrow(() -> new NotFound("not_found", "project " + project.key() + " has no environment '"
                        + environment + "'")));
    }
}
