package herald.flag;

import herald.account.Account;
import herald.account.Caller;
import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code /v1/flags}. */
public final class FlagRoutes implements Routes {

    /** A flag as the API shows it; {@code environment} is null for a flag of every environment. */
    record FlagView(String id, String key, String name, String project, String environment, String createdAt) {
        static FlagView of(Flag f) {
            return new FlagView(f.id().value(), f.key(), f.name(), f.project(), f.environment().orElse(null),
                    Instant.ofEpochMilli(f.createdAt()).toString());
        }
    }

    private final Flags flags;
    private final Http http;

    public FlagRoutes(Flags flags, Http http) {
        this.flags = flags;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/flags", ctx -> {
            JsonBody body = http.body(ctx);
            Caller caller = Auth.caller(ctx);
            String key = body.text("key");
            String name = body.text("name");
            String project = body.text("project");
            Flag created = body.optionalText("environment")
                    .map(environment -> flags.create(caller, key, name, project, environment))
                    .orElseGet(() -> flags.create(caller, key, name, project));
            http.json(ctx, 201, FlagView.of(created));
        });
        routes.get("/v1/flags", this::list);
        routes.get("/v1/flags/{id}", ctx -> http.json(ctx, 200,
                FlagView.of(flags.find(Auth.caller(ctx).account(), new FlagId(ctx.pathParam("id"))))));
        routes.delete("/v1/flags/{id}", ctx -> {
            flags.delete(Auth.caller(ctx), new FlagId(ctx.pathParam("id")));
            ctx.status(204);
        });
    }

    private void list(Context ctx) {
        PageRequest page = Http.page(ctx);
        Account account = Auth.caller(ctx).account();
        List<Flag> fetched = Http.query(ctx, "project")
                .map(project -> flags.list(account, project, page.withLookahead()))
                .orElseGet(() -> flags.list(account, page.withLookahead()));
        http.json(ctx, 200, Http.Page.of(fetched.stream().map(FlagView::of).toList(), page, FlagView::id));
    }
}
