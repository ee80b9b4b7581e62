package herald.member;

/** Someone's role in a scope (the account, or one project), and when it last changed. */
public record Member(String userId, Role role, long updatedAt) {}
