package herald.flag;

/** A feature flag; {@code project} is the key of its project, as requests and events name it. */
public record Flag(FlagId id, String accountId, String project, String key, String name, long createdAt) {}
