package herald.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unit ids from {@code from} (included) up to {@code before} (excluded; no end when absent), in
 * the database's order: a fold takes an experiment's unfolded conversions one range at a time, so
 * that each transaction writes the totals of one part of the key, not of units all over it.
 */
public record UnitRange(String from, Optional<String> before) {

    /** Every unit: no id sorts before the empty one. */
    public static final UnitRange ALL = new UnitRange("", Optional.empty());

    /**
     * Ranges that cover every unit, cut at each of {@code bounds}, in the database's order (which need
     * not be Java's: only equal neighbours, one unit counted twice, are dropped).
     */
    static List<UnitRange> cutAt(List<String> bounds) {
        List<UnitRange> ranges = new ArrayList<>();
        String from = ALL.from();
        for (String bound : bounds) {
            if (!bound.equals(from)) {
                ranges.add(new UnitRange(from, Optional.of(bound)));
                from = bound;
            }
        }
        ranges.add(new UnitRange(from, Optional.empty()));
        return ranges;
    }

    /** The condition on a column of unit ids, to follow a WHERE clause; its arguments are {@link #args}. */
    String sql(String column) {
        return " AND " + column + " >= ?" + (before.isPresent() ? " AND " + column + " < ?" : "");
    }

    List<Object> args() {
        List<Object> args = new ArrayList<>(List.of(from));
        before.ifPresent(args::add);
        return args;
    }
}
