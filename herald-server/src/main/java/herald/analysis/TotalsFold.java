package herald.analysis;

import herald.db.Database;
import herald.experiment.Experiment;
import herald.experiment.ExperimentStore;

/**
 * When the conversions the ingestion appends are added to their units' totals: after a batch, once
 * an experiment's unfolded rows reach a share of what its folds added so far, and before every run.
 * Each fold costs about one pass over the experiment's totals, so folding when the backlog has grown
 * by a constant share keeps the total cost linear in the rows, whatever their order. The state lives
 * in the database (the unfolded rows themselves), so a restart loses nothing: the next batch or run
 * folds what the previous process left.
 */
public final class TotalsFold {

    /** No fold for fewer unfolded rows than this: below it, a run folds them in well under a second. */
    static final long MIN_BACKLOG = 200_000;
    /** A fold is due when the unfolded rows reach this share of the rows folded so far. */
    static final double SHARE = 0.25;

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
        db.write(tx -> {
            // Ingestion of the experiment waits: nothing is appended between the fold's read and its delete.
            experiments.findForUpdate(tx, experiment.accountId(), experiment.id());
            return data.fold(tx, experiment.id());
        });
    }
}
