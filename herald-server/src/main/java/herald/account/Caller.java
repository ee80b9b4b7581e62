package herald.account;

import herald.problem.Forbidden;
import herald.project.ProjectId;

/** Who is calling the API, as established from the bearer token. */
public sealed interface Caller {

    /** The operator: manages accounts, nothing inside them. */
    record Operator() implements Caller {}

    /**
     * An account API key: manages everything inside its account. A key may name the person or system
     * that uses it (its actor); the platform's events then say who made each change.
     */
    record AccountKey(Account account, java.util.Optional<String> actor) implements Caller {

        /** A key that names no actor. */
        public AccountKey(Account account) {
            this(account, java.util.Optional.empty());
        }

        public AccountKey(Account account, String actor) {
            this(account, java.util.Optional.of(actor));
        }
    }

    /**
     * A read-only settings key, as SDKs hold it: reads the settings document of one project
     * environment ({@code GET /v1/projects/{projectId}/environments/{environment}/settings}) and nothing else.
     */
    record SettingsKey(String id, AccountId accountId, ProjectId projectId, String environment) implements Caller {

        /** Whether this key may read the settings document of this project environment. */
        public boolean reads(ProjectId projectId, String environment) {
            return this.projectId.equals(projectId) && this.environment.equals(environment);
        }

        /** The refusal of anything but reading its own document. */
        public Forbidden refusal() {
            return new Forbidden("settings_key_read_only", "this settings key reads only GET /v1/projects/"
                    + projectId + "/environments/" + environment + "/settings; use an account API key for the rest");
        }
    }

    /** The caller's account; a 403 for the operator, whose token is for accounts only, and for a settings key. */
    default Account account() {
        return switch (this) {
            case AccountKey key -> key.account();
            case Operator operator -> throw new Forbidden("account_key_required",
                    "this endpoint needs an account API key; the operator token manages accounts only");
            case SettingsKey key -> throw key.refusal();
        };
    }

    /** Who made a change, when the key names them. */
    default java.util.Optional<String> actor() {
        return this instanceof AccountKey key ? key.actor() : java.util.Optional.empty();
    }

    /** Who acted, as the audit log names them: the key's actor, "api key" for a key without one, or "operator". */
    default String auditName() {
        return switch (this) {
            case AccountKey key -> key.actor().orElse("api key");
            case Operator operator -> "operator";
            case SettingsKey key -> "settings key " + key.id();
        };
    }

    default void requireOperator() {
        if (!(this instanceof Operator)) {
            throw new Forbidden("operator_required", "this endpoint needs the operator token");
        }
    }
}
