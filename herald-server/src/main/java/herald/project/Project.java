package herald.project;

import java.util.List;

/** A project of the platform, with its environments ({@code production} from the start). */
public record Project(String id, String accountId, String key, String name, long createdAt,
                      List<Environment> environments) {

    /** An environment of a project, such as production or staging. */
    public record Environment(String id, String projectId, String key, String name, long createdAt) {}
}
