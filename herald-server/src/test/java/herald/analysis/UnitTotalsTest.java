package herald.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import herald.TempDirectories;
import herald.TestPostgres;
import herald.db.Database;
import herald.db.Tx;
import herald.experiment.ExperimentId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The per-unit totals kept at ingestion give the analysis the same sums as a computation from the
 * stored rows, on a real database (the embedded one, or PostgreSQL in that suite), whatever order
 * the rows arrive in: conversions before their unit's assignment (the CUPED pre-period), long before
 * it (outside the lookback) and after the window; an earlier assignment arriving late, which moves
 * the split; units assigned to two variations; rows sent twice, in one batch and in two; the
 * conversions and the assignments listed for the totals folded into them at random moments, and
 * some not folded yet.
 */
class UnitTotalsTest {

    static final ExperimentId EXPERIMENT = new ExperimentId("exp_totals");
    static final List<String> VARIATIONS = List.of("control", "b", "c");
    static final List<String> METRICS = List.of("purchase", "revenue");
    static final long DAY = 86_400_000L;
    static final long T0 = 1_767_225_600_000L; // 2026-01-01

    /** Every order and shape of data an experiment receives, from a seed. */
    static List<Runnable> scenario(Database db, DataStore data, Random random, int units) {
        List<Row.Assignment> assignments = new ArrayList<>();
        List<Row.Conversion> conversions = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            String unit = "u" + u;
            long assigned = T0 + random.nextInt(20) * DAY + random.nextInt(1000);
            String variation = VARIATIONS.get(random.nextInt(VARIATIONS.size()));
            if (random.nextInt(10) > 0) { // a tenth of the units are never assigned
                assignments.add(new Row.Assignment(unit, variation, assigned));
            }
            if (random.nextInt(8) == 0) { // the same variation again, earlier or later
                assignments.add(new Row.Assignment(unit, variation, assigned + (random.nextInt(7) - 3) * DAY));
            }
            if (random.nextInt(25) == 0) { // a second variation: excluded
                assignments.add(new Row.Assignment(unit, VARIATIONS.get((VARIATIONS.indexOf(variation) + 1) % 3),
                        assigned + DAY));
            }
            for (int c = random.nextInt(5); c > 0; c--) {
                String metric = random.nextInt(6) == 0 ? "other" : METRICS.get(random.nextInt(METRICS.size()));
                long at = assigned + (random.nextInt(60) - 25) * DAY / 2 + random.nextInt(1000);
                double value = metric.equals("purchase") ? 1 : Math.round(random.nextGaussian() * 1000 + 3000) / 100.0;
                conversions.add(new Row.Conversion(unit, metric, value, at));
                if (random.nextInt(10) == 0) {
                    conversions.add(new Row.Conversion(unit, metric, value, at)); // sent twice
                }
            }
        }
        Collections.shuffle(assignments, random);
        Collections.shuffle(conversions, random);
        List<Runnable> batches = new ArrayList<>();
        batches.addAll(batches(assignments, 37, chunk -> db.write(tx -> {
            data.insertAssignments(tx, EXPERIMENT, chunk, T0);
            return null;
        })));
        batches.addAll(batches(conversions, 53, chunk -> db.write(tx -> {
            data.insertConversions(tx, EXPERIMENT, chunk, T0);
            return null;
        })));
        // a few batches sent again
        for (int i = 0; i < 3; i++) {
            batches.add(batches.get(random.nextInt(batches.size())));
        }
        Collections.shuffle(batches, random);
        // the conversions so far folded into the totals at a few random moments, never after the last
        // batch: all of them, or some ranges of units of a few dozen rows each
        for (int i = 0; i < 6; i++) {
            boolean some = i % 2 == 1;
            batches.add(random.nextInt(batches.size()), () -> {
                List<UnitRange> ranges = some ? db.read(tx -> data.foldRanges(tx, EXPERIMENT, 40)) : List.of(UnitRange.ALL);
                for (UnitRange range : ranges) {
                    if (!some || random.nextBoolean()) {
                        db.write(tx -> data.fold(tx, EXPERIMENT, range));
                    }
                }
            });
        }
        return batches;
    }

    static <R> List<Runnable> batches(List<R> rows, int size, java.util.function.Consumer<List<R>> write) {
        List<Runnable> batches = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += size) {
            List<R> chunk = List.copyOf(rows.subList(i, Math.min(rows.size(), i + size)));
            batches.add(() -> write.accept(chunk));
        }
        return batches;
    }

    /** Windows that hold everything, cut through post-periods at either end, shorten or drop the lookback. */
    static final List<DataStore.Window> WINDOWS = List.of(
            new DataStore.Window(Long.MIN_VALUE, Long.MAX_VALUE, 14 * DAY),
            new DataStore.Window(T0, T0 + 400 * DAY, 14 * DAY),
            new DataStore.Window(T0 + 5 * DAY, T0 + 25 * DAY, 14 * DAY),
            new DataStore.Window(Long.MIN_VALUE, T0 + 12 * DAY, 3 * DAY),
            new DataStore.Window(T0, Long.MAX_VALUE, 0),
            new DataStore.Window(T0 + 30 * DAY, T0 + 31 * DAY, 60 * DAY));

    @Test
    void theTotalsGiveTheSumsOfTheRowsWhateverTheOrderOfArrival() throws Exception {
        try (Scratch scratch = Scratch.create(); Database db = scratch.open()) {
            DataStore data = new DataStore();
            Random random = new Random(15);
            scenario(db, data, random, 400).forEach(Runnable::run);
            // Assignments after the last fold: some earlier than their units' first, some later, some
            // of a second variation; the run must see them before a fold applies them to the totals.
            List<Row.Assignment> late = new ArrayList<>();
            for (int u = 0; u < 400; u += 5) {
                late.add(new Row.Assignment("u" + u, VARIATIONS.get(u % 3), T0 + random.nextInt(20) * DAY));
            }
            db.write(tx -> {
                data.insertAssignments(tx, EXPERIMENT, late, T0);
                return null;
            });
            assertThat(count(db, "SELECT COUNT(*) FROM unit_totals WHERE stale = 1"))
                    .as("an earlier assignment split some pre-periods").isPositive();
            assertThat(count(db, "SELECT COUNT(*) FROM conversions_unfolded"))
                    .as("conversions that came after the last fold").isPositive();
            assertThat(count(db, "SELECT COUNT(*) FROM assignments_unfolded"))
                    .as("assignments that came after the last fold").isPositive();
            assertSameAsRows(db, data);
            db.write(tx -> data.fold(tx, EXPERIMENT, UnitRange.ALL));
            assertThat(count(db, "SELECT COUNT(*) FROM conversions_unfolded")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM assignments_unfolded")).isZero();
            assertSameAsRows(db, data);
            // What makes a fold due reads the size of the totals without counting them.
            db.write(tx -> tx.update("ANALYZE unit_totals"));
            long totals = count(db, "SELECT COUNT(*) FROM unit_totals");
            assertThat(db.read(data::totalsEstimate)).isBetween(totals, 2 * totals);
        }
    }

    @Test
    void aUnitGivenTwoVariationsInOneBatchAfterItsConversionsIsExcluded() throws Exception {
        try (Scratch scratch = Scratch.create(); Database db = scratch.open()) {
            DataStore data = new DataStore();
            db.write(tx -> {
                data.insertConversions(tx, EXPERIMENT, List.of(new Row.Conversion("u1", "purchase", 1, T0 + DAY),
                        new Row.Conversion("u2", "purchase", 1, T0 + DAY),
                        new Row.Conversion("u3", "purchase", 1, T0 + DAY)), T0);
                return null;
            });
            db.write(tx -> data.fold(tx, EXPERIMENT, UnitRange.ALL));
            // Both of u1's variations in one batch, and u3's in the other order: the list holds one row
            // for each, which must still mix it.
            db.write(tx -> {
                data.insertAssignments(tx, EXPERIMENT, List.of(new Row.Assignment("u1", "control", T0),
                        new Row.Assignment("u1", "b", T0), new Row.Assignment("u2", "c", T0),
                        new Row.Assignment("u3", "b", T0), new Row.Assignment("u3", "control", T0)), T0);
                return null;
            });
            assertThat(count(db, "SELECT COUNT(*) FROM assignments_unfolded")).isEqualTo(3);
            assertSameAsRows(db, data);
            db.write(tx -> data.fold(tx, EXPERIMENT, UnitRange.ALL));
            assertThat(count(db, "SELECT COUNT(*) FROM assignments_unfolded")).isZero();
            assertSameAsRows(db, data);
            DataStore.Aggregate aggregate = db.read(tx -> data.aggregate(tx, EXPERIMENT, VARIATIONS, METRICS,
                    WINDOWS.get(0)));
            assertThat(aggregate.excluded()).isEqualTo(2);
            assertThat(aggregate.totals().get("purchase")).extracting(DataStore.VariationTotals::converted)
                    .containsExactly(0L, 0L, 1L);
        }
    }

    @Test
    void eachExperimentsRowsAreKeptUnderAShortRefOfItsOwn() throws Exception {
        try (Scratch scratch = Scratch.create(); Database db = scratch.open()) {
            DataStore data = new DataStore();
            ExperimentId other = new ExperimentId("exp_other");
            ExperimentId empty = new ExperimentId("exp_empty");
            // The same unit in two experiments, in different variations, converting in one of them only.
            db.write(tx -> {
                data.insertAssignments(tx, EXPERIMENT, List.of(new Row.Assignment("u1", "control", T0),
                        new Row.Assignment("u2", "b", T0)), T0);
                data.insertAssignments(tx, other, List.of(new Row.Assignment("u1", "b", T0)), T0);
                data.insertConversions(tx, other, List.of(new Row.Conversion("u1", "purchase", 2.0, T0 + DAY)), T0);
                return null;
            });
            String ref = db.read(tx -> data.ref(tx, EXPERIMENT));
            String otherRef = db.read(tx -> data.ref(tx, other));
            assertThat(ref).isNotEqualTo(otherRef);
            assertThat(List.of(ref, otherRef)).allSatisfy(r -> assertThat(r).hasSizeLessThan(3));
            String givenAgain = db.write(tx -> data.refGiven(tx, EXPERIMENT));
            assertThat(givenAgain).as("given once, then kept").isEqualTo(ref);
            // The variation and metric keys too: one short ref per name, whatever the experiment.
            List<String> variationRefs = db.read(tx -> tx.query("SELECT DISTINCT variation FROM assignments",
                    rs -> rs.getString(1)));
            Map<String, String> variationNames = db.read(tx -> namesOf(tx, variationRefs));
            assertThat(variationNames).hasSize(2).containsValues("control", "b")
                    .allSatisfy((r, name) -> assertThat(r).hasSizeLessThan(3));
            List<String> metricRefs = db.read(tx -> tx.query("SELECT metric FROM conversions", rs -> rs.getString(1)));
            Map<String, String> metricNames = db.read(tx -> namesOf(tx, metricRefs));
            assertThat(metricNames).containsOnlyKeys(metricRefs).containsValue("purchase");

            DataStore.Window all = new DataStore.Window(T0, Long.MAX_VALUE, 0);
            for (boolean folded : new boolean[] {false, true}) {
                if (folded) {
                    db.write(tx -> data.fold(tx, other, UnitRange.ALL));
                }
                DataStore.Aggregate mine = db.read(tx -> data.aggregate(tx, EXPERIMENT, VARIATIONS, METRICS, all));
                DataStore.Aggregate theirs = db.read(tx -> data.aggregate(tx, other, VARIATIONS, METRICS, all));
                DataStore.Aggregate none = db.read(tx -> data.aggregate(tx, empty, VARIATIONS, METRICS, all));
                assertThat(mine.units()).extracting(DataStore.VariationTotals::units).containsExactly(1L, 1L, 0L);
                assertThat(theirs.units()).extracting(DataStore.VariationTotals::units).containsExactly(0L, 1L, 0L);
                assertThat(mine.totals().get("purchase")).as("folded: " + folded)
                        .allSatisfy(t -> assertThat(t.converted()).isZero());
                assertThat(theirs.totals().get("purchase")).as("folded: " + folded)
                        .filteredOn(t -> t.variation().equals("b")).singleElement()
                        .satisfies(t -> assertThat(t.sum()).isEqualTo(2.0));
                assertThat(none.span()).isEmpty();
                assertThat(none.units()).extracting(DataStore.VariationTotals::units).containsOnly(0L);
            }
        }
    }

    @Test
    void aFoldWaitsForMoreRowsWhereTheTotalsAreLarger() {
        assertThat(TotalsFold.due(0)).isEqualTo(TotalsFold.RANGE);
        assertThat(TotalsFold.due(1_000_000)).as("small totals: one range at a time").isEqualTo(TotalsFold.RANGE);
        assertThat(TotalsFold.due(4_000_000)).isEqualTo(500_000);
        assertThat(TotalsFold.due(100_000_000)).isEqualTo(TotalsFold.MOST_DUE);
    }

    @Test
    void aFoldByRangeTakesTheUnfoldedRowsOfItsUnitsAndLeavesTheRestListed() throws Exception {
        try (Scratch scratch = Scratch.create(); Database db = scratch.open()) {
            DataStore data = new DataStore();
            Random random = new Random(17);
            scenario(db, data, random, 200).forEach(Runnable::run);
            db.write(tx -> data.fold(tx, EXPERIMENT, UnitRange.ALL));
            // Three more ingestions, 2,000 conversions of random units.
            List<Row.Conversion> more = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                more.add(new Row.Conversion("u" + random.nextInt(200), METRICS.get(i % 2), 1 + i,
                        T0 + random.nextInt(40) * DAY / 2));
            }
            for (int k = 0; k < 3; k++) {
                List<Row.Conversion> batch = more.subList(k * 600, k == 2 ? 2_000 : (k + 1) * 600);
                long at = T0 + 1 + k;
                db.write(tx -> {
                    data.insertConversions(tx, EXPERIMENT, batch, at);
                    return null;
                });
            }
            // Cut about every 600th unit in order: ranges end to end, from "" to no end.
            List<UnitRange> ranges = db.read(tx -> data.foldRanges(tx, EXPERIMENT, 600));
            assertThat(ranges).hasSizeBetween(3, 5);
            assertThat(ranges.getFirst().from()).isEmpty();
            assertThat(ranges.getLast().before()).isEmpty();
            for (int i = 1; i < ranges.size(); i++) {
                assertThat(ranges.get(i - 1).before()).contains(ranges.get(i).from());
            }
            long folded = 0;
            for (UnitRange range : ranges) {
                String bound = range.before().orElse("");
                long before = count(db, "SELECT COUNT(*) FROM conversions_unfolded");
                long inRange = range.before().isPresent()
                        ? count(db, "SELECT COUNT(*) FROM conversions_unfolded WHERE unit_id < '" + bound + "'")
                        : before;
                long taken = db.write(tx -> data.fold(tx, EXPERIMENT, range));
                assertThat(taken).as("the rows of the range's units, all of them").isEqualTo(inRange);
                assertThat(count(db, "SELECT COUNT(*) FROM conversions_unfolded")).isEqualTo(before - taken);
                if (range.before().isPresent()) {
                    assertThat(taken).as("about 600 rows a range").isBetween(300L, 900L);
                    assertThat(count(db, "SELECT COUNT(*) FROM conversions_unfolded WHERE unit_id >= '" + bound + "'"))
                            .as("the rest still listed").isEqualTo(before - taken);
                }
                assertSameAsRows(db, data);
                folded += taken;
            }
            assertThat(folded).isEqualTo(2_000);
            assertThat(count(db, "SELECT COUNT(*) FROM conversions_unfolded")).isZero();
        }
    }

    @Test
    void rangesCoverEveryUnitOnceWhateverTheBounds() {
        assertThat(UnitRange.cutAt(List.of())).containsExactly(UnitRange.ALL);
        // A unit with more rows than a range is a bound twice; its rows stay in one range.
        assertThat(UnitRange.cutAt(List.of("b", "b", "d"))).containsExactly(
                new UnitRange("", Optional.of("b")), new UnitRange("b", Optional.of("d")),
                new UnitRange("d", Optional.empty()));
    }

    @Test
    void anUpgradedDatabaseGetsTheTotalsOfItsRows() throws Exception {
        try (Scratch scratch = Scratch.create()) {
            Random random = new Random(16);
            // The rows as the version before the totals stored them.
            Flyway.configure().dataSource(scratch.url, null, null).locations("classpath:db/migration").target("11")
                    .loggers("slf4j").load().migrate();
            try (Connection c = DriverManager.getConnection(scratch.url);
                 PreparedStatement assign = c.prepareStatement("INSERT INTO assignments (experiment_id, unit_id,"
                         + " variation, assigned_at, ingested_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement convert = c.prepareStatement("INSERT INTO conversions (experiment_id, unit_id,"
                         + " metric, converted_at, value, ingested_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (int u = 0; u < 300; u++) {
                    long assigned = T0 + random.nextInt(20) * DAY;
                    if (random.nextInt(10) > 0) {
                        assign.setString(1, EXPERIMENT.value());
                        assign.setString(2, "u" + u);
                        assign.setString(3, VARIATIONS.get(u % 3));
                        assign.setLong(4, assigned);
                        assign.setLong(5, T0 + u);
                        assign.executeUpdate();
                        if (u % 20 == 0) {
                            assign.setString(3, VARIATIONS.get((u + 1) % 3));
                            assign.executeUpdate();
                        }
                    }
                    for (int k = random.nextInt(4); k > 0; k--) {
                        convert.setString(1, EXPERIMENT.value());
                        convert.setString(2, "u" + u);
                        convert.setString(3, METRICS.get(random.nextInt(2)));
                        convert.setLong(4, assigned + (random.nextInt(60) - 25) * DAY / 2);
                        convert.setDouble(5, random.nextInt(5000) / 100.0);
                        convert.setLong(6, T0 + 1000 + u);
                        convert.executeUpdate();
                    }
                }
            }
            try (Database db = scratch.open()) {
                DataStore data = new DataStore();
                assertThat(count(db, "SELECT COUNT(*) FROM unit_totals")).isPositive();
                assertSameAsRows(db, data);
                // and the totals keep up with rows that come after the upgrade
                scenario(db, data, random, 300).forEach(Runnable::run);
                assertSameAsRows(db, data);
            }
        }
    }

    /** The names of refs the rows hold in their place. */
    static Map<String, String> namesOf(Tx tx, List<String> refs) {
        Map<String, String> names = new HashMap<>();
        tx.queryIn("SELECT CAST(ref AS TEXT), name FROM data_refs WHERE ref IN (%s)",
                refs.stream().map(Long::valueOf).distinct().toList(), rs -> names.put(rs.getString(1), rs.getString(2)));
        return names;
    }

    static long count(Database db, String sql) {
        return db.read(tx -> tx.count(sql));
    }

    /** For every window: the totals' aggregate equals the rows' sums, and the units counted by hand. */
    static void assertSameAsRows(Database db, DataStore data) {
        Map<String, Set<String>> variationsOf = new TreeMap<>();
        Map<String, Long> firstAssigned = new HashMap<>();
        db.read(tx -> {
            // The rows hold refs of the experiment and of the variations' keys.
            Map<String, String> names = namesOf(tx, tx.query("SELECT DISTINCT variation FROM assignments",
                    rs -> rs.getString(1)));
            return tx.query("SELECT unit_id, variation, assigned_at FROM assignments WHERE experiment_ref = ?", rs -> {
                variationsOf.computeIfAbsent(rs.getString(1), u -> new HashSet<>()).add(names.get(rs.getString(2)));
                firstAssigned.merge(rs.getString(1), rs.getLong(3), Math::min);
                return null;
            }, data.ref(tx, EXPERIMENT));
        });
        Map<String, Long> units = new HashMap<>();
        variationsOf.values().stream().filter(v -> v.size() == 1)
                .forEach(v -> units.merge(v.iterator().next(), 1L, Long::sum));
        long mixed = variationsOf.values().stream().filter(v -> v.size() > 1).count();

        for (DataStore.Window window : WINDOWS) {
            DataStore.Aggregate aggregate = db.read(tx -> data.aggregate(tx, EXPERIMENT, VARIATIONS, METRICS, window));
            Map<String, List<DataStore.VariationTotals>> rows = db.read(tx ->
                    data.totalsFromRows(tx, EXPERIMENT, window, units, false));
            assertThat(aggregate.excluded()).isEqualTo(mixed);
            assertThat(aggregate.span()).isPresent();
            assertThat(aggregate.span().get()[0]).isEqualTo(firstAssigned.values().stream().mapToLong(l -> l).min()
                    .orElseThrow());
            for (DataStore.VariationTotals u : aggregate.units()) {
                assertThat(u.units()).as(u.variation()).isEqualTo(units.getOrDefault(u.variation(), 0L));
            }
            assertThat(aggregate.totals().keySet()).containsExactlyElementsOf(METRICS);
            for (String metric : METRICS) {
                for (DataStore.VariationTotals t : aggregate.totals().get(metric)) {
                    DataStore.VariationTotals expected = rows.getOrDefault(metric, List.of()).stream()
                            .filter(r -> r.variation().equals(t.variation())).findFirst()
                            .orElse(DataStore.VariationTotals.none(t.variation(), t.units()));
                    String at = window + " " + metric + " " + t.variation();
                    assertThat(t.units()).as(at).isEqualTo(expected.units());
                    assertThat(t.converted()).as(at).isEqualTo(expected.converted());
                    assertThat(t.preConverted()).as(at).isEqualTo(expected.preConverted());
                    assertThat(t.bothConverted()).as(at).isEqualTo(expected.bothConverted());
                    assertThat(t.sum()).as(at).isCloseTo(expected.sum(), within(1e-9 * (1 + Math.abs(expected.sum()))));
                    assertThat(t.sumOfSquares()).as(at).isCloseTo(expected.sumOfSquares(),
                            within(1e-9 * (1 + expected.sumOfSquares())));
                    assertThat(t.preSum()).as(at).isCloseTo(expected.preSum(),
                            within(1e-9 * (1 + Math.abs(expected.preSum()))));
                    assertThat(t.preSumOfSquares()).as(at).isCloseTo(expected.preSumOfSquares(),
                            within(1e-9 * (1 + expected.preSumOfSquares())));
                    assertThat(t.crossSum()).as(at).isCloseTo(expected.crossSum(),
                            within(1e-9 * (1 + Math.abs(expected.crossSum()))));
                }
            }
        }
    }

    /** A database of the suite's kind, empty, removed afterwards. */
    record Scratch(String url, Path dir) implements AutoCloseable {

        static Scratch create() throws Exception {
            if (TestPostgres.enabled()) {
                return new Scratch(TestPostgres.server().newDatabase(), null);
            }
            Path dir = Files.createTempDirectory("herald-totals");
            return new Scratch("jdbc:sqlite:" + dir.resolve("herald.db"), dir);
        }

        Database open() {
            return dir == null ? Database.openPostgres(url, null, null, 4)
                    : Database.openEmbedded(dir.resolve("herald.db"), false);
        }

        @Override
        public void close() {
            if (dir == null) {
                TestPostgres.server().dropDatabase(url);
            } else {
                TempDirectories.delete(dir);
            }
        }
    }
}
