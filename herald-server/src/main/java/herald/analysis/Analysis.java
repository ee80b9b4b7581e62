package herald.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.account.AccountId;
import herald.db.Database;
import herald.db.Tx;
import herald.event.Publisher;
import herald.experiment.AnalysisReason;
import herald.experiment.Experiment;
import herald.experiment.ExperimentId;
import herald.experiment.ExperimentStore;
import herald.id.Ids;
import herald.metric.Metric;
import herald.metric.MetricCollection;
import herald.metric.MetricStore;
import herald.problem.NotFound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs an experiment's analysis: reads its per-unit totals once in key order (on a read connection,
 * so the writer is never held), computes per-variation statistics, comparisons against the control and the
 * traffic-imbalance check, then records the run and emits its events in one transaction:
 * {@code experiment.calculated_metrics.updated} for every run, {@code experiment.stats_updated} for a
 * successful one, and {@code experiment.reached_significance} the first time a (variation, metric)
 * pair is significant.
 */
public final class Analysis {

    /** A finished run: its results when it could compute them. */
    public record Run(String id, ExperimentId experimentId, boolean success, Optional<Results> results) {}

    private final Database db;
    private final DataStore data;
    private final ExperimentStore experiments;
    private final MetricStore metrics;
    private final RunStore runs;
    private final TotalsFold fold;
    private final Publisher publisher;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Analysis(Database db, DataStore data, ExperimentStore experiments, MetricStore metrics, RunStore runs,
                    TotalsFold fold, Publisher publisher, ObjectMapper mapper, Clock clock) {
        this.db = db;
        this.data = data;
        this.experiments = experiments;
        this.metrics = metrics;
        this.runs = runs;
        this.fold = fold;
        this.publisher = publisher;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The metrics an experiment measures, directly or through its collections, with their types. */
    static Map<String, Metric.Type> metricsOf(Tx tx, Experiment e, MetricStore metrics) {
        List<String> keys = new ArrayList<>(e.metrics());
        for (String collection : e.collections()) {
            metrics.findCollectionByKey(tx, e.accountId(), collection).map(MetricCollection::metrics)
                    .ifPresent(keys::addAll);
        }
        Map<String, Metric.Type> types = new LinkedHashMap<>();
        List<Metric> found = keys.isEmpty() ? List.of() : metrics.findByKeys(tx, e.accountId(), keys);
        for (String key : keys.stream().distinct().toList()) {
            found.stream().filter(m -> m.key().equals(key)).findFirst().ifPresent(m -> types.put(key, m.type()));
        }
        return types;
    }

    /** Runs the analysis of one experiment now. */
    public Run run(ExperimentId experimentId, AnalysisReason reason) {
        long started = System.nanoTime();
        Experiment e = db.read(tx -> experiments.findById(tx, experimentId))
                .orElseThrow(() -> new NotFound("not_found", "no experiment " + experimentId));
        // The assignments are read beside the fold, on a read connection of their own: a fold changes
        // the totals, never the assignments, so on two cores a run right after a large ingestion takes
        // the longer of the two instead of their sum (docs/performance.md). Like each pass of a run,
        // the read sees what was committed when it began.
        List<String> variations = e.variations().stream().map(Experiment.Variation::key).toList();
        CompletableFuture<DataStore.Assigned> assigned = CompletableFuture.supplyAsync(
                () -> db.read(tx -> data.assigned(tx, e.id(), variations)), BESIDE);
        // The totals take every conversion ingested so far; any that arrive before the read begins are
        // counted from their rows, so the run never depends on the fold having caught up.
        fold.now(e);
        DataStore.Assigned assignments = joined(assigned);
        long asOf = clock.millis();
        Snapshot snapshot = db.read(tx -> snapshot(tx, e, assignments, asOf));
        Optional<Results> results = snapshot.computable() ? Optional.of(compute(e, snapshot, reason, asOf))
                : Optional.empty();
        double seconds = (System.nanoTime() - started) / 1e9;
        Run run = new Run(Ids.next("run", clock.millis()), e.id(), results.isPresent(), results);
        db.write(tx -> {
            Optional<Long> previousMark = runs.lastDataMark(tx, e.id());
            boolean dataUpdated = previousMark.map(m -> snapshot.dataMark() > m).orElse(snapshot.dataMark() > 0);
            runs.insert(tx, run.id(), e, reason.wireName(), run.success(), asOf, snapshot.dataMark(),
                    results.map(this::json).orElse(null), clock.millis());
            emitRun(tx, e, reason, run, snapshot, dataUpdated, seconds);
            results.ifPresent(r -> emitSuccess(tx, e, r));
            return null;
        });
        return run;
    }

    /** What the database says about the experiment's data at {@code asOf}. */
    record Snapshot(long dataMark, Optional<long[]> span, long excluded, List<DataStore.VariationTotals> units,
                    Map<String, Metric.Type> metricTypes, Map<String, List<DataStore.VariationTotals>> totals) {
        boolean computable() {
            return span.isPresent() && units.stream().anyMatch(u -> u.units() > 0);
        }
    }

    /** Starts each task on a virtual thread of its own. */
    private static final Executor BESIDE = task -> Thread.ofVirtual().name("herald-run-assignments").start(task);

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    private Snapshot snapshot(Tx tx, Experiment e, DataStore.Assigned assigned, long asOf) {
        Map<String, Metric.Type> types = metricsOf(tx, e, metrics);
        DataStore.Window window = new DataStore.Window(e.startAt().orElse(Long.MIN_VALUE),
                Math.min(e.endAt().orElse(Long.MAX_VALUE), asOf),
                Duration.ofDays(e.settings().cupedLookbackDays()).toMillis());
        DataStore.Aggregate data = this.data.aggregate(tx, e.id(), assigned, List.copyOf(types.keySet()), window);
        return new Snapshot(data.dataMark(), data.span(), data.excluded(), data.units(), types, data.totals());
    }

    private Results compute(Experiment e, Snapshot s, AnalysisReason reason, long asOf) {
        Experiment.Settings settings = e.settings();
        List<Experiment.Variation> arms = e.variations();
        String control = arms.getFirst().key();
        List<Results.VariationUnits> units = arms.stream()
                .map(v -> new Results.VariationUnits(v.key(), unitsOf(s.units(), v.key()))).toList();
        SampleRatioCheck srm = SampleRatioCheck.of(units.stream().mapToLong(Results.VariationUnits::units).toArray(),
                arms.stream().mapToDouble(Experiment.Variation::weight).toArray());
        List<Results.MetricResults> metricResults = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        for (var entry : s.totals().entrySet()) {
            String metric = entry.getKey();
            Metric.Type type = s.metricTypes().get(metric);
            boolean conversion = type == Metric.Type.CONVERSION;
            Map<String, ArmSummary> summaries = new LinkedHashMap<>();
            List<DataStore.VariationTotals> armTotals = new ArrayList<>();
            List<Results.ArmView> views = new ArrayList<>();
            for (Experiment.Variation arm : arms) {
                DataStore.VariationTotals t = entry.getValue().stream().filter(v -> v.variation().equals(arm.key()))
                        .findFirst().orElse(DataStore.VariationTotals.none(arm.key(), 0));
                ArmSummary summary = conversion
                        ? ArmSummary.conversion(arm.key(), t.units(), t.converted())
                        : ArmSummary.continuous(arm.key(), t.units(), t.sum(), t.sumOfSquares());
                summaries.put(arm.key(), summary);
                armTotals.add(t);
                views.add(new Results.ArmView(arm.key(), t.units(), conversion ? t.converted() : null, summary.mean(),
                        summary.variance()));
            }
            Cuped cuped = Cuped.of(settings.cupedLookbackDays() > 0, conversion, armTotals, summaries);
            metricResults.add(new Results.MetricResults(metric, type.wireName(), views, cuped.view()));
            for (Experiment.Variation arm : arms.subList(1, arms.size())) {
                ArmSummary a = summaries.get(control);
                ArmSummary b = summaries.get(arm.key());
                if (a.units() < 2 || b.units() < 2) {
                    continue; // no variance, no comparison
                }
                LiftEstimates lifts = LiftEstimates.adjusted(a, cuped.covariates().get(control), b,
                        cuped.covariates().get(arm.key()), cuped.theta());
                comparisons.add(compare(metric, lifts, settings));
            }
        }
        MultipleTesting correction = MultipleTesting.parse(settings.correction()).orElse(MultipleTesting.NONE);
        return new Results(date(asOf), reason.wireName(), settings.method().wireName(), correction.wireName(),
                new Results.Srm(srm.pValue(), srm.imbalanced()), s.excluded(), units, metricResults,
                correction.apply(comparisons, settings.alpha()));
    }

    private static Comparison compare(String metric, LiftEstimates lifts, Experiment.Settings settings) {
        if (settings.bayesian()) {
            return settings.prior()
                    .map(prior -> BayesianTest.compare(metric, lifts, settings.alpha(), settings.minUnits(), prior))
                    .orElseGet(() -> BayesianTest.compare(metric, lifts, settings.alpha(), settings.minUnits()));
        }
        return settings.sequential()
                ? SequentialTest.compare(metric, lifts, settings.alpha(), settings.minUnits(), SequentialTest.DEFAULT_TUNING)
                : FixedHorizonTest.compare(metric, lifts, settings.alpha(), settings.minUnits());
    }

    private void emitRun(Tx tx, Experiment e, AnalysisReason reason, Run run, Snapshot s, boolean dataUpdated,
                         double seconds) {
        ObjectNode meta = mapper.createObjectNode()
                .put("status", run.success() ? "success" : "failure")
                .put("is_manual_refresh", reason == AnalysisReason.MANUAL)
                .put("is_data_updated", dataUpdated)
                .put("time_taken_seconds", Math.round(seconds * 1000) / 1000.0)
                .put("is_traffic_imbalance", run.results().map(r -> r.srm().imbalanced()).orElse(false));
        if (s.span().isPresent()) {
            meta.put("assignments_scan_start_date", date(s.span().get()[0]));
            meta.put("assignments_scan_end_date", date(s.span().get()[1]));
        } else {
            meta.putNull("assignments_scan_start_date");
            meta.putNull("assignments_scan_end_date");
        }
        ObjectNode payload = base(e);
        payload.set("meta_data", meta);
        publisher.publish(tx, e.accountId(), "experiment.calculated_metrics.updated", payload);
    }

    private void emitSuccess(Tx tx, Experiment e, Results r) {
        ObjectNode stats = base(e).put("asOfDate", r.asOfDate()).put("computeReason", r.computeReason())
                .put("sessions", r.totalUnits());
        stats.set("variations", mapper.valueToTree(r.variations()));
        stats.set("comparisons", mapper.valueToTree(r.comparisons()));
        publisher.publish(tx, e.accountId(), "experiment.stats_updated", stats);
        for (Comparison c : r.comparisons()) {
            if (c.significant() && runs.markSignificant(tx, e.id(), c.variation(), c.metric(), clock.millis())) {
                // The Eraya seed's body: which pair crossed, and the whole run's comparisons and variations.
                ObjectNode reached = base(e).put("variation", c.variation()).put("metric", c.metric())
                        .put("asOfDate", r.asOfDate());
                reached.set("variations", stats.get("variations"));
                reached.set("comparisons", stats.get("comparisons"));
                publisher.publish(tx, e.accountId(), "experiment.reached_significance", reached);
            }
        }
    }

    private ObjectNode base(Experiment e) {
        return mapper.createObjectNode().put("experiment_id", e.id().value()).put("experiment_key", e.key())
                .put("project", e.project()).put("environment", e.environment());
    }

    /** The latest results of an experiment, if any run succeeded. */
    public Optional<Results> latest(AccountId accountId, ExperimentId experimentId) {
        return db.read(tx -> {
            experiments.find(tx, accountId, experimentId)
                    .orElseThrow(() -> new NotFound("not_found", "no experiment " + experimentId));
            return runs.latestResults(tx, experimentId);
        }).map(this::parse);
    }

    private static long unitsOf(List<DataStore.VariationTotals> units, String variation) {
        return units.stream().filter(u -> u.variation().equals(variation)).mapToLong(DataStore.VariationTotals::units)
                .sum();
    }

    private static String date(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private String json(Results results) {
        try {
            return mapper.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results always serialise", e);
        }
    }

    private Results parse(String json) {
        try {
            return mapper.readValue(json, Results.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt analysis results", e);
        }
    }
}
