package herald.analysis;

import herald.db.Tx;
import herald.experiment.ExperimentId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of experiment data: idempotent ingestion, and the aggregations the analysis reads. The
 * aggregations run inside the database, so memory does not grow with the number of rows.
 */
public final class DataStore {

    /**
     * Per variation: units (assigned to it alone) and, for one metric, converted units and the sums of
     * each unit's outcome y; for CUPED, the same of each unit's pre-period value x, and Σxy
     * ({@code bothConverted}: units that converted before and after their assignment).
     */
    public record VariationTotals(String variation, long units, long converted, double sum, double sumOfSquares,
                                  long preConverted, double preSum, double preSumOfSquares, long bothConverted,
                                  double crossSum) {

        /** A variation's units without any conversion. */
        public static VariationTotals none(String variation, long units) {
            return new VariationTotals(variation, units, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * Time bounds of the data counted: conversions in [from, to] and at or after the unit's assignment;
     * and the CUPED lookback: conversions in the {@code lookback} milliseconds before the assignment.
     */
    public record Window(long from, long to, long lookback) {}

    public void insertAssignments(Tx tx, ExperimentId experimentId, List<Row.Assignment> rows, long now) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Row.Assignment r : rows) {
            args.add(new Object[] {experimentId, r.unitId(), r.variation(), r.at(), now});
        }
        // The first assignment wins: a re-sent row changes nothing, an earlier time replaces a later one.
        tx.batch("INSERT INTO assignments (experiment_id, unit_id, variation, assigned_at, ingested_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (experiment_id, unit_id, variation) DO UPDATE"
                + " SET assigned_at = excluded.assigned_at, ingested_at = excluded.ingested_at"
                + " WHERE excluded.assigned_at < assignments.assigned_at", args);
    }

    public void insertConversions(Tx tx, ExperimentId experimentId, List<Row.Conversion> rows, long now) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Row.Conversion r : rows) {
            args.add(new Object[] {experimentId, r.unitId(), r.metric(), r.at(), r.value(), now});
        }
        tx.batch("INSERT INTO conversions (experiment_id, unit_id, metric, converted_at, value, ingested_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", args);
    }

    /** The latest ingestion time of this experiment's data: a run records it to tell if data changed since. */
    public long dataMark(Tx tx, ExperimentId experimentId) {
        long a = tx.one("SELECT MAX(ingested_at) FROM assignments WHERE experiment_id = ?", rs -> rs.getLong(1),
                experimentId).orElse(0L);
        long c = tx.one("SELECT MAX(ingested_at) FROM conversions WHERE experiment_id = ?", rs -> rs.getLong(1),
                experimentId).orElse(0L);
        return Math.max(a, c);
    }

    /** Earliest and latest assignment times counted, for the run's scan dates. */
    public Optional<long[]> assignmentSpan(Tx tx, ExperimentId experimentId) {
        return tx.one("SELECT MIN(assigned_at), MAX(assigned_at), COUNT(*) FROM assignments WHERE experiment_id = ?",
                rs -> rs.getLong(3) == 0 ? null : new long[] {rs.getLong(1), rs.getLong(2)}, experimentId);
    }

    /** Units assigned to more than one variation: excluded from every count. */
    public long excludedUnits(Tx tx, ExperimentId experimentId) {
        return tx.count("SELECT COUNT(*) FROM (SELECT unit_id FROM assignments WHERE experiment_id = ?"
                + " GROUP BY unit_id HAVING COUNT(*) > 1) AS multi", experimentId);
    }

    /** Units per variation (units assigned to one variation only). */
    public List<VariationTotals> units(Tx tx, ExperimentId experimentId) {
        return tx.query(UNITS + "SELECT variation, COUNT(*) AS units FROM units GROUP BY variation",
                rs -> VariationTotals.none(rs.getString("variation"), rs.getLong("units")), experimentId);
    }

    /**
     * Per metric and variation: units (from {@code units}), units with at least one counted conversion,
     * and the sum and sum of squares of each unit's total value (units without conversions add 0);
     * likewise for each unit's pre-period total, and the sum of the products of the two totals.
     * One statement for all metrics, so the experiment's units are gathered once per run.
     */
    public Map<String, List<VariationTotals>> totals(Tx tx, ExperimentId experimentId, Window window,
                                                     List<VariationTotals> units) {
        Map<String, Long> unitsOf = new HashMap<>();
        units.forEach(u -> unitsOf.put(u.variation(), u.units()));
        Map<String, List<VariationTotals>> byMetric = new HashMap<>();
        String post = "c.converted_at >= u.assigned_at AND c.converted_at >= ? AND c.converted_at <= ?";
        String pre = "c.converted_at < u.assigned_at AND c.converted_at >= u.assigned_at - ?";
        tx.query(UNITS + ", per_unit AS ("
                        + " SELECT c.metric, u.variation,"
                        + " SUM(CASE WHEN " + post + " THEN c.value ELSE 0 END) AS y,"
                        + " SUM(CASE WHEN " + post + " THEN 1 ELSE 0 END) AS y_count,"
                        + " SUM(CASE WHEN " + pre + " THEN c.value ELSE 0 END) AS x,"
                        + " SUM(CASE WHEN " + pre + " THEN 1 ELSE 0 END) AS x_count"
                        + " FROM conversions c JOIN units u ON u.unit_id = c.unit_id"
                        + " WHERE c.experiment_id = ? AND c.converted_at <= ?"
                        + " GROUP BY c.metric, c.unit_id, u.variation)"
                        + " SELECT metric, variation,"
                        + " SUM(CASE WHEN y_count > 0 THEN 1 ELSE 0 END) AS converted, SUM(y) AS total_sum,"
                        + " SUM(y * y) AS total_squares,"
                        + " SUM(CASE WHEN x_count > 0 THEN 1 ELSE 0 END) AS pre_converted, SUM(x) AS pre_sum,"
                        + " SUM(x * x) AS pre_squares,"
                        + " SUM(CASE WHEN x_count > 0 AND y_count > 0 THEN 1 ELSE 0 END) AS both_converted,"
                        + " SUM(x * y) AS cross_sum"
                        + " FROM per_unit WHERE y_count > 0 OR x_count > 0 GROUP BY metric, variation",
                rs -> byMetric.computeIfAbsent(rs.getString("metric"), m -> new ArrayList<>()).add(
                        new VariationTotals(rs.getString("variation"), unitsOf.getOrDefault(rs.getString("variation"), 0L),
                                rs.getLong("converted"), rs.getDouble("total_sum"), rs.getDouble("total_squares"),
                                rs.getLong("pre_converted"), rs.getDouble("pre_sum"), rs.getDouble("pre_squares"),
                                rs.getLong("both_converted"), rs.getDouble("cross_sum"))),
                experimentId, window.from(), window.to(), window.from(), window.to(), window.lookback(),
                window.lookback(), experimentId, window.to());
        return byMetric;
    }

    /** Units assigned to exactly one variation, with that variation and the time of the assignment. */
    private static final String UNITS = "WITH units AS (SELECT unit_id, MIN(variation) AS variation,"
            + " MIN(assigned_at) AS assigned_at FROM assignments WHERE experiment_id = ?"
            + " GROUP BY unit_id HAVING COUNT(*) = 1) ";
}
