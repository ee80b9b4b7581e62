package herald.project;

import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code /v1/projects} and their environments. */
public final class ProjectRoutes implements Routes {

    record EnvironmentView(String id, String key, String name, String createdAt) {}

    record ProjectView(String id, String key, String name, List<EnvironmentView> environments, String createdAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id().value(), p.key(), p.name(), p.environments().stream()
                    .map(e -> new EnvironmentView(e.id(), e.key(), e.name(), Instant.ofEpochMilli(e.createdAt()).toString()))
                    .toList(), Instant.ofEpochMilli(p.createdAt()).toString());
        }
    }

    private final Projects projects;
    private final Http http;

    public ProjectRoutes(Projects projects, Http http) {
        this.projects = projects;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/projects", ctx -> {
            JsonBody body = http.body(ctx);
            http.json(ctx, 201, ProjectView.of(projects.create(Auth.caller(ctx).account(), body.text("key"),
                    body.text("name"))));
        });
        routes.get("/v1/projects", this::list);
        routes.get("/v1/projects/{id}", ctx -> http.json(ctx, 200,
                ProjectView.of(projects.find(Auth.caller(ctx).account(), new ProjectId(ctx.pathParam("id"))))));
        routes.post("/v1/projects/{id}/environments", ctx -> {
            JsonBody body = http.body(ctx);
            http.json(ctx, 201, ProjectView.of(projects.addEnvironment(Auth.caller(ctx).account(),
                    new ProjectId(ctx.pathParam("id")), body.text("key"), body.text("name"))));
        });
    }

    private void list(Context ctx) {
        PageRequest page = Http.page(ctx);
        List<ProjectView> rows = projects.list(Auth.caller(ctx).account(), page.withLookahead())
                .stream().map(ProjectView::of).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, ProjectView::id));
    }
}
