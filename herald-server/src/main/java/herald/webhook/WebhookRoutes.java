package herald.webhook;

import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code /v1/webhooks}: subscriptions, their secrets, custom headers and test pings. */
public final class WebhookRoutes implements Routes {

    /** A webhook as the API shows it: never with its secret, its custom headers' values masked. */
    record WebhookView(String id, String url, String description, List<String> events, List<String> projects,
                       List<String> environments, String format, Map<String, String> headers, Integer rateLimit,
                       String ordering, boolean enabled, int consecutiveFailures, String createdAt, String updatedAt) {
        static WebhookView of(Webhook w) {
            return new WebhookView(w.id().value(), w.url(), w.description(), w.events(), w.projects(), w.environments(),
                    w.format().wireName(), CustomHeaders.masked(w.headers()), w.rateLimit().orElse(null),
                    w.ordering().wireName(), w.enabled(), w.consecutiveFailures(),
                    Instant.ofEpochMilli(w.createdAt()).toString(), Instant.ofEpochMilli(w.updatedAt()).toString());
        }
    }

    record SecretView(String secret) {}

    record HeadersView(Map<String, String> headers) {}

    record TestView(String deliveryId) {}

    /**
     * The webhook id in the path, as given: one of another kind, or malformed, names no webhook, so
     * the service answers it with the same 404 (after the same plan check) as an id that names none.
     */
    static WebhookId id(Context ctx) {
        return new WebhookId(ctx.pathParam("id"));
    }

    private final Webhooks webhooks;
    private final Http http;

    public WebhookRoutes(Webhooks webhooks, Http http) {
        this.webhooks = webhooks;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/webhooks", ctx -> http.json(ctx, 201,
                WebhookView.of(webhooks.create(Auth.caller(ctx), request(http.body(ctx))))));
        routes.get("/v1/webhooks", this::list);
        routes.get("/v1/webhooks/{id}", ctx -> http.json(ctx, 200,
                WebhookView.of(webhooks.find(Auth.caller(ctx).account(), id(ctx)))));
        routes.patch("/v1/webhooks/{id}", ctx -> http.json(ctx, 200,
                WebhookView.of(webhooks.update(Auth.caller(ctx), id(ctx), request(http.body(ctx))))));
        routes.delete("/v1/webhooks/{id}", ctx -> {
            webhooks.delete(Auth.caller(ctx), id(ctx));
            ctx.status(204);
        });
        routes.get("/v1/webhooks/{id}/secret", ctx -> http.json(ctx, 200,
                new SecretView(webhooks.secret(Auth.caller(ctx), id(ctx)))));
        routes.post("/v1/webhooks/{id}/secret/rotate", this::rotate);
        routes.get("/v1/webhooks/{id}/headers", ctx -> http.json(ctx, 200,
                new HeadersView(webhooks.headers(Auth.caller(ctx), id(ctx)))));
        routes.post("/v1/webhooks/{id}/enable", ctx -> http.json(ctx, 200,
                WebhookView.of(webhooks.enable(Auth.caller(ctx), id(ctx)))));
        routes.post("/v1/webhooks/{id}/disable", ctx -> http.json(ctx, 200,
                WebhookView.of(webhooks.disable(Auth.caller(ctx), id(ctx)))));
        routes.post("/v1/webhooks/{id}/test", ctx -> http.json(ctx, 202,
                new TestView(webhooks.test(Auth.caller(ctx).account(), id(ctx)).value())));
    }

    /** The request a JSON body makes: a field of the wrong type is a 400 naming it; the values are checked later. */
    static WebhookRequest request(JsonBody body) {
        body.allowOnly(WebhookRequest.FIELDS, "a webhook field");
        return new WebhookRequest(body.optionalText("url"), body.optionalText("description"),
                body.optionalStrings("events"), body.optionalStrings("projects"), body.optionalStrings("environments"),
                body.optionalText("format").map(Format::parse), body.optionalStringMap("headers"),
                body.optionalLong("rateLimit"), body.optionalText("ordering").map(Ordering::parse));
    }

    private void list(Context ctx) {
        PageRequest page = Http.page(ctx);
        List<WebhookView> rows = webhooks.list(Auth.caller(ctx).account(), page.withLookahead())
                .stream().map(WebhookView::of).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, WebhookView::id));
    }

    private void rotate(Context ctx) {
        long grace = http.optionalBody(ctx).optionalLong("graceSeconds").orElse(0L);
        http.json(ctx, 200, new SecretView(webhooks.rotate(Auth.caller(ctx), id(ctx), grace)));
    }
}
