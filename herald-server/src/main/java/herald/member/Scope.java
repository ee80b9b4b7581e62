package herald.member;

import herald.account.AccountId;
import herald.project.ProjectId;

/** Where a membership applies: the whole account, or one project of it. */
sealed interface Scope {

    AccountId accountId();

    record OfAccount(AccountId accountId) implements Scope {}

    /** A project, with the key its events name it by. */
    record OfProject(AccountId accountId, ProjectId projectId, String projectKey) implements Scope {}
}
