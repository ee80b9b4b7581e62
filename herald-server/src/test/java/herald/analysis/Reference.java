package herald.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Agreement with the independent reference (scipy and numpy, with the python quoted in each test):
 * 1e-6 relative, written as 1e-4 percent.
 */
final class Reference {

    private Reference() {}

    static void matches(Double actual, double expected, String what) {
        assertThat(actual).as(what).isNotNull();
        if (expected == 0) {
            assertThat(actual).as(what).isZero();
        } else {
            assertThat(actual).as(what).isCloseTo(expected, withinPercentage(1e-4));
        }
    }

    /** Every number of a comparison against the reference's, in the order the record declares them. */
    static void matches(Comparison c, double lift, double ciLow, double ciHigh, double absoluteLift,
                        double absoluteCiLow, double absoluteCiHigh, double pValue) {
        matches(c.relativeLift(), lift, "relativeLift");
        matches(c.ciLow(), ciLow, "ciLow");
        matches(c.ciHigh(), ciHigh, "ciHigh");
        matchesAbsolute(c, absoluteLift, absoluteCiLow, absoluteCiHigh, pValue);
    }

    /** The absolute lift, its interval and the p-value, for comparisons without a relative lift. */
    static void matchesAbsolute(Comparison c, double absoluteLift, double absoluteCiLow, double absoluteCiHigh,
                                double pValue) {
        matches(c.absoluteLift(), absoluteLift, "absoluteLift");
        matches(c.absoluteCiLow(), absoluteCiLow, "absoluteCiLow");
        matches(c.absoluteCiHigh(), absoluteCiHigh, "absoluteCiHigh");
        matches(c.pValue(), pValue, "pValue");
    }
}
