package herald.account;

/** A tenant: everything Herald holds belongs to exactly one account. */
public record Account(AccountId id, String name, Plan plan, long createdAt) {}
