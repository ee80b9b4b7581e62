import herald.analysis.DataStore;
import herald.analysis.Row;
import herald.analysis.TotalsFold;
import herald.analysis.UnitRange;
import herald.db.Database;
import herald.experiment.ExperimentId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.sqlite.SQLiteConfig;

/**
 * What conversions cost to fold, and a run to read, in two layouts of the analysis's per-unit data,
 * measured in the same run on fresh embedded databases fed alike: `rows` assignments, then `rows`
 * conversions to random units, appended 200,000 at a time (the benchmark's data, without HTTP).
 *
 *   totals: Herald's layout. A fold joins each conversion to its unit's first assignment (the CUPED
 *           split) and upserts one totals row per unit and metric (DataStore.fold); as in Herald, the
 *           folds wait for an eighth of the totals' rows (200,000 to 1,000,000, TotalsFold.due) and
 *           take them by range of units, about 200,000 rows each (DataStore.foldRanges); a run reads
 *           the totals (DataStore.aggregate).
 *   runs:   the alternative in docs/performance.md. A fold only sorts each 200,000 conversions by
 *           unit and appends them as one run; a run merges the runs with the assignments read in
 *           unit order and computes each unit's sums itself (below), so nothing is looked up at
 *           ingestion.
 *
 * Prints each layout's fold cost per row, its longest fold of what was due at once (for the totals,
 * every range of what was due), its run time, and each one's sums, which must agree.
 * Usage: bench/run fold [rows=1000000]
 */
public class FoldBench {

