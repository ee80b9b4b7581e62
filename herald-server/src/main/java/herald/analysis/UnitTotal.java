package herald.analysis;

/**
 * One unit's totals for one metric, as stored in {@code unit_totals}: the unit's conversions summed on
 * either side of its first assignment ({@code split_at}), post-period {@code y_*}, pre-period
 * {@code x_*}, each side with its sum, count, and earliest and latest time, so that a run can tell
 * whether its window holds all of a side, none of it, or cuts through it. {@code variation} is the
 * unit's (null while it has none), {@code mixed} says it has more than one, which excludes it, and
 * {@code stale} that an earlier assignment fell among the pre-period's conversions: the sums no
 * longer say which side each is on, so the analysis reads that pair's conversions. Assignments update
 * the rows as they arrive ({@link DataStore#insertAssignments}), conversions in bulk
 * ({@link DataStore#fold}); the analysis reads them instead of the conversions.
 */
final class UnitTotal {

    /** The first time of a side that sums no conversions, and the split of a unit with no assignment. */
    static final long NO_FIRST = Long.MAX_VALUE;

    /** The last time of a side that sums no conversions: no time is above it. */
    static final long NO_LAST = -Long.MAX_VALUE;

    private UnitTotal() {}
}
