package herald.account;

import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.problem.Invalid;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code /v1/accounts}: the operator's API. */
public final class AccountRoutes implements Routes {

    record AccountView(String id, String name, String plan, String createdAt) {
        static AccountView of(Account a) {
            return new AccountView(a.id().value(), a.name(), a.plan().wireName(), Instant.ofEpochMilli(a.createdAt()).toString());
        }
    }

    record CreatedView(String id, String name, String plan, String createdAt, String apiKey) {}

    record KeyView(String accountId, String apiKey, String actor) {}

    private final Accounts accounts;
    private final Http http;

    public AccountRoutes(Accounts accounts, Http http) {
        this.accounts = accounts;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/accounts", this::create);
        routes.get("/v1/accounts", this::list);
        routes.get("/v1/accounts/{id}", ctx -> {
            Auth.caller(ctx).requireOperator();
            http.json(ctx, 200, AccountView.of(accounts.find(new AccountId(ctx.pathParam("id")))));
        });
        routes.patch("/v1/accounts/{id}", this::update);
        routes.post("/v1/accounts/{id}/api-keys", ctx -> {
            Auth.caller(ctx).requireOperator();
            AccountId id = new AccountId(ctx.pathParam("id"));
            java.util.Optional<String> actor = http.optionalBody(ctx).optionalText("actor").map(String::strip);
            if (actor.isPresent() && (actor.get().isEmpty() || actor.get().length() > 200)) {
                throw new Invalid("invalid_actor", "actor must be 1 to 200 characters", "actor");
            }
            String key = actor.map(named -> accounts.newApiKey(id, named)).orElseGet(() -> accounts.newApiKey(id));
            http.json(ctx, 201, new KeyView(id.value(), key, actor.orElse(null)));
        });
    }

    private void create(Context ctx) {
        Auth.caller(ctx).requireOperator();
        JsonBody body = http.body(ctx);
        String name = body.text("name").strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new Invalid("invalid_name", "name must be 1 to 200 characters", "name");
        }
        Plan plan = body.optionalText("plan").map(Plan::parse).orElse(Plan.FREE);
        Accounts.Created created = accounts.create(name, plan);
        AccountView view = AccountView.of(created.account());
        http.json(ctx, 201, new CreatedView(view.id(), view.name(), view.plan(), view.createdAt(), created.apiKey()));
    }

    private void list(Context ctx) {
        Auth.caller(ctx).requireOperator();
        PageRequest page = Http.page(ctx);
        List<AccountView> rows = accounts.list(page.withLookahead()).stream().map(AccountView::of).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, AccountView::id));
    }

    private void update(Context ctx) {
        Auth.caller(ctx).requireOperator();
        JsonBody body = http.body(ctx);
        Plan plan = Plan.parse(body.text("plan"));
        http.json(ctx, 200, AccountView.of(accounts.changePlan(new AccountId(ctx.pathParam("id")), plan)));
    }
}
