package herald.analysis;

import herald.db.Database;
import herald.experiment.Experiment;
import herald.experiment.ExperimentStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the conversions the ingestion appends are added to their units' totals: after a batch, once
 * an experiment has {@link #BACKLOG} of them waiting, and before every run. A fold's work is per row
 * folded, about the same per row for 200,000 rows as for 900,000 (measured on the benchmark's 10 M
 * experiment), so folds are kept small: each transaction takes about {@link #BACKLOG} rows, which
 * bounds how long it holds the writer (about 3 s at 10 M units on the embedded database) and what a
 * run must fold before it reads. The state lives in the database (the unfolded rows themselves), so
 * a restart loses nothing: the next batch or run folds what the previous process left.
 */
public final class TotalsFold {

    private static final Logger log = LoggerFactory.getLogger(TotalsFold.class);

    /** Unfolded rows of an experiment that make a fold due, and about the most one transaction folds. */
    static final long BACKLOG = 200_000;

    private final Database db;
    private final DataStore data;
    private final ExperimentStore experiments;

    public TotalsFold(Database db, DataStore data, ExperimentStore experiments) {
        this.db = db;
        this.data = data;
        this.experiments = experiments;
    }

    /** Folds the experiment's conversions if enough of them are waiting. */
    void ifDue(Experiment experiment) {
        if (db.read(tx -> data.unfolded(tx, experiment.id())) >= BACKLOG) {
            now(experiment);
        }
    }

    /**
     * Folds every conversion of the experiment ingested so far, in transactions of about
     * {@link #BACKLOG} rows each, oldest ingestion first. Rows ingested meanwhile wait for the next
     * fold (a run counts them from their conversions).
     */
    void now(Experiment experiment) {
        List<Long> bounds = db.read(tx -> data.foldBounds(tx, experiment.id(), BACKLOG));
        for (long upTo : bounds) {
            long started = System.nanoTime();
            long folded = db.write(tx -> {
                // Ingestion of the experiment waits: nothing is appended between the fold's read and its delete.
                experiments.findForUpdate(tx, experiment.accountId(), experiment.id());
                return data.fold(tx, experiment.id(), upTo);
            });
            if (folded > 0) {
                // A fold holds the writer: its length is what an operator looks for when writes stall.
                log.info("folded {} conversions of {} into the unit totals in {} ms", folded, experiment.id(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }
}
