package herald.settings;

/** A read-only settings key as the API lists it: never the key itself, which is shown once, at creation. */
record SettingsKey(String id, String accountId, String projectId, String environment, String description,
                   long createdAt) {}
