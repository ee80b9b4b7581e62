package herald.member;

import herald.http.Auth;
import herald.http.Http;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.project.ProjectId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code /v1/members} (the account) and {@code /v1/projects/{id}/members} (one project). */
public final class MemberRoutes implements Routes {

    record MemberView(String userId, String role, String updatedAt) {
        static MemberView of(Member m) {
            return new MemberView(m.userId(), m.role().wireName(), Instant.ofEpochMilli(m.updatedAt()).toString());
        }
    }

    private final Members members;
    private final Http http;

    public MemberRoutes(Members members, Http http) {
        this.members = members;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.put("/v1/members/{userId}", ctx -> {
            String role = http.body(ctx).text("role");
            http.json(ctx, 200, MemberView.of(members.put(Auth.caller(ctx), ctx.pathParam("userId"), role)));
        });
        routes.delete("/v1/members/{userId}", ctx -> {
            members.remove(Auth.caller(ctx), ctx.pathParam("userId"));
            ctx.status(204);
        });
        routes.get("/v1/members", ctx -> {
            PageRequest page = Http.page(ctx);
            page(ctx, page, members.list(Auth.caller(ctx).account(), page.withLookahead()));
        });

        routes.put("/v1/projects/{id}/members/{userId}", ctx -> {
            String role = http.body(ctx).text("role");
            http.json(ctx, 200, MemberView.of(members.putInProject(Auth.caller(ctx), new ProjectId(ctx.pathParam("id")),
                    ctx.pathParam("userId"), role)));
        });
        routes.delete("/v1/projects/{id}/members/{userId}", ctx -> {
            members.removeFromProject(Auth.caller(ctx), new ProjectId(ctx.pathParam("id")), ctx.pathParam("userId"));
            ctx.status(204);
        });
        routes.get("/v1/projects/{id}/members", ctx -> {
            PageRequest page = Http.page(ctx);
            page(ctx, page, members.listOfProject(Auth.caller(ctx).account(), new ProjectId(ctx.pathParam("id")),
                    page.withLookahead()));
        });
    }

    private void page(Context ctx, PageRequest page, List<Member> fetched) {
        List<MemberView> rows = fetched.stream().map(MemberView::of).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, MemberView::userId));
    }
}
