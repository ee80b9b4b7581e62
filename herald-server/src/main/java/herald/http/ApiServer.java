package herald.http;

import herald.db.DatabaseException;
import herald.docs.DocsRoutes;
import herald.problem.Problem;
import herald.problem.RateLimited;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on virtual threads, bearer authentication for {@code /v1}, and the one
 * place where refusals become the contract's error body. No stack trace ever reaches a client.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    public static final long MAX_REQUEST_BYTES = 1024 * 1024;
    /** What a client is told to wait after a 503 {@code storage_unavailable}. */
    static final long STORAGE_RETRY_AFTER_SECONDS = 2;

    private final Javalin javalin;

    public ApiServer(int port, Http http, Auth auth, List<Routes> routes) {
        this.javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.prefer405over404 = true;
            config.http.defaultContentType = "application/json";
            config.jetty.port = port;
            config.jetty.modifyServer(server -> server.setErrorHandler(JsonErrorPages.forServer()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(JsonErrorPages.forServlets()));
            config.routes.before("/v1/*", auth::authenticate);
            config.routes.after(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                // a route that can be revalidated (the settings document, with its ETag) says so itself
                if (ctx.res().getHeader("Cache-Control") == null) {
                    ctx.header("Cache-Control", "no-store");
                }
            });
            routes.forEach(r -> r.register(config.routes));
            config.routes.exception(Problem.class, (e, ctx) -> {
                if (e instanceof RateLimited limited) {
                    ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
                }
                error(http, ctx, e.status(), e.code(), e.getMessage(), e.field().orElse(null));
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> fromJavalin(http, ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (DatabaseException.isStorageUnavailable(e)) {
                    storageUnavailable(http, ctx, e);
                    return;
                }
                log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                error(http, ctx, 500, "internal_error", "Herald could not complete the request", null);
            });
            config.routes.error(404, ctx -> {
                // a page the dashboard rendered for an unknown id stays a page
                String type = ctx.res().getContentType();
                if (type != null && type.startsWith("text/html")) {
                    return;
                }
                if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                    error(http, ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path(), null);
                }
            });
            config.routes.error(405, ctx -> error(http, ctx, 405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path(), null));
        });
    }

    private static void fromJavalin(Http http, Context ctx, HttpResponseException e) {
        int status = e.getStatus();
        String code = switch (status) {
            case 413 -> "body_too_large";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 400 -> "bad_request";
            default -> status >= 500 ? "internal_error" : "request_refused";
        };
        String message = status == 413
                ? "the request body is larger than " + MAX_REQUEST_BYTES + " bytes"
                : status >= 500 ? "Herald could not complete the request" : e.getMessage();
        error(http, ctx, status, code, message, null);
    }

    /**
     * The storage cannot take the request now (disk full, database away): nothing of it was stored,
     * and the same request will work once storage is back, so the answer is a retryable 503.
     */
    private static void storageUnavailable(Http http, Context ctx, Exception e) {
        log.warn("storage unavailable on {} {}: {}", ctx.method(), ctx.path(), DatabaseException.rootMessage(e));
        ctx.header("Retry-After", Long.toString(STORAGE_RETRY_AFTER_SECONDS));
        error(http, ctx, 503, "storage_unavailable",
                "Herald's storage cannot take this request right now; try again shortly",
                null);
    }

    static void error(Http http, Context ctx, int status, String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        error.put("docs", DocsRoutes.errorDocs(code));
        http.json(ctx, status, Map.of("error", error));
    }

    /** One route the server answers, in Javalin's path syntax ({@code /v1/webhooks/{id}}). */
    public record Route(String method, String path) {}

    /** Every HTTP route served: the table that {@code /openapi.json} is held to. */
    public List<Route> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(handler -> handler.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> new Route(endpoint.method.name(), endpoint.path))
                .toList();
    }

    public ApiServer start() {
        javalin.start();
        return this;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
