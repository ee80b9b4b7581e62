package herald.analysis;

import herald.db.Database;
import herald.experiment.Experiment;
import herald.experiment.ExperimentId;
import herald.experiment.ExperimentStore;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the rows the ingestion lists (new conversions, and units whose assignments came after their
 * experiment had totals) are applied to their units' totals: after a batch, once
 * an experiment has enough of them waiting ({@link #due}); in the background, once its ingestion
 * pauses with many of them waiting; and before every run. The totals of units in random order are
 * rows all over a large index, and a fold's cost is mostly the pages it rewrites; so where the totals
 * are large a fold waits for many rows and takes them by range of units, about {@link #RANGE} rows per
 * transaction: each transaction rewrites one part of the index, and a page takes several rows each
 * time it is written (at 10 M units, a quarter less time per conversion than folds of as many rows cut
 * by ingestion time, docs/performance.md). The range bounds how long a transaction holds the writer.
 * What the last batches leave waiting, up to about {@link #MOST_DUE} rows (and what one batch adds), is
 * folded once the experiment's ingestion pauses, so that a run started later has nothing to fold; a
 * run started sooner folds it before it reads. The state lives in the database (the unfolded rows
 * themselves), so a restart loses nothing: the next batch or run folds what the previous process left.
 */
public final class TotalsFold implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TotalsFold.class);

    /** About the most rows one fold transaction takes. */
    static final long RANGE = 200_000;

    /** The most unfolded rows of an experiment a fold waits for. */
    static final long MOST_DUE = 1_000_000;

    /** How long an experiment's ingestion pauses before the rows it left are folded in the background. */
    static final Duration IDLE = Duration.ofSeconds(1);

    /** The fewest unfolded rows worth a fold in the background: a run folds fewer in well under a second. */
    static final long IDLE_AT_LEAST = 50_000;

    private final Database db;
    private final DataStore data;
    private final ExperimentStore experiments;
    /** Experiments with unfolded rows, by when their ingestion will have paused long enough; guarded by itself. */
    private final Map<ExperimentId, Pause> pausing = new LinkedHashMap<>();
    private final Thread worker;
    private volatile boolean running = true;

    private record Pause(Experiment experiment, long at) {}

    public TotalsFold(Database db, DataStore data, ExperimentStore experiments) {
        this.db = db;
        this.data = data;
        this.experiments = experiments;
        this.worker = Thread.ofPlatform().name("herald-fold").start(this::foldPaused);
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

    /**
     * After a batch of the experiment's rows: folds what is listed if enough is waiting, and otherwise
     * once no batch has come for {@link #IDLE}.
     */
    void afterBatch(Experiment experiment) {
        if (db.read(tx -> data.unfolded(tx, experiment.id()) >= due(data.totalsEstimate(tx)))) {
            now(experiment);
        }
        synchronized (pausing) {
            // Moved to the end: the map stays in the order its pauses end.
            pausing.remove(experiment.id());
            pausing.put(experiment.id(), new Pause(experiment, System.nanoTime() + IDLE.toNanos()));
            pausing.notifyAll();
        }
    }

    /**
     * Folds every row of the experiment listed so far, in transactions of about
     * {@link #RANGE} rows each, one range of units after another. Rows ingested meanwhile are folded
     * with their range if it comes later, and otherwise wait for the next fold (a run counts them from
     * their conversions).
     */
    void now(Experiment experiment) {
        fold(experiment, () -> true);
    }

    private void fold(Experiment experiment, BooleanSupplier goOn) {
        List<UnitRange> ranges = db.read(tx -> data.foldRanges(tx, experiment.id(), RANGE));
        for (Iterator<UnitRange> it = ranges.iterator(); it.hasNext() && goOn.getAsBoolean(); ) {
            UnitRange range = it.next();
            long started = System.nanoTime();
            long folded = db.write(tx -> {
                // Ingestion of the experiment waits: nothing is appended between the fold's read and its delete.
                experiments.findForUpdate(tx, experiment.accountId(), experiment.id());
                return data.fold(tx, experiment.id(), range);
            });
            if (folded > 0) {
                // A fold holds the writer: its length is what an operator looks for when writes stall.
                log.info("folded {} listed rows of {} into the unit totals in {} ms", folded, experiment.id(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /** The background: each experiment whose ingestion has paused, folded if enough rows wait. */
    private void foldPaused() {
        while (running) {
            Experiment paused;
            synchronized (pausing) {
                Pause first = pausing.isEmpty() ? null : pausing.values().iterator().next();
                long wait = first == null ? Long.MAX_VALUE : first.at() - System.nanoTime();
                if (wait > 0) {
                    try {
                        pausing.wait(wait == Long.MAX_VALUE ? 0 : Math.max(1, wait / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                pausing.remove(first.experiment().id());
                paused = first.experiment();
            }
            try {
                if (db.read(tx -> data.unfolded(tx, paused.id())) >= IDLE_AT_LEAST) {
                    fold(paused, () -> running);
                }
            } catch (RuntimeException e) {
                // Nothing is lost: the rows stay listed for the next batch or run to fold.
                log.warn("folding the listed rows of {} after its ingestion paused failed", paused.id(), e);
            }
        }
    }

    /** Stops the background folds, after the transaction in progress if any. */
    @Override
    public void close() {
        running = false;
        synchronized (pausing) {
            pausing.notifyAll();
        }
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
