package herald.analysis;

/**
 * One unit's totals for one metric, as stored in {@code unit_totals}: the unit's conversions summed on
 * either side of its first assignment ({@code splitAt}), post-period {@code y}, pre-period {@code x}.
 * The ingestion keeps them up to date; the analysis reads them instead of the conversions.
 *
 * @param variation the unit's variation, null while it has none
 * @param mixed     the unit has more than one variation, which excludes it
 * @param splitAt   the unit's first assignment, {@link Side#NO_FIRST} while it has none
 * @param stale     an earlier assignment fell among the pre-period's conversions: the sums no longer
 *                  say which side each is on, so the analysis reads this pair's conversions
 */
record UnitTotal(String unitId, String metric, String variation, boolean mixed, long splitAt, boolean stale, Side y,
                 Side x, long ingestedAt) {

    /**
     * Conversions summed: their values, how many, and the earliest and latest time, so that a run can
     * tell whether its window holds all of them, none, or cuts through them.
     */
    record Side(double sum, long count, long first, long last) {

        /** Bounds of no conversions: no time is below the first or above the last. */
        static final long NO_FIRST = Long.MAX_VALUE;
        static final long NO_LAST = -Long.MAX_VALUE;
        static final Side NONE = new Side(0, 0, NO_FIRST, NO_LAST);

        static Side of(long at, double value) {
            return new Side(value, 1, at, at);
        }

        Side plus(Side other) {
            return new Side(sum + other.sum, count + other.count, Math.min(first, other.first),
                    Math.max(last, other.last));
        }
    }

    /** A new conversion's totals row, to be added to the stored one if there is one. */
    static UnitTotal conversion(String unitId, String metric, String variation, boolean mixed, long splitAt, long at,
                                double value, long now) {
        boolean post = at >= splitAt;
        return new UnitTotal(unitId, metric, variation, mixed, splitAt, false, post ? Side.of(at, value) : Side.NONE,
                post ? Side.NONE : Side.of(at, value), now);
    }

    /** Two sets of conversions of the same unit and metric, split at the same time, summed. */
    UnitTotal plus(UnitTotal other) {
        return new UnitTotal(unitId, metric, variation, mixed, splitAt, stale || other.stale, y.plus(other.y),
                x.plus(other.x), Math.max(ingestedAt, other.ingestedAt));
    }

    /**
     * After an assignment of the unit: a second variation mixes it; an earlier time moves the split.
     * Times only move earlier, so the post-period stays whole; the pre-period moves whole to the post
     * when the new time is at or before all of it, stays when the time is after all of it, and
     * otherwise the pair goes stale.
     */
    UnitTotal assigned(String newVariation, long at) {
        String v = variation == null ? newVariation : variation;
        boolean m = mixed || (variation != null && !variation.equals(newVariation));
        if (at >= splitAt) {
            return new UnitTotal(unitId, metric, v, m, splitAt, stale, y, x, ingestedAt);
        }
        if (x.count() == 0 || x.last() < at) {
            return new UnitTotal(unitId, metric, v, m, at, stale, y, x, ingestedAt);
        }
        if (x.first() >= at) {
            return new UnitTotal(unitId, metric, v, m, at, stale, y.plus(x), Side.NONE, ingestedAt);
        }
        return new UnitTotal(unitId, metric, v, m, at, true, y, x, ingestedAt);
    }
}
