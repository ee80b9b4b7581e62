package herald.http;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * {@code /healthz} (liveness: the process serves HTTP), {@code /readyz} (readiness: it also reads
 * from and writes to its database) and {@code /metrics}: for load balancers, orchestrators and Prometheus, without
 * authentication.
 */
public final class OpsRoutes implements Routes {

    private final Http http;
    private final PrometheusMeterRegistry metrics;
    private final java.util.function.BooleanSupplier databaseReachable;

    public OpsRoutes(Http http, PrometheusMeterRegistry metrics, java.util.function.BooleanSupplier databaseReachable) {
        this.http = http;
        this.metrics = metrics;
        this.databaseReachable = databaseReachable;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> http.json(ctx, 200, Map.of("status", "ok")));
        routes.get("/readyz", ctx -> {
            boolean ready = databaseReachable.getAsBoolean();
            http.json(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "database unreachable"));
        });
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
    }
}
