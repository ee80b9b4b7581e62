package herald.analysis;

import herald.db.Dialect;
import herald.db.Tx;
import herald.experiment.ExperimentId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

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

    /** What an analysis reads of an experiment's data: units per variation, excluded units, the span of
     * the assignments, the latest ingestion, and per metric the totals of each variation. */
    public record Aggregate(List<VariationTotals> units, long excluded, Optional<long[]> span, long dataMark,
                            Map<String, List<VariationTotals>> totals) {}

    /** The experiment's ref ({@link #refs}), or {@link #NO_DATA} while it has no data. */
    String ref(Tx tx, ExperimentId experimentId) {
        return refs(tx, List.of(experimentId.value()), false).get(experimentId.value());
    }

    /** The experiment's ref, given now if it has none yet. */
    String refGiven(Tx tx, ExperimentId experimentId) {
        return refs(tx, List.of(experimentId.value()), true).get(experimentId.value());
    }

    /**
     * The refs the rows hold in place of names: the experiment's id and the metric and variation keys
     * ({@code data_refs}, migration {@code V17__data_refs.sql}). With {@code give}, a name without one
     * is given the next number; two PostgreSQL nodes may take the same number for two names at once,
     * one insert then does nothing, and that node takes the number after (its statement sees the
     * other's row once that commits). Without, such a name maps to {@link #NO_DATA}, which no row
     * holds, so a read finds nothing, as for an experiment without data.
     */
    Map<String, String> refs(Tx tx, Collection<String> names, boolean give) {
        Set<String> wanted = new HashSet<>(names);
        Map<String, String> refs = new HashMap<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!wanted.isEmpty()) {
                tx.queryIn("SELECT name, CAST(ref AS TEXT) FROM data_refs WHERE name IN (%s)", wanted,
                        rs -> refs.put(rs.getString(1), rs.getString(2)));
            }
            wanted.removeAll(refs.keySet());
            if (wanted.isEmpty() || !give) {
                wanted.forEach(name -> refs.put(name, NO_DATA));
                return refs;
            }
            for (String name : wanted) {
                tx.update("INSERT INTO data_refs (ref, name) SELECT COALESCE(MAX(ref), 0) + 1, ? FROM data_refs"
                        + " WHERE true ON CONFLICT DO NOTHING", name);
            }
        }
        throw new IllegalStateException("no ref could be given to " + wanted);
    }

    private static final String NO_DATA = "none";

    public void insertAssignments(Tx tx, ExperimentId experimentId, List<Row.Assignment> batch, long now) {
        String ref = refGiven(tx, experimentId);
        // The earliest of a unit's rows for one variation: PostgreSQL refuses a statement that upserts a
        // row twice, and the first assignment is the one that counts.
        Map<List<String>, Row.Assignment> earliest = new java.util.LinkedHashMap<>();
        batch.forEach(r -> earliest.merge(List.of(r.unitId(), r.variation()), r, (a, b) -> b.at() < a.at() ? b : a));
        // In key order: the upserts walk the index from one unit to the next, and the table's rows follow
        // the key, which a fold's lookups of the units' assignments then read from fewer pages (1 M random
        // assignments 144,186 -> 180,592 rows/s, the conversions after them 81,111 -> 96,530).
        List<Row.Assignment> rows = earliest.values().stream().sorted(Comparator.comparing(Row.Assignment::unitId))
                .toList();
        Map<String, String> variationRefs = refs(tx, rows.stream().map(Row.Assignment::variation).toList(), true);
        boolean embedded = tx.dialect() == Dialect.SQLITE;
        long before = embedded ? lastRowid(tx, "assignments") : 0;
        // One statement per 1,000 rows, the experiment and the ingestion time bound once: a statement per
        // row cost a quarter more (1 M assignments stored in 3.1 s against 2.5 s).
        // The first assignment wins: a re-sent row changes nothing, an earlier time replaces a later one.
        long changed = valuesInParts(tx, rows, List.of(ref, now), 3, (r, args) -> {
                    args.add(r.unitId());
                    args.add(variationRefs.get(r.variation()));
                    args.add(r.at());
                },
                values -> "INSERT INTO assignments (experiment_ref, unit_id, variation, assigned_at, ingested_at)"
                        + " SELECT ?, v.column1, v.column2, v.column3, ? FROM (VALUES " + values + ") AS v WHERE true"
                        + " ON CONFLICT (experiment_ref, unit_id, variation) DO UPDATE"
                        + " SET assigned_at = excluded.assigned_at, ingested_at = excluded.ingested_at"
                        + " WHERE excluded.assigned_at < assignments.assigned_at");
        // Units with conversions already have totals, which the assignments may change (the split, the
        // variation). Once the experiment has totals, the batch's rows are listed too, and the next fold
        // applies them to their units' totals rows in bulk ({@link #fold}). Until then nothing is listed:
        // most assignments come before their units' conversions.
        if (tx.count("SELECT COUNT(*) FROM (SELECT 1 FROM unit_totals WHERE experiment_ref = ? LIMIT 1) AS t", ref) == 0) {
            return;
        }
        // On the embedded database the new rows are copied inside the database (their rowids are above
        // the largest there was, as for conversions), not bound again: binding cost as much as storing
        // them. A row whose time moved earlier keeps its rowid; when the batch moved any (a unit sent
        // again with an earlier time), all of its rows are listed from Java instead.
        if (embedded && changed == tx.count("SELECT COUNT(*) FROM assignments WHERE rowid > ?", before)) {
            tx.update(LIST + " SELECT experiment_ref, unit_id, variation, variation, assigned_at FROM assignments"
                    + " WHERE rowid > ?" + LISTED_AGAIN, before);
        } else {
            list(tx, ref, rows, variationRefs);
        }
    }

    private static final String LIST = "INSERT INTO assignments_unfolded (experiment_ref, unit_id, variation,"
            + " other_variation, assigned_at)";

    /** A unit listed again keeps the smallest and largest variation and the earliest time of both rows. */
    private static final String LISTED_AGAIN = " ON CONFLICT (experiment_ref, unit_id) DO UPDATE SET"
            + " variation = " + least("assignments_unfolded", "variation") + ","
            + " other_variation = " + greatest("assignments_unfolded", "other_variation") + ","
            + " assigned_at = " + least("assignments_unfolded", "assigned_at");

    /**
     * Lists a batch's assignments for the next fold from Java, one row per unit: the smallest and
     * largest variation and the earliest time, of the batch and of the unit's row already listed (a
     * statement that upserted one row twice would be refused by PostgreSQL).
     */
    private static void list(Tx tx, String ref, List<Row.Assignment> rows, Map<String, String> variationRefs) {
        // The rows come sorted by unit: each unit's are neighbours.
        List<Listed> units = new ArrayList<>();
        for (Row.Assignment r : rows) {
            Listed row = new Listed(r.unitId(), variationRefs.get(r.variation()), variationRefs.get(r.variation()), r.at());
            int last = units.size() - 1;
            if (last >= 0 && units.get(last).unitId().equals(r.unitId())) {
                units.set(last, units.get(last).and(row));
            } else {
                units.add(row);
            }
        }
        valuesInParts(tx, units, List.of(ref), 4, (u, args) -> args.addAll(List.of(u.unitId(), u.variation(),
                        u.otherVariation(), u.assignedAt())),
                values -> LIST + " SELECT ?, v.column1, v.column2, v.column3, v.column4 FROM (VALUES " + values
                        + ") AS v WHERE true" + LISTED_AGAIN);
    }

    /** A unit's row of the list: the smallest and largest variation ref listed, and the earliest time. */
    private record Listed(String unitId, String variation, String otherVariation, long assignedAt) {
        Listed and(Listed other) {
            return new Listed(unitId, variation.compareTo(other.variation) <= 0 ? variation : other.variation,
                    otherVariation.compareTo(other.otherVariation) >= 0 ? otherVariation : other.otherVariation,
                    Math.min(assignedAt, other.assignedAt));
        }
    }

    /**
     * Runs a statement over rows bound as a {@code VALUES} list of {@code width} columns, at most
     * {@link #VALUES_PER_INSERT} rows a statement: {@code sql} is given the list's text; the arguments
     * are {@code shared}, bound once, then what {@code fields} adds for each row. Returns how many rows
     * the statements changed.
     */
    private static <R> long valuesInParts(Tx tx, List<R> rows, List<Object> shared, int width,
                                          BiConsumer<R, List<Object>> fields, UnaryOperator<String> sql) {
        String row = "(" + "?, ".repeat(width - 1) + "?)";
        long changed = 0;
        for (int i = 0; i < rows.size(); i += VALUES_PER_INSERT) {
            List<R> part = rows.subList(i, Math.min(rows.size(), i + VALUES_PER_INSERT));
            List<Object> args = new ArrayList<>(shared.size() + width * part.size());
            args.addAll(shared);
            part.forEach(r -> fields.accept(r, args));
            changed += tx.update(sql.apply((row + ", ").repeat(part.size() - 1) + row), args.toArray());
        }
        return changed;
    }

    /**
     * A unit's totals after its listed assignments ({@code u}: the smallest and largest variation
     * listed, and the earliest time; {@code V19__assignments_unfolded.sql}): a second variation mixes
     * it (one listed beside the row's, or two listed); an earlier first time moves the split. Times
     * only move earlier, so the post-period stays whole; the pre-period moves whole to the post-period
     * when the new time is at or before all of it, stays when the time is after all of it, and
     * otherwise the pair goes stale (the run reads its conversions). Every expression reads the row as
     * it was before the statement.
     */
    private static final String EARLIER = "u.assigned_at < unit_totals.split_at";
    private static final String MOVES = EARLIER + " AND unit_totals.x_count > 0 AND unit_totals.x_first >= u.assigned_at";
    private static final String MIXED = "CASE WHEN unit_totals.mixed = 1 OR u.variation <> u.other_variation"
            + " OR unit_totals.variation <> u.variation THEN 1 ELSE 0 END";
    private static final String ASSIGNED = "UPDATE unit_totals SET variation = COALESCE(unit_totals.variation, u.variation),"
            + " mixed = " + MIXED + ","
            + " split_at = CASE WHEN " + EARLIER + " THEN u.assigned_at ELSE unit_totals.split_at END,"
            + " stale = CASE WHEN " + EARLIER + " AND unit_totals.x_count > 0 AND unit_totals.x_first < u.assigned_at"
            + " AND unit_totals.x_last >= u.assigned_at THEN 1 ELSE unit_totals.stale END,"
            + " y_sum = CASE WHEN " + MOVES + " THEN unit_totals.y_sum + unit_totals.x_sum ELSE unit_totals.y_sum END,"
            + " y_count = CASE WHEN " + MOVES + " THEN unit_totals.y_count + unit_totals.x_count ELSE unit_totals.y_count END,"
            + " y_first = CASE WHEN " + MOVES + " AND unit_totals.x_first < unit_totals.y_first THEN unit_totals.x_first"
            + " ELSE unit_totals.y_first END,"
            + " y_last = CASE WHEN " + MOVES + " AND unit_totals.x_last > unit_totals.y_last THEN unit_totals.x_last"
            + " ELSE unit_totals.y_last END,"
            + " x_sum = CASE WHEN " + MOVES + " THEN 0 ELSE unit_totals.x_sum END,"
            + " x_count = CASE WHEN " + MOVES + " THEN 0 ELSE unit_totals.x_count END,"
            + " x_first = CASE WHEN " + MOVES + " THEN " + UnitTotal.NO_FIRST + " ELSE unit_totals.x_first END,"
            + " x_last = CASE WHEN " + MOVES + " THEN " + UnitTotal.NO_LAST + " ELSE unit_totals.x_last END"
            + " FROM assignments_unfolded AS u";

    private static final String TOTALS_COLUMNS = "unit_id, metric, variation, mixed, split_at, stale, y_sum, y_count,"
            + " y_first, y_last, x_sum, x_count, x_first, x_last, ingested_at";

    /** Rows per INSERT of conversions: well within every database's limit on parameters. */
    private static final int VALUES_PER_INSERT = 1_000;

    /**
     * Stores the conversions not stored yet and lists them as unfolded: their units' totals take them
     * in bulk at the next {@link #fold}. Appending keeps this cheap whatever the order of the units.
     * Conversions are identified by their content: a row already stored, or twice in this batch, is
     * not new, and only new rows are listed. The new rows are copied inside the database, never read
     * back into Java and bound again: that round trip was about a third of the cost of appending.
     * On the embedded database a batch's new rows are listed in the order of their units, the order in
     * which a fold reads them ({@link #fold}); the stored rows keep the order they came in, which
     * follows their key (time) more closely.
     */
    public void insertConversions(Tx tx, ExperimentId experimentId, List<Row.Conversion> rows, long now) {
        String ref = refGiven(tx, experimentId);
        Map<String, String> metricRefs = refs(tx, rows.stream().map(Row.Conversion::metric).toList(), true);
        // SQLite takes no INSERT inside WITH; its one writer gives new rows rowids above the largest one
        // there was, so the rows above it are this call's new ones. PostgreSQL lists them in the statement.
        boolean embedded = tx.dialect() == Dialect.SQLITE;
        long before = embedded ? lastRowid(tx, "conversions") : 0;
        // The experiment and the ingestion time are the same for every row: bound once, not per row.
        valuesInParts(tx, rows, List.of(ref, now), 4, (r, args) -> {
                    args.add(r.unitId());
                    args.add(metricRefs.get(r.metric()));
                    args.add(r.at());
                    args.add(r.value());
                },
                values -> {
                    String insert = "INSERT INTO conversions (" + CONVERSION_COLUMNS + ") SELECT ?, v.column1,"
                            + " v.column2, v.column3, v.column4, ? FROM (VALUES " + values + ") AS v WHERE true"
                            + " ON CONFLICT DO NOTHING";
                    return embedded ? insert : "WITH fresh AS (" + insert + " RETURNING " + CONVERSION_COLUMNS + ")"
                            + " INSERT INTO conversions_unfolded (" + CONVERSION_COLUMNS + ") SELECT "
                            + CONVERSION_COLUMNS + " FROM fresh";
                });
        if (embedded) {
            tx.update("INSERT INTO conversions_unfolded (" + CONVERSION_COLUMNS + ") SELECT " + CONVERSION_COLUMNS
                    + " FROM conversions WHERE rowid > ? ORDER BY unit_id, metric", before);
        }
    }

    private static final String CONVERSION_COLUMNS = "experiment_ref, unit_id, metric, converted_at, value, ingested_at";

    /** How many of an experiment's conversions and units with new assignments wait to be folded. */
    public long unfolded(Tx tx, ExperimentId experimentId) {
        String ref = ref(tx, experimentId);
        return tx.count("SELECT COUNT(*) FROM conversions_unfolded WHERE experiment_ref = ?", ref)
                + tx.count("SELECT COUNT(*) FROM assignments_unfolded WHERE experiment_ref = ?", ref);
    }

    /**
     * About how many totals rows the database holds, every experiment's, read without counting them:
     * the largest rowid on the embedded database (rows are upserted, never deleted), the planner's
     * estimate on PostgreSQL (0 before the table was first analysed).
     */
    public long totalsEstimate(Tx tx) {
        if (tx.dialect() == Dialect.SQLITE) {
            return lastRowid(tx, "unit_totals");
        }
        return tx.count("SELECT CAST(GREATEST(reltuples, 0) AS BIGINT) FROM pg_class WHERE oid = 'unit_totals'::regclass");
    }

    /**
     * Ranges of units that cut an experiment's listed rows (unfolded conversions, units with new
     * assignments) into folds of about {@code rows} each (more when one unit holds more), and cover
     * every unit: rows appended meanwhile fall in one.
     * On the embedded database the bounds are taken from every {@link #BOUNDS_SAMPLE}th row in the
     * order the rows arrived (their rowids): sorting all of them cost 0.5 µs per conversion, and a
     * sample of an eighth gives ranges of about the same size; PostgreSQL sorts them all.
     */
    public List<UnitRange> foldRanges(Tx tx, ExperimentId experimentId, long rows) {
        boolean embedded = tx.dialect() == Dialect.SQLITE;
        String sample = embedded ? " AND rowid % " + BOUNDS_SAMPLE + " = 0" : "";
        long every = embedded ? Math.max(1, rows / BOUNDS_SAMPLE) : rows;
        String ref = ref(tx, experimentId);
        List<String> bounds = tx.query("SELECT unit_id FROM (SELECT unit_id, ROW_NUMBER() OVER (ORDER BY unit_id) AS n"
                + " FROM (SELECT unit_id FROM conversions_unfolded WHERE experiment_ref = ?" + sample
                + " UNION ALL SELECT unit_id FROM assignments_unfolded WHERE experiment_ref = ?" + sample + ") AS l) AS u"
                + " WHERE n % ? = 0 ORDER BY n", rs -> rs.getString(1), ref, ref, every);
        return UnitRange.cutAt(bounds);
    }

    private static final int BOUNDS_SAMPLE = 8;

    /**
     * Applies the new assignments of an experiment's listed units of a range to their totals rows,
     * then adds the range's unfolded conversions to their units' totals, and removes both from their
     * lists, in one transaction; no row crosses into Java. Each conversion is joined to
     * its unit's assignments and split at the first one. Cut by unit, not by ingestion time, a fold
     * rewrites the totals pages of its part of the key only, and each page it writes takes several of
     * its rows (docs/performance.md). Returns how many listed rows it took. The caller holds the
     * experiment's lock: no row of it can be appended between the statement and the delete. The
     * assignments go first, so that the conversions meet totals rows split where their assignments say.
     *
     * <p>On the embedded database each batch's rows are listed in the order of their units
     * ({@link #insertConversions}) and the list's index holds them by batch, then unit: a range is read
     * from the index in sorted runs, one per batch, without a sort of its own, and each conversion is
     * upserted as it comes (SQLite groups only what it has sorted). Within each run the assignment
     * lookups and the upserts walk their indexes in key order. Sorting and grouping each range cost a
     * third of a fold (docs/performance.md, "Folds without a sort"). PostgreSQL refuses a statement
     * that upserts a row twice, so there a range is sorted and grouped by unit and metric first.
     */
    public long fold(Tx tx, ExperimentId experimentId, UnitRange range) {
        String ref = ref(tx, experimentId);
        long applied = applyAssignments(tx, ref, range);
        List<Object> args = new ArrayList<>(List.of(ref));
        args.addAll(range.args());
        String split = "COALESCE(a.assigned_at, " + UnitTotal.NO_FIRST + ")";
        String post = "p.converted_at >= " + split;
        String pre = "p.converted_at < " + split;
        String joined = " LEFT JOIN assignments a ON a.experiment_ref = p.experiment_ref AND a.unit_id = p.unit_id";
        String inRange = " WHERE p.experiment_ref = ?" + range.sql("p.unit_id");
        // A unit with more than one variation joins once per variation, so its sums are not its own;
        // such a unit is mixed, excluded from every run, and never unmixed, so its sums are never read.
        // A stored row has the same split (its unit's assignments keep it up to date): the sides add up.
        String rows = tx.dialect() == Dialect.SQLITE
                ? " SELECT p.experiment_ref, p.unit_id, p.metric, a.variation, 0, " + split + ", 0, " + side(post, false)
                        + ", " + side(pre, false) + ", p.ingested_at FROM conversions_unfolded p" + joined + inRange
                        + " ORDER BY p.ingested_at, p.unit_id, p.metric"
                : " SELECT MIN(p.experiment_ref), p.unit_id, p.metric, MIN(a.variation),"
                        + " CASE WHEN MIN(a.variation) <> MAX(a.variation) THEN 1 ELSE 0 END,"
                        + " MIN(" + split + "), 0, " + side(post, true) + ", " + side(pre, true) + ", MAX(p.ingested_at)"
                        + " FROM (SELECT * FROM conversions_unfolded p" + inRange + " ORDER BY unit_id, metric) p" + joined
                        + " WHERE true GROUP BY p.unit_id, p.metric ORDER BY p.unit_id, p.metric";
        tx.update("INSERT INTO unit_totals (experiment_ref, " + TOTALS_COLUMNS + ")" + rows + UPSERT_TOTALS,
                args.toArray());
        return applied + tx.update("DELETE FROM conversions_unfolded AS p" + inRange, args.toArray());
    }

    /**
     * Applies the listed assignments of a range of units to their totals rows ({@link #ASSIGNED}), and
     * takes them off the list; returns how many it took. A totals row holds what its unit's
     * assignments said when it was last written (a fold of conversions reads them, and each listed
     * assignment is applied once), so the listed rows alone update it: the assignments are not read
     * again. The rows of a range are looked up and rewritten in key order, each page once for all the
     * units it holds.
     */
    private static long applyAssignments(Tx tx, String ref, UnitRange range) {
        List<Object> args = new ArrayList<>(List.of(ref));
        args.addAll(range.args());
        args.add(ref);
        args.add(ref);
        args.addAll(range.args());
        // The units named twice: the totals are then looked up by key, not read whole for each range.
        tx.update(ASSIGNED + " WHERE u.experiment_ref = ?" + range.sql("u.unit_id") + " AND unit_totals.experiment_ref = ?"
                + " AND unit_totals.unit_id IN (SELECT unit_id FROM assignments_unfolded WHERE experiment_ref = ?"
                + range.sql("unit_id") + ") AND unit_totals.unit_id = u.unit_id AND (" + EARLIER
                + " OR unit_totals.variation IS NULL OR " + MIXED + " <> unit_totals.mixed)", args.toArray());
        List<Object> delete = new ArrayList<>(List.of(ref));
        delete.addAll(range.args());
        return tx.update("DELETE FROM assignments_unfolded WHERE experiment_ref = ?" + range.sql("unit_id"),
                delete.toArray());
    }

    /**
     * The sum, count, first and last time of the conversions on one side of the split: of a group of
     * them, or of one.
     */
    private static String side(String on, boolean grouped) {
        String sum = "CASE WHEN " + on + " THEN p.value ELSE 0 END";
        String count = "CASE WHEN " + on + " THEN 1 ELSE 0 END";
        String first = "CASE WHEN " + on + " THEN p.converted_at ELSE " + UnitTotal.NO_FIRST + " END";
        String last = "CASE WHEN " + on + " THEN p.converted_at ELSE " + UnitTotal.NO_LAST + " END";
        return grouped ? "SUM(" + sum + "), SUM(" + count + "), MIN(" + first + "), MAX(" + last + ")"
                : sum + ", " + count + ", " + first + ", " + last;
    }

    /**
     * Adds new sides to a stored totals row. A conversion of a unit with two variations comes once per
     * variation when it is upserted alone: the second makes the row mixed, as grouping would have (its
     * split and sums, like any mixed row's, are never read).
     */
    private static final String UPSERT_TOTALS = " ON CONFLICT (experiment_ref, unit_id, metric) DO UPDATE SET"
            + " mixed = CASE WHEN excluded.variation IS DISTINCT FROM unit_totals.variation THEN 1 ELSE unit_totals.mixed END,"
            + " y_sum = unit_totals.y_sum + excluded.y_sum, y_count = unit_totals.y_count + excluded.y_count,"
            + " y_first = " + least("unit_totals", "y_first") + ", y_last = " + greatest("unit_totals", "y_last") + ","
            + " x_sum = unit_totals.x_sum + excluded.x_sum, x_count = unit_totals.x_count + excluded.x_count,"
            + " x_first = " + least("unit_totals", "x_first") + ", x_last = " + greatest("unit_totals", "x_last") + ","
            + " ingested_at = " + greatest("unit_totals", "ingested_at");

    /** The smaller of an upsert's new value and the stored row's, in a column of {@code table}. */
    private static String least(String table, String column) {
        return "CASE WHEN excluded." + column + " < " + table + "." + column + " THEN excluded." + column
                + " ELSE " + table + "." + column + " END";
    }

    /** The larger of an upsert's new value and the stored row's, in a column of {@code table}. */
    private static String greatest(String table, String column) {
        return "CASE WHEN excluded." + column + " > " + table + "." + column + " THEN excluded." + column
                + " ELSE " + table + "." + column + " END";
    }

    /**
     * What a run reads of an experiment's assignments: per variation the units assigned to it alone,
     * the units assigned to more than one (mixed, excluded from the analysis), every unit, the span of
     * the assignments and the latest ingestion.
     */
    public record Assigned(List<VariationTotals> units, long excluded, long allUnits, Optional<long[]> span,
                           long latest) {}

    /**
     * The assignments' part of a run, in passes that read each row once and sort nothing. The units of
     * a variation are its rows less the rows of mixed units (a unit has one row per variation), so no
     * pass groups every unit's rows: grouping 10 M units by their key alone took 2 s, and with their
     * variations 7 s. The rows are counted per variation in the same pass as their times; the mixed
     * units, found by grouping the key alone, are rare, and their rows are looked up by key.
     */
    public Assigned assigned(Tx tx, ExperimentId experimentId, List<String> variations) {
        String ref = ref(tx, experimentId);
        Map<String, String> variationRefs = refs(tx, variations, false);
        // Counted by the key alone, for the choice of how to read the rows.
        long rows = tx.count("SELECT COUNT(*) FROM assignments WHERE experiment_ref = ?", ref);
        StringBuilder perVariation = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (String variation : variations) {
            perVariation.append(", SUM(CASE WHEN variation = ? THEN 1 ELSE 0 END)");
            args.add(variationRefs.get(variation));
        }
        args.add(ref);
        long[] seen = new long[4]; // first assignment, last, latest ingestion, rows
        long[] unitsOf = new long[variations.size()];
        tx.each("SELECT MIN(assigned_at), MAX(assigned_at), MAX(ingested_at), COUNT(*)" + perVariation + " FROM assignments"
                + (wholeTable(tx, "assignments", rows) ? " NOT INDEXED" : "") + " WHERE experiment_ref = ?", rs -> {
                    for (int i = 0; i < seen.length; i++) {
                        seen[i] = rs.getLong(i + 1);
                    }
                    for (int i = 0; i < unitsOf.length; i++) {
                        unitsOf[i] = rs.getLong(seen.length + 1 + i);
                    }
                }, args.toArray());
        // The first row counts the mixed units, the others their rows per variation. CROSS JOIN keeps
        // SQLite from reading every assignment to look each up among the mixed units.
        long[] mixed = new long[2]; // units, rows
        tx.each("WITH mixed AS (SELECT unit_id FROM assignments WHERE experiment_ref = ? GROUP BY unit_id"
                + " HAVING COUNT(*) > 1) SELECT NULL, COUNT(*) FROM mixed UNION ALL SELECT a.variation, COUNT(*)"
                + " FROM mixed m CROSS JOIN assignments a WHERE a.experiment_ref = ? AND a.unit_id = m.unit_id"
                + " GROUP BY a.variation", rs -> {
                    String variationRef = rs.getString(1);
                    if (variationRef == null) {
                        mixed[0] = rs.getLong(2);
                        return;
                    }
                    mixed[1] += rs.getLong(2);
                    for (int i = 0; i < variations.size(); i++) {
                        if (variationRef.equals(variationRefs.get(variations.get(i)))) {
                            unitsOf[i] -= rs.getLong(2);
                        }
                    }
                }, ref, ref);
        List<VariationTotals> units = new ArrayList<>();
        for (int i = 0; i < variations.size(); i++) {
            units.add(VariationTotals.none(variations.get(i), unitsOf[i]));
        }
        long allUnits = seen[3] - mixed[1] + mixed[0];
        Optional<long[]> span = seen[3] == 0 ? Optional.empty() : Optional.of(new long[] {seen[0], seen[1]});
        return new Assigned(units, mixed[0], allUnits, span, seen[2]);
    }

    /** Everything a run needs: {@link #assigned}, then the totals ({@link #aggregate(Tx, ExperimentId, Assigned, List, Window)}). */
    public Aggregate aggregate(Tx tx, ExperimentId experimentId, List<String> variations, List<String> metrics,
                               Window window) {
        return aggregate(tx, experimentId, assigned(tx, experimentId, variations), metrics, window);
    }

    /**
     * The totals of a run, given what it read of the assignments (which may have been read beside a
     * fold, before it): the unit totals accumulated per metric and variation as they stream by, in one
     * pass that reads each row once and sorts nothing. A row whose sides the window cuts through (or a
     * stale one) is left out of the stream and computed from its conversions instead, by
     * {@link #totalsFromRows}; sums over disjoint sets of units add up.
     */
    public Aggregate aggregate(Tx tx, ExperimentId experimentId, Assigned assigned, List<String> metrics,
                               Window window) {
        String ref = ref(tx, experimentId);
        List<String> variations = assigned.units().stream().map(VariationTotals::variation).toList();
        Map<String, String> variationRefs = refs(tx, variations, false);
        Map<String, String> metricRefs = refs(tx, metrics, false);

        // Pairs with conversions not folded yet (those that arrived since the run's fold): their totals
        // rows, if any, lack them, so they are counted from their conversions like a flagged row.
        Set<List<String>> unfolded = new HashSet<>();
        long[] conversionMark = new long[1];
        tx.each("SELECT unit_id, metric, MAX(ingested_at) FROM conversions_unfolded WHERE experiment_ref = ?"
                + " GROUP BY unit_id, metric", rs -> {
                    unfolded.add(List.of(rs.getString(1), rs.getString(2)));
                    conversionMark[0] = Math.max(conversionMark[0], rs.getLong(3));
                }, ref);
        // Likewise the units with assignments their totals rows have not taken yet: every metric of theirs.
        Set<String> reassigned = new HashSet<>(tx.query("SELECT unit_id FROM assignments_unfolded WHERE experiment_ref = ?",
                rs -> rs.getString(1), ref));

        String scan = wholeTable(tx, "unit_totals", assigned.allUnits()) ? " NOT INDEXED" : "";
        Accumulators sums = new Accumulators(metrics.size(), variations.size());
        long[] flagged = new long[1];
        boolean anyUnfolded = !unfolded.isEmpty() || !reassigned.isEmpty();
        List<Object> args = new ArrayList<>(metrics.stream().map(metricRefs::get).toList());
        args.addAll(variations.stream().map(variationRefs::get).toList());
        args.addAll(List.of(window.from(), window.to(), window.lookback(), ref));
        // Each row crosses into Java as few values as it can: what each one costs, times 10 M rows, was
        // most of a large run (docs/performance.md). Its cell (metric and variation; negative: not
        // counted) and its sides (which are counted and converted; negative: flagged), decided in SQL.
        int perMetric = variations.size();
        tx.each("SELECT CASE WHEN t.mixed <> 0 THEN -1 ELSE " + indexOf("t.metric", metrics.size(), perMetric) + " + "
                + indexOf("t.variation", variations.size(), 1) + " END, " + SIDES + ", t.y_sum, t.x_sum, t.ingested_at"
                + (anyUnfolded ? ", t.unit_id, t.metric" : "")
                + " FROM unit_totals t" + scan + WINDOW + " WHERE t.experiment_ref = ?", rs -> {
                    conversionMark[0] = Math.max(conversionMark[0], rs.getLong(5));
                    int cell = rs.getInt(1);
                    if (cell < 0) {
                        return; // not a metric or variation of the experiment, an unassigned or a mixed unit
                    }
                    int sides = rs.getInt(2);
                    if (sides < 0 || anyUnfolded && (reassigned.contains(rs.getString(6))
                            || unfolded.contains(List.of(rs.getString(6), rs.getString(7))))) {
                        flagged[0]++;
                        return;
                    }
                    sums.add(cell / perMetric, cell % perMetric, (sides & Y_COUNTED) != 0 ? rs.getDouble(3) : 0,
                            (sides & Y_CONVERTED) != 0, (sides & X_COUNTED) != 0 ? rs.getDouble(4) : 0,
                            (sides & X_CONVERTED) != 0);
                }, args.toArray());
        Map<String, Long> unitsOf = new HashMap<>();
        assigned.units().forEach(u -> unitsOf.put(u.variation(), u.units()));
        Map<String, List<VariationTotals>> totals = sums.totals(metrics, variations, unitsOf);
        if (flagged[0] > 0 || anyUnfolded) {
            totalsFromRows(tx, experimentId, window, unitsOf, true).forEach((metric, list) -> {
                if (totals.containsKey(metric)) {
                    totals.put(metric, Accumulators.plus(totals.get(metric), list));
                }
            });
        }
        return new Aggregate(assigned.units(), assigned.excluded(), assigned.span(),
                Math.max(assigned.latest(), conversionMark[0]), totals);
    }

    /**
     * Whether to read the whole of an embedded database's table (the totals, the assignments) rather
     * than the experiment's range of its key: the range visits the rows in key order, which is not the
     * order they were written in, so each row is a jump in the file; the whole table is read straight
     * through, about five times faster per row (10 M totals: 2.5 s against 13 s). Worth it when the
     * experiment holds a good part of the table, estimated from its row count against the rows the
     * table ever had.
     */
    private static boolean wholeTable(Tx tx, String table, long experimentRows) {
        if (tx.dialect() != Dialect.SQLITE || experimentRows == 0) {
            return false;
        }
        return experimentRows * 4 >= lastRowid(tx, table);
    }

    /** The largest rowid of an embedded database's table (0 when it is empty): the rows it ever had, about. */
    private static long lastRowid(Tx tx, String table) {
        return tx.count("SELECT COALESCE(MAX(rowid), 0) FROM " + table);
    }

    /**
     * The index of a column's value among the next {@code count} arguments, times {@code step}; far
     * below zero when it is none of them, so that a sum with another such index stays negative.
     */
    private static String indexOf(String column, int count, int step) {
        StringBuilder sql = new StringBuilder("CASE " + column);
        for (int i = 0; i < count; i++) {
            sql.append(" WHEN ? THEN ").append(i * step);
        }
        return sql.append(" ELSE -1000000000 END").toString();
    }

    /**
     * A run's window against the time bounds of a totals row: a side is counted whole when the window
     * holds all its times, left out whole when it holds none of them; otherwise the row is flagged.
     */
    private static final String WINDOW = " CROSS JOIN (SELECT CAST(? AS BIGINT) AS w_from, CAST(? AS BIGINT) AS w_to,"
            + " CAST(? AS BIGINT) AS w_lookback) AS w";
    private static final String Y_IN = "(t.y_first >= w.w_from AND t.y_last <= w.w_to)";
    private static final String Y_OUT = "(t.y_last < w.w_from OR t.y_first > w.w_to)";
    private static final String X_IN = "(t.x_first >= t.split_at - w.w_lookback AND t.x_last <= w.w_to)";
    private static final String X_OUT = "(t.x_last < t.split_at - w.w_lookback OR t.x_first > w.w_to)";

    /** Bits of {@link #SIDES}: the outcome counted, and converted; the pre-period counted, and converted. */
    private static final int Y_COUNTED = 1, Y_CONVERTED = 2, X_COUNTED = 4, X_CONVERTED = 8;

    /**
     * A totals row's sides against the window, in one value: negative when the row is flagged (stale,
     * or a side the window cuts through), else the bits above. Each test is made once, and only as far
     * as the row needs.
     */
    private static final String SIDES = "CASE WHEN t.stale = 1 THEN -1 ELSE"
            + " CASE WHEN " + Y_IN + " THEN CASE WHEN t.y_count > 0 THEN " + (Y_COUNTED | Y_CONVERTED) + " ELSE "
            + Y_COUNTED + " END WHEN " + Y_OUT + " THEN 0 ELSE -100 END"
            + " + CASE WHEN " + X_IN + " THEN CASE WHEN t.x_count > 0 THEN " + (X_COUNTED | X_CONVERTED) + " ELSE "
            + X_COUNTED + " END WHEN " + X_OUT + " THEN 0 ELSE -100 END END";

    /** Whether a totals row is flagged: its conversions are read instead ({@link #totalsFromRows}). */
    private static final String FLAGGED = "(" + SIDES + ") < 0";

    /**
     * The same totals computed from the stored rows: per metric and variation, units (from
     * {@code unitsOf}), units with at least one counted conversion, and the sum and sum of squares of
     * each unit's total value (units without conversions add 0); likewise for each unit's pre-period
     * total, and the sum of the products of the two totals. With {@code flaggedOnly}, only the (unit,
     * metric) pairs whose totals row the window cuts through or that went stale, those with
     * conversions not folded into their totals yet, and those of units with assignments not applied
     * to their totals yet; otherwise every unit,
     * which {@link #aggregate} must agree with.
     */
    Map<String, List<VariationTotals>> totalsFromRows(Tx tx, ExperimentId experimentId, Window window,
                                                      Map<String, Long> unitsOf, boolean flaggedOnly) {
        Map<String, List<VariationTotals>> byMetric = new HashMap<>();
        String ref = ref(tx, experimentId);
        String post = "c.converted_at >= u.assigned_at AND c.converted_at >= ? AND c.converted_at <= ?";
        String pre = "c.converted_at < u.assigned_at AND c.converted_at >= u.assigned_at - ?";
        List<Object> args = new ArrayList<>();
        String units;
        if (flaggedOnly) {
            // The flagged totals rows, the pairs with unfolded conversions and the pairs of units with
            // assignments not applied to their totals yet, each with its unit's one variation and first
            // assignment. The flagged rows of such units are left to the last part, which reads their
            // assignments; a pair in the last two parts gets the same row from each, which UNION keeps once.
            units = "WITH units AS (SELECT t.unit_id, t.metric, t.variation, t.split_at AS assigned_at"
                    + " FROM unit_totals t" + WINDOW + " WHERE t.experiment_ref = ? AND t.mixed = 0"
                    + " AND t.variation IS NOT NULL AND " + FLAGGED + " AND NOT EXISTS (SELECT 1 FROM"
                    + " assignments_unfolded l WHERE l.experiment_ref = t.experiment_ref AND l.unit_id = t.unit_id)"
                    + " UNION SELECT p.unit_id, p.metric, MIN(a.variation), MIN(a.assigned_at)"
                    + " FROM conversions_unfolded p JOIN assignments a"
                    + " ON a.experiment_ref = p.experiment_ref AND a.unit_id = p.unit_id"
                    + " WHERE p.experiment_ref = ? GROUP BY p.unit_id, p.metric HAVING COUNT(DISTINCT a.variation) = 1"
                    + " UNION SELECT t.unit_id, t.metric, MIN(a.variation), MIN(a.assigned_at)"
                    + " FROM assignments_unfolded l JOIN unit_totals t ON t.experiment_ref = l.experiment_ref"
                    + " AND t.unit_id = l.unit_id JOIN assignments a ON a.experiment_ref = l.experiment_ref"
                    + " AND a.unit_id = l.unit_id"
                    + " WHERE l.experiment_ref = ? GROUP BY t.unit_id, t.metric HAVING COUNT(DISTINCT a.variation) = 1) ";
            args.addAll(List.of(window.from(), window.to(), window.lookback(), ref, ref, ref));
        } else {
            units = UNITS;
            args.add(ref);
        }
        args.addAll(List.of(window.from(), window.to(), window.from(), window.to(), window.lookback(),
                window.lookback(), ref, window.to()));
        tx.query(units + ", per_unit AS ("
                        + " SELECT c.metric, u.variation,"
                        + " SUM(CASE WHEN " + post + " THEN c.value ELSE 0 END) AS y,"
                        + " SUM(CASE WHEN " + post + " THEN 1 ELSE 0 END) AS y_count,"
                        + " SUM(CASE WHEN " + pre + " THEN c.value ELSE 0 END) AS x,"
                        + " SUM(CASE WHEN " + pre + " THEN 1 ELSE 0 END) AS x_count"
                        + " FROM conversions c JOIN units u ON u.unit_id = c.unit_id"
                        + (flaggedOnly ? " AND u.metric = c.metric" : "")
                        + " WHERE c.experiment_ref = ? AND c.converted_at <= ?"
                        + " GROUP BY c.metric, c.unit_id, u.variation)"
                        + ", grouped AS (SELECT metric, variation,"
                        + " SUM(CASE WHEN y_count > 0 THEN 1 ELSE 0 END) AS converted, SUM(y) AS total_sum,"
                        + " SUM(y * y) AS total_squares,"
                        + " SUM(CASE WHEN x_count > 0 THEN 1 ELSE 0 END) AS pre_converted, SUM(x) AS pre_sum,"
                        + " SUM(x * x) AS pre_squares,"
                        + " SUM(CASE WHEN x_count > 0 AND y_count > 0 THEN 1 ELSE 0 END) AS both_converted,"
                        + " SUM(x * y) AS cross_sum"
                        + " FROM per_unit WHERE y_count > 0 OR x_count > 0 GROUP BY metric, variation)"
                        // The rows hold refs of the metric and variation keys: named once grouped.
                        + " SELECT m.name AS metric, v.name AS variation, g.converted, g.total_sum, g.total_squares,"
                        + " g.pre_converted, g.pre_sum, g.pre_squares, g.both_converted, g.cross_sum FROM grouped g"
                        + " JOIN data_refs m ON m.ref = CAST(g.metric AS BIGINT)"
                        + " JOIN data_refs v ON v.ref = CAST(g.variation AS BIGINT)",
                rs -> byMetric.computeIfAbsent(rs.getString("metric"), m -> new ArrayList<>()).add(
                        new VariationTotals(rs.getString("variation"), unitsOf.getOrDefault(rs.getString("variation"), 0L),
                                rs.getLong("converted"), rs.getDouble("total_sum"), rs.getDouble("total_squares"),
                                rs.getLong("pre_converted"), rs.getDouble("pre_sum"), rs.getDouble("pre_squares"),
                                rs.getLong("both_converted"), rs.getDouble("cross_sum"))),
                args.toArray());
        return byMetric;
    }

    /** Units assigned to exactly one variation, with that variation and the time of the assignment. */
    private static final String UNITS = "WITH units AS (SELECT unit_id, MIN(variation) AS variation,"
            + " MIN(assigned_at) AS assigned_at FROM assignments WHERE experiment_ref = ?"
            + " GROUP BY unit_id HAVING COUNT(*) = 1) ";
}
