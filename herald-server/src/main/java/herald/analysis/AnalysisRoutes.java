package herald.analysis;

import herald.experiment.AnalysisReason;
import herald.experiment.ExperimentId;
import herald.http.Auth;
import herald.http.Http;
import herald.http.Routes;
import herald.problem.NotFound;
import herald.problem.TooLarge;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Experiment data in, results out: {@code /v1/experiments/{id}/assignments|conversions|analyze|results}. */
public final class AnalysisRoutes implements Routes {

    /** Batches may be far larger than other requests: up to 100,000 rows. */
    static final long MAX_BATCH_BYTES = 64L * 1024 * 1024;

    record AcceptedView(int accepted) {}

    record RunView(String run, String status, Results results) {}

    private final Ingestion ingestion;
    private final Analysis analysis;
    private final Http http;

    public AnalysisRoutes(Ingestion ingestion, Analysis analysis, Http http) {
        this.ingestion = ingestion;
        this.analysis = analysis;
        this.http = http;
    }

    /** The experiment id in the path, as given: one that names no experiment is the service's 404. */
    private static ExperimentId experimentId(Context ctx) {
        return new ExperimentId(ctx.pathParam("id"));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/experiments/{id}/assignments", ctx -> http.json(ctx, 202, new AcceptedView(
                ingestion.assignments(Auth.caller(ctx), experimentId(ctx), body(ctx), ndjson(ctx)).rows())));
        routes.post("/v1/experiments/{id}/conversions", ctx -> http.json(ctx, 202, new AcceptedView(
                ingestion.conversions(Auth.caller(ctx), experimentId(ctx), body(ctx), ndjson(ctx)).rows())));
        routes.post("/v1/experiments/{id}/analyze", ctx -> {
            ExperimentId id = experimentId(ctx);
            analysis.latest(Auth.caller(ctx).account().id(), id); // 404 for another tenant's experiment
            Analysis.Run run = analysis.run(id, AnalysisReason.MANUAL);
            http.json(ctx, 200, new RunView(run.id(), run.success() ? "success" : "failure",
                    run.results().orElse(null)));
        });
        routes.get("/v1/experiments/{id}/results", ctx -> http.json(ctx, 200,
                analysis.latest(Auth.caller(ctx).account().id(), experimentId(ctx)).orElseThrow(() ->
                        new NotFound("no_results", "no successful analysis of this experiment yet"))));
    }

    private static boolean ndjson(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl"));
    }

    private static InputStream body(Context ctx) {
        return new FilterInputStream(ctx.bodyInputStream()) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > MAX_BATCH_BYTES) {
                    throw new TooLarge("body_too_large", "a batch body may be at most " + MAX_BATCH_BYTES + " bytes");
                }
            }
        };
    }
}
