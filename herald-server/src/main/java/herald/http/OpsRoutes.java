package herald.http;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/** {@code /healthz} and {@code /metrics}: for load balancers and Prometheus, without authentication. */
public final class OpsRoutes implements Routes {

    private final Http http;
    private final PrometheusMeterRegistry metrics;

    public OpsRoutes(Http http, PrometheusMeterRegistry metrics) {
        this.http = http;
        this.metrics = metrics;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> http.json(ctx, 200, Map.of("status", "ok")));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
    }
}