    static final int FOLD = 200_000;
    static final int CHUNK = 5_000;
    static final List<String> VARIATIONS = List.of("control", "treatment");
    static final List<String> METRICS = List.of("purchase", "revenue");
    static final long LOOKBACK = 14L * 86_400_000;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("machine: %d cores, %s %s, JDK %s; %,d assignments and %,d conversions%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), rows, rows);
        for (String layout : List.of("totals", "runs")) {
            Path dir = Files.createTempDirectory("herald-fold-bench");
            Path file = dir.resolve("herald.db");
            ExperimentId id = ExperimentId.next(Clock.systemUTC());
            DataStore data = new DataStore();
            long foldNanos = 0;
            long longestNanos = 0; // the longest fold of what was due at once: what a run may fold before it reads
            int folds = 0;
            try (Database db = Database.openEmbedded(file, true)) {
                for (int from = 0; from < rows; from += CHUNK) {
                    List<Row.Assignment> chunk = new ArrayList<>();
                    for (int i = from; i < Math.min(rows, from + CHUNK); i++) {
                        chunk.add(new Row.Assignment("u" + i, VARIATIONS.get(i % 2), 1_000L + i));
                    }
                    db.write(tx -> {
                        data.insertAssignments(tx, id, chunk, 1);
                        return null;
                    });
                }
                if (layout.equals("runs")) {
                    db.write(tx -> tx.update("CREATE TABLE conversion_runs (experiment_ref TEXT NOT NULL, run BIGINT NOT NULL,"
                            + " unit_id TEXT NOT NULL, metric TEXT NOT NULL, converted_at BIGINT NOT NULL,"
                            + " value DOUBLE PRECISION NOT NULL, PRIMARY KEY (experiment_ref, run, unit_id, metric, converted_at, value))"));
                }
                for (int fold = 0; fold * FOLD < rows; fold++) {
                    long mark = fold + 2; // the ingestion time of this fold's conversions
                    for (int from = fold * FOLD; from < Math.min(rows, (fold + 1) * FOLD); from += CHUNK) {
                        List<Row.Conversion> chunk = new ArrayList<>();
                        for (int j = from; j < Math.min(rows, from + CHUNK); j++) {
                            boolean purchase = (j >> 1) % 2 == 0;
                            chunk.add(new Row.Conversion("u" + (int) ((long) j * 7919 % rows), METRICS.get(purchase ? 0 : 1),
                                    purchase ? 1.0 : (j % 500) / 10.0, 100_000_000L + j));
                        }
                        db.write(tx -> {
                            data.insertConversions(tx, id, chunk, mark);
                            return null;
                        });
                    }
                    int run = fold;
                    long started = System.nanoTime();
                    if (layout.equals("totals")) {
                        // As Herald's TotalsFold: once enough rows wait (or at the end), in ranges of about FOLD rows.
                        boolean last = (fold + 1) * FOLD >= rows;
                        if (last || db.read(tx -> data.unfolded(tx, id) >= TotalsFold.due(data.totalsEstimate(tx)))) {
                            for (UnitRange range : db.read(tx -> data.foldRanges(tx, id, FOLD))) {
                                db.write(tx -> data.fold(tx, id, range));
                                folds++;
                            }
                        }
                    } else {
                        db.write(tx -> {
                            tx.update("INSERT INTO conversion_runs SELECT experiment_ref, ?, unit_id, metric, converted_at, value"
                                    + " FROM conversions_unfolded WHERE experiment_ref = ? AND ingested_at <= ?"
                                    + " ORDER BY unit_id, metric, converted_at, value", run, ref(tx, id), mark);
                            return tx.update("DELETE FROM conversions_unfolded WHERE experiment_ref = ? AND ingested_at <= ?",
                                    ref(tx, id), mark);
                        });
                        folds++;
                    }
                    long took = System.nanoTime() - started;
                    foldNanos += took;
                    longestNanos = Math.max(longestNanos, took);
                }
                if (layout.equals("totals")) {
                    for (int repeat = 0; repeat < 2; repeat++) {
                        long started = System.nanoTime();
                        DataStore.Aggregate aggregate = db.read(tx -> data.aggregate(tx, id, VARIATIONS, METRICS,
                                new DataStore.Window(0, Long.MAX_VALUE / 2, LOOKBACK)));
                        report(layout, foldNanos, longestNanos, folds, rows, System.nanoTime() - started,
                                aggregate.totals().get("revenue").stream().map(v -> String.format("%d/%.1f", v.converted(), v.sum())).toList());
                    }
                }
            }
            if (layout.equals("runs")) {
                for (int repeat = 0; repeat < 2; repeat++) {
                    long started = System.nanoTime();
                    List<String> revenue = merge(file, id, folds);
                    report(layout, foldNanos, longestNanos, folds, rows, System.nanoTime() - started, revenue);
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void report(String layout, long foldNanos, long longestNanos, int folds, int rows, long runNanos,
                       List<String> revenue) {
        System.out.printf("%-6s: %d folds, %.2f µs per conversion folded, longest due fold %.2f s; run %.2f s;"
                        + " revenue converted/sum per variation %s%n",
                layout, folds, foldNanos / 1e3 / rows, longestNanos / 1e9, runNanos / 1e9, revenue);
    }

    /** A cursor over one run of conversions (or the assignments), at its current unit. */
    record Head(ResultSet rows, String unit) {}

    /** The experiment's ref, which its rows hold in place of its id (given with its first assignments). */
    static String ref(herald.db.Tx tx, ExperimentId id) {
        return tx.one("SELECT CAST(ref AS TEXT) FROM data_refs WHERE name = ?", rs -> rs.getString(1), id)
                .orElseThrow();
    }

    /**
     * The run of the "runs" layout: the assignments grouped by unit and every run of conversions, each
     * read in unit order (the ids here are ASCII, so Java's order is SQLite's), merged unit by unit;
     * a unit's conversions are split at its first assignment and summed as a run's window would. Only
     * the revenue metric's converted units and sums are returned, enough to compare with Herald's.
     */
    static List<String> merge(Path file, ExperimentId id, int runs) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setCacheSize(-65_536);
        config.setTempStore(SQLiteConfig.TempStore.FILE);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            String ref;
            try (PreparedStatement find = c.prepareStatement("SELECT CAST(ref AS TEXT) FROM data_refs WHERE name = ?")) {
                find.setString(1, id.value());
                ResultSet rs = find.executeQuery();
                rs.next();
                ref = rs.getString(1);
            }
            // The rows hold refs of the metric and variation keys.
            java.util.Map<String, String> names = new java.util.HashMap<>();
            try (PreparedStatement find = c.prepareStatement("SELECT CAST(ref AS TEXT), name FROM data_refs")) {
                ResultSet rs = find.executeQuery();
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
            List<PreparedStatement> open = new ArrayList<>();
            PriorityQueue<Head> queue = new PriorityQueue<>(Comparator.comparing(Head::unit));
            for (int run = 0; run < runs; run++) {
                PreparedStatement statement = c.prepareStatement("SELECT unit_id, metric, converted_at, value"
                        + " FROM conversion_runs WHERE experiment_ref = ? AND run = ? ORDER BY unit_id, metric, converted_at, value");
                statement.setString(1, ref);
                statement.setLong(2, run);
                open.add(statement);
                ResultSet rs = statement.executeQuery();
                if (rs.next()) {
                    queue.add(new Head(rs, rs.getString(1)));
                }
            }
            PreparedStatement units = c.prepareStatement("SELECT unit_id, MIN(variation), COUNT(*), MIN(assigned_at)"
                    + " FROM assignments WHERE experiment_ref = ? GROUP BY unit_id ORDER BY unit_id");
            open.add(units);
            units.setString(1, ref);
            long[] converted = new long[VARIATIONS.size()];
            double[] sums = new double[VARIATIONS.size()];
            double[] y = new double[METRICS.size()];
            long[] counted = new long[METRICS.size()];
            ResultSet assignments = units.executeQuery();
            while (assignments.next()) {
                String unit = assignments.getString(1);
                int variation = VARIATIONS.indexOf(names.get(assignments.getString(2)));
                boolean mixed = assignments.getLong(3) > 1;
                long split = assignments.getLong(4);
                java.util.Arrays.fill(y, 0);
                java.util.Arrays.fill(counted, 0);
                while (!queue.isEmpty() && queue.peek().unit().compareTo(unit) <= 0) {
                    Head head = queue.poll();
                    ResultSet rs = head.rows();
                    String at = head.unit();
                    boolean more;
                    do {
                        long time = rs.getLong(3);
                        if (at.equals(unit) && time >= split) { // a unit without assignments is not counted
                            int metric = METRICS.indexOf(names.get(rs.getString(2)));
                            y[metric] += rs.getDouble(4);
                            counted[metric]++;
                        }
                        more = rs.next();
                        at = more ? rs.getString(1) : at;
                    } while (more && at.compareTo(unit) <= 0);
                    if (more) {
                        queue.add(new Head(rs, at));
                    }
                }
                if (!mixed && variation >= 0 && counted[1] > 0) {
                    converted[variation]++;
                    sums[variation] += y[1];
                }
            }
            for (PreparedStatement statement : open) {
                statement.close();
            }
            List<String> revenue = new ArrayList<>();
            for (int v = 0; v < VARIATIONS.size(); v++) {
                revenue.add(String.format("%d/%.1f", converted[v], sums[v]));
            }
            return revenue;
        }
    }
}
