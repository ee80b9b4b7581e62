package herald.project;

import herald.account.AccountId;
import java.util.List;

/** A project of the platform, with its environments ({@code production} from the start). */
public record Project(ProjectId id, AccountId accountId, String key, String name, long createdAt,
                      List<Environment> environments) {

    /** An environment of a project, such as production or staging. */
    public record Environment(String id, ProjectId projectId, String key, String name, long createdAt) {}
}
