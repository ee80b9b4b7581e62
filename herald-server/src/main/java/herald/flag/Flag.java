package herald.flag;

import herald.account.AccountId;
import java.util.Optional;

/**
 * A feature flag; {@code project} is the key of its project, as requests and events name it.
 *
 * @param environment the key of the one environment of the project the flag belongs to; empty for a flag
 *                    of every environment of its project
 */
public record Flag(FlagId id, AccountId accountId, String project, Optional<String> environment, String key, String name,
                   long createdAt) {

    /** Whether the flag is part of this environment of its project: its own, or every one when it has none. */
    public boolean in(String environmentKey) {
        return environment.map(environmentKey::equals).orElse(true);
    }

    /** The same flag, part of one environment of its project only. */
    Flag onlyIn(String environmentKey) {
        return new Flag(id, accountId, project, Optional.of(environmentKey), key, name, createdAt);
    }
}
