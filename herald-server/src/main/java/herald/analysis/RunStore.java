package herald.analysis;

import herald.db.Tx;
import herald.experiment.Experiment;
import herald.experiment.ExperimentId;
import java.util.Optional;

/** The SQL of analysis runs and of significance already announced. */
public final class RunStore {

    public void insert(Tx tx, String id, Experiment e, String reason, boolean success, long asOf, long dataMark,
                       String results, long now) {
        tx.update("INSERT INTO analysis_runs (id, experiment_id, account_id, reason, status, as_of, data_mark, results,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, e.id(), e.accountId(), reason, success ? "success" : "failure", asOf, dataMark, results, now);
    }

    /** The data mark of the previous run, if there was one. */
    public Optional<Long> lastDataMark(Tx tx, ExperimentId experimentId) {
        return tx.one("SELECT data_mark FROM analysis_runs WHERE experiment_id = ? ORDER BY created_at DESC, id DESC"
                + " LIMIT 1", rs -> rs.getLong(1), experimentId);
    }

    public Optional<String> latestResults(Tx tx, ExperimentId experimentId) {
        return tx.one("SELECT results FROM analysis_runs WHERE experiment_id = ? AND status = 'success'"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", rs -> rs.getString(1), experimentId);
    }

    /** Records that a pair reached significance; false when it already had (the event fires once). */
    public boolean markSignificant(Tx tx, ExperimentId experimentId, String variation, String metric, long now) {
        return tx.update("INSERT INTO significance_reached (experiment_id, variation, metric, reached_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", experimentId, variation, metric, now) == 1;
    }
}
