package herald.metric;

import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code /v1/metrics} and {@code /v1/metric-collections}. */
public final class MetricRoutes implements Routes {

    record MetricView(String id, String key, String name, String type, String createdAt) {
        static MetricView of(Metric m) {
            return new MetricView(m.id().value(), m.key(), m.name(), m.type().wireName(), Instant.ofEpochMilli(m.createdAt()).toString());
        }
    }

    record CollectionView(String id, String key, String name, List<String> metrics, String createdAt) {
        static CollectionView of(MetricCollection c) {
            return new CollectionView(c.id().value(), c.key(), c.name(), c.metrics(), Instant.ofEpochMilli(c.createdAt()).toString());
        }
    }

    private final Metrics metrics;
    private final Http http;

    public MetricRoutes(Metrics metrics, Http http) {
        this.metrics = metrics;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/metrics", ctx -> {
            JsonBody body = http.body(ctx);
            http.json(ctx, 201, MetricView.of(metrics.create(Auth.caller(ctx).account(), body.text("key"),
                    body.text("name"), Metric.Type.parse(body.text("type")))));
        });
        routes.get("/v1/metrics", this::list);
        routes.get("/v1/metrics/{id}", ctx -> http.json(ctx, 200,
                MetricView.of(metrics.find(Auth.caller(ctx).account(), new MetricId(ctx.pathParam("id"))))));
        routes.post("/v1/metric-collections", ctx -> {
            JsonBody body = http.body(ctx);
            List<String> keys = body.optionalStrings("metrics").orElseThrow(() ->
                    new herald.problem.BadRequest("missing_field", "'metrics' is required", "metrics"));
            http.json(ctx, 201, CollectionView.of(metrics.createCollection(Auth.caller(ctx).account(),
                    body.text("key"), body.text("name"), keys)));
        });
        routes.get("/v1/metric-collections", this::listCollections);
        routes.get("/v1/metric-collections/{id}", ctx -> http.json(ctx, 200,
                CollectionView.of(metrics.findCollection(Auth.caller(ctx).account(),
                        new MetricCollectionId(ctx.pathParam("id"))))));
    }

    private void list(Context ctx) {
        PageRequest page = Http.page(ctx);
        List<MetricView> rows = metrics.list(Auth.caller(ctx).account(), page.withLookahead())
                .stream().map(MetricView::of).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, MetricView::id));
    }

    private void listCollections(Context ctx) {
        PageRequest page = Http.page(ctx);
        List<CollectionView> rows = metrics.listCollections(Auth.caller(ctx).account(), page.withLookahead())
                .stream().map(CollectionView::of).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, CollectionView::id));
    }
}
