package herald.settings;

import herald.account.AccountId;
import herald.project.ProjectId;

/** A read-only settings key as the API lists it: never the key itself, which is shown once, at creation. */
record SettingsKey(SettingsKeyId id, AccountId accountId, ProjectId projectId, String environment, String description,
                   long createdAt) {}
