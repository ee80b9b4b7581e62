package herald.project;

/**
 * How far the SDK settings document of one project environment has moved: its version counts the
 * {@code settings.changed} events emitted for that environment, starting from 0.
 *
 * @param projectId   the project's id, as the document's path names it
 * @param environment the environment's key
 */
public record SettingsVersion(ProjectId projectId, String environment, long version) {

    /** Where the document is served: the path that {@code settings.changed} points receivers to. */
    public String path() {
        return "/v1/projects/" + projectId + "/environments/" + environment + "/settings";
    }
}
