package herald.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.Caller;
import herald.db.Database;
import herald.db.Tx;
import herald.experiment.Experiment;
import herald.experiment.ExperimentId;
import herald.experiment.ExperimentStore;
import herald.metric.MetricStore;
import herald.problem.NotFound;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes batches of assignments and conversions. Every row is validated before anything is written;
 * a batch (at most {@link RowReader#MAX_ROWS} rows) is then written in one transaction. Units come in
 * random order, so each row lands on a random page of an index of millions; one transaction per
 * batch writes each page once for all the rows it takes (100,000 random assignments into 10 M
 * units: 112,583 rows/s against 33,197 in transactions of 5,000, docs/performance.md), and holds the
 * writer for about a second at most, less than a fold. Re-sending rows changes nothing, so a batch
 * interrupted by a crash is simply sent again. The per-unit totals the analysis reads are kept in
 * bulk: a batch of conversions lists its new rows as unfolded, a batch of assignments into an
 * experiment that has totals lists its rows (they may move a unit's split or variation), and
 * {@link TotalsFold} applies both to the totals.
 */
public final class Ingestion {

    /** How a batch went: rows read, and how many of them were new. */
    public record Accepted(int rows) {}

    private static final List<String> ASSIGNMENT_FIELDS = List.of("unitId", "variation", "timestamp");
    private static final List<String> CONVERSION_FIELDS = List.of("unitId", "metric", "value", "timestamp");

    private final Database db;
    private final DataStore data;
    private final ExperimentStore experiments;
    private final MetricStore metrics;
    private final TotalsFold fold;
    private final RowReader reader;
    private final Clock clock;

    public Ingestion(Database db, DataStore data, ExperimentStore experiments, MetricStore metrics, TotalsFold fold,
                     ObjectMapper mapper, Clock clock) {
        this.db = db;
        this.data = data;
        this.experiments = experiments;
        this.metrics = metrics;
        this.fold = fold;
        this.reader = new RowReader(mapper);
        this.clock = clock;
    }

    public Accepted assignments(Caller caller, ExperimentId experimentId, InputStream body, boolean ndjson) {
        Experiment experiment = experiment(caller, experimentId);
        Set<String> variations = new HashSet<>(experiment.variations().stream().map(Experiment.Variation::key).toList());
        List<Row.Assignment> rows = reader.read(body, ndjson, ASSIGNMENT_FIELDS, row -> {
            String variation = row.id("variation");
            if (!variations.contains(variation)) {
                throw row.invalid("variation", "'" + variation + "' is not a variation of " + experiment.key());
            }
            return new Row.Assignment(row.id("unitId"), variation, row.time());
        });
        long now = clock.millis();
        db.write(tx -> {
            lockExperiment(tx, experiment);
            data.insertAssignments(tx, experiment.id(), rows, now);
            return null;
        });
        fold.afterBatch(experiment);
        return new Accepted(rows.size());
    }

    public Accepted conversions(Caller caller, ExperimentId experimentId, InputStream body, boolean ndjson) {
        Experiment experiment = experiment(caller, experimentId);
        Set<String> known = db.read(tx -> new HashSet<>(Analysis.metricsOf(tx, experiment, metrics).keySet()));
        List<Row.Conversion> rows = reader.read(body, ndjson, CONVERSION_FIELDS, row -> {
            String metric = row.id("metric");
            if (!known.contains(metric)) {
                throw row.invalid("metric", "'" + metric + "' is not a metric of " + experiment.key());
            }
            // A conversion without a value counts 1 (a conversion metric's unit converted once).
            return new Row.Conversion(row.id("unitId"), metric, row.number("value", 1.0), row.time());
        });
        long now = clock.millis();
        db.write(tx -> {
            lockExperiment(tx, experiment);
            data.insertConversions(tx, experiment.id(), rows, now);
            return null;
        });
        fold.afterBatch(experiment);
        return new Accepted(rows.size());
    }

    /**
     * Ingestion of one experiment one batch at a time: a unit's totals depend on its assignments, so a
     * conversion and an assignment of the same unit written at once on two PostgreSQL nodes could
     * each miss the other. The embedded database has a single writer already.
     */
    private void lockExperiment(Tx tx, Experiment experiment) {
        experiments.findForUpdate(tx, experiment.accountId(), experiment.id());
    }

    private Experiment experiment(Caller caller, ExperimentId id) {
        return db.read(tx -> experiments.find(tx, caller.account().id(), id))
                .orElseThrow(() -> new NotFound("not_found", "no experiment " + id));
    }
}
