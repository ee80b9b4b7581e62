package herald.analysis;

import herald.db.Database;
import herald.experiment.Experiment;
import herald.experiment.ExperimentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the conversions the ingestion appends are added to their units' totals: after a batch, once
 * an experiment's unfolded rows reach a share of what its folds added so far, and before every run.
 * A fold's work is per row folded (about 10 µs on the embedded database), but the pages it writes
 * can be every page of the experiment's totals; folding when the backlog has grown by a constant
 * share keeps those writes linear in the rows, whatever their order, while a small share keeps
 * what a run must fold first small. The state lives in the database (the unfolded rows themselves),
 * so a restart loses nothing: the next batch or run folds what the previous process left.
 */
public final class TotalsFold {

    private static final Logger log = LoggerFactory.getLogger(TotalsFold.class);

    /** No fold for fewer unfolded rows than this: a run folds them in about two seconds. */
    static final long MIN_BACKLOG = 200_000;
    /** A fold is due when the unfolded rows reach this share of the rows folded so far. */
    static final double SHARE = 0.1;

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
        DataStore.Backlog backlog = db.read(tx -> data.backlog(tx, experiment.id()));
        if (backlog.unfolded() >= Math.max(MIN_BACKLOG, (long) (backlog.folded() * SHARE))) {
            now(experiment);
        }
    }

    /** Folds every conversion of the experiment ingested so far. */
    void now(Experiment experiment) {
        long started = System.nanoTime();
        long folded = db.write(tx -> {
            // Ingestion of the experiment waits: nothing is appended between the fold's read and its delete.
            experiments.findForUpdate(tx, experiment.accountId(), experiment.id());
            return data.fold(tx, experiment.id());
        });
        if (folded > 0) {
            // A fold holds the writer: its length is what an operator looks for when writes stall.
            log.info("folded {} conversions of {} into the unit totals in {} ms", folded, experiment.id(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
