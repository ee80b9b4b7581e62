package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import herald.account.Caller;
import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.problem.BadRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code /v1/experiments}: configuration, life cycle, cloning and metrics. */
public final class ExperimentRoutes implements Routes {

    record ExperimentView(String id, String key, String name, String project, String environment, String hypothesis,
                          String status, List<Experiment.Variation> variations, List<String> metrics,
                          List<String> collections, JsonNode targeting, JsonNode costData, String startAt,
                          String endAt, double alpha, long minUnits, String method, String correction,
                          Experiment.Prior prior, int cupedLookbackDays, String createdAt,
                          String updatedAt) {
        static ExperimentView of(Experiment e) {
            return new ExperimentView(e.id().value(), e.key(), e.name(), e.project(), e.environment(), e.hypothesis(),
                    e.status().wireName(), e.variations(), e.metrics(), e.collections(), e.targeting(), e.costData(),
                    e.startAt().map(ExperimentRoutes::time).orElse(null), e.endAt().map(ExperimentRoutes::time).orElse(null),
                    e.settings().alpha(), e.settings().minUnits(), e.settings().method().wireName(),
                    e.settings().correction(), e.settings().prior().orElse(null), e.settings().cupedLookbackDays(),
                    time(e.createdAt()), time(e.updatedAt()));
        }
    }

    private final Experiments experiments;
    private final Http http;

    public ExperimentRoutes(Experiments experiments, Http http) {
        this.experiments = experiments;
        this.http = http;
    }

    /** The experiment id in the path, as given: one that names no experiment is the service's 404. */
    static ExperimentId id(Context ctx) {
        return new ExperimentId(ctx.pathParam("id"));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/experiments", ctx -> http.json(ctx, 201,
                ExperimentView.of(experiments.create(Auth.caller(ctx),
                        ExperimentBody.read(http.body(ctx), ExperimentRequest.CREATE_FIELDS)))));
        routes.get("/v1/experiments", this::list);
        routes.get("/v1/experiments/{id}", ctx -> http.json(ctx, 200,
                ExperimentView.of(experiments.find(Auth.caller(ctx), id(ctx)))));
        routes.patch("/v1/experiments/{id}", ctx -> http.json(ctx, 200,
                ExperimentView.of(experiments.configure(Auth.caller(ctx), id(ctx),
                        ExperimentBody.read(http.body(ctx), ExperimentRequest.EDIT_FIELDS)))));
        for (Lifecycle move : List.of(Lifecycle.START, Lifecycle.PAUSE, Lifecycle.RESUME, Lifecycle.STOP)) {
            routes.post("/v1/experiments/{id}/" + move.name().toLowerCase(), ctx -> http.json(ctx, 200,
                    ExperimentView.of(experiments.move(Auth.caller(ctx), id(ctx), move))));
        }
        routes.post("/v1/experiments/{id}/clone", ctx -> {
            JsonBody body = http.optionalBody(ctx);
            http.json(ctx, 201, ExperimentView.of(experiments.cloneOf(Auth.caller(ctx), id(ctx),
                    new CloneRequest(body.optionalText("key"), body.optionalText("name")))));
        });
        routes.post("/v1/experiments/{id}/metrics", ctx -> {
            JsonBody body = http.body(ctx);
            Optional<String> metric = body.optionalText("metric");
            Optional<String> collection = body.optionalText("collection");
            if (metric.isPresent() == collection.isPresent()) {
                throw new BadRequest("invalid_body", "send exactly one of 'metric' and 'collection'");
            }
            Caller caller = Auth.caller(ctx);
            http.json(ctx, 200, ExperimentView.of(metric.map(key -> experiments.addMetric(caller, id(ctx), key))
                    .orElseGet(() -> experiments.addCollection(caller, id(ctx), collection.get()))));
        });
        routes.delete("/v1/experiments/{id}/metrics/{key}", ctx -> http.json(ctx, 200,
                ExperimentView.of(experiments.removeMetric(Auth.caller(ctx), id(ctx), ctx.pathParam("key")))));
    }

    private void list(Context ctx) {
        PageRequest page = Http.page(ctx);
        Caller caller = Auth.caller(ctx);
        ExperimentFilter filter = new ExperimentFilter(Http.query(ctx, "status", Experiment.Status::parse,
                "status must be draft, running, paused or completed"), Http.query(ctx, "project"));
        List<ExperimentView> rows = experiments.list(caller, filter, page.withLookahead())
                .stream().map(ExperimentView::of).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, ExperimentView::id));
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

}
