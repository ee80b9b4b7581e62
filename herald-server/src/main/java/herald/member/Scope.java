package herald.member;

/** Where a membership applies: the whole account, or one project of it. */
sealed interface Scope {

    String accountId();

    record OfAccount(String accountId) implements Scope {}

    /** A project, with the key its events name it by. */
    record OfProject(String accountId, String projectId, String projectKey) implements Scope {}
}
