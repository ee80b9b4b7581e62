package herald.analysis;

import herald.db.Database;
import herald.experiment.Experiment;
import herald.experiment.ExperimentStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the conversions the ingestion appends are added to their units' totals: after a batch, once
 * an experiment has enough of them waiting ({@link #due}), and before every run. The totals of units
 * in random order are rows all over a large index, and a fold's cost is mostly the pages it
 * rewrites; so where the totals are large a fold waits for many rows and takes them by range of
 * units, about {@link #RANGE} rows per transaction: each transaction rewrites one part of the index,
 * and a page takes several rows each time it is written (at 10 M units, a quarter less time per
 * conversion than folds of as many rows cut by ingestion time, docs/performance.md). The range
 * bounds how long a transaction holds the writer; a run folds what is waiting before it reads, up to
 * about {@link #MOST_DUE} rows (and what one batch adds). The state lives in the database (the
 * unfolded rows themselves), so a restart loses nothing: the next batch or run folds what the
 * previous process left.
 */
public final class TotalsFold {

    private static final Logger log = LoggerFactory.getLogger(TotalsFold.class);

    /** About the most rows one fold transaction takes. */
    static final long RANGE = 200_000;

    /** The most unfolded rows of an experiment a fold waits for. */
    static final long MOST_DUE = 1_000_000;

    private final Database db;
    private final DataStore data;
    private final ExperimentStore experiments;

    public TotalsFold(Database db, DataStore data, ExperimentStore experiments) {
        this.db = db;
        this.data = data;
        this.experiments = experiments;
    }

    /**
     * Unfolded rows of an experiment that make a fold due, for about {@code totals} rows of totals:
     * an eighth of them, from one range to {@link #MOST_DUE}. Ranges save writes only where the
     * totals are much larger than a range; where they are not, each page of the totals takes many
     * rows of any fold, each more range only reads the list once more, and a run would have more to
     * fold before it reads.
     */
    public static long due(long totals) {
        return Math.clamp(totals / 8, RANGE, MOST_DUE);
    }

    /** Folds the experiment's conversions if enough of them are waiting. */
    void ifDue(Experiment experiment) {
        if (db.read(tx -> data.unfolded(tx, experiment.id()) >= due(data.totalsEstimate(tx)))) {
            now(experiment);
        }
    }

    /**
     * Folds every conversion of the experiment ingested so far, in transactions of about
     * {@link #RANGE} rows each, one range of units after another. Rows ingested meanwhile are folded
     * with their range if it comes later, and otherwise wait for the next fold (a run counts them from
     * their conversions).
     */
    void now(Experiment experiment) {
        List<UnitRange> ranges = db.read(tx -> data.foldRanges(tx, experiment.id(), RANGE));
        for (UnitRange range : ranges) {
            long started = System.nanoTime();
            long folded = db.write(tx -> {
                // Ingestion of the experiment waits: nothing is appended between the fold's read and its delete.
                experiments.findForUpdate(tx, experiment.accountId(), experiment.id());
                return data.fold(tx, experiment.id(), range);
            });
            if (folded > 0) {
                // A fold holds the writer: its length is what an operator looks for when writes stall.
                log.info("folded {} conversions of {} into the unit totals in {} ms", folded, experiment.id(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }
}
