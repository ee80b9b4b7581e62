package herald.analysis;

import static herald.analysis.Reference.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/*
 * Expected values from numpy 2.4.6 (np.mean, np.var(x, ddof=1): two-pass, so free of the cancellation
 * that the sums invite) and from exact rational arithmetic, printed with repr.
 */
class ArmSummaryTest {

    @Test
    void conversionMeanIsTheShareAndVarianceIsBernoulli() {
        ArmSummary arm = ArmSummary.conversion("control", 10_000, 1_000);

        assertThat(arm.units()).isEqualTo(10_000);
        assertThat(arm.mean()).isEqualTo(0.1);
        assertThat(arm.variance()).isCloseTo(0.09, within(1e-17));
    }

    @Test
    void conversionWithoutUnitsHasNothingToAverage() {
        assertThat(ArmSummary.conversion("control", 0, 0)).isEqualTo(new ArmSummary("control", 0, 0, 0));
    }

    /*
     * Twelve values ten million from zero, in halves, so that every sum is exact in a double:
     *
     *   import numpy as np
     *   from fractions import Fraction as F
     *   rng = np.random.default_rng(7)
     *   x = 1e7 + rng.integers(0, 9, 12) / 2
     *   s = sum(F(v) for v in x); ss = sum(F(v) ** 2 for v in x)
     *   print(repr(float(s)), repr(float(ss)), float(s) == s, float(ss) == ss)
     *   -> 120000029.0 1200000580000090.0 True True
     *   print(repr(np.mean(x)), repr(np.var(x, ddof=1)), float((ss - s * s / 12) / 11))
     *   -> 10000002.416666666 1.8106060606060603 1.8106060606060606
     *   S, SS = float(s), float(ss); print((SS - S * S / 12) / 11)
     *   -> 1.8181818181818181   (the textbook formula in doubles: 0.4% off)
     */
    @Test
    void continuousVarianceSurvivesLargeOffsets() {
        ArmSummary arm = ArmSummary.continuous("control", 12, 120000029.0, 1200000580000090.0);

        matches(arm.mean(), 10000002.416666666, "mean");
        matches(arm.variance(), 1.8106060606060603, "variance");
        double textbook = (1200000580000090.0 - 120000029.0 * 120000029.0 / 12) / 11;
        assertThat(Math.abs(textbook / 1.8106060606060603 - 1)).as("the naive formula would fail").isGreaterThan(1e-3);
    }

    /*
     * Units without any value count as 0:
     *   x = np.array([3.5, 0.0, 12.25, 7.0, 0.0, 0.0])
     *   print(repr(x.mean()), repr(np.var(x, ddof=1)), x.sum(), (x * x).sum())
     *   -> 3.7916666666666665 25.010416666666668 22.75 211.3125
     */
    @Test
    void continuousCountsUnitsWithoutValuesAsZero() {
        ArmSummary arm = ArmSummary.continuous("control", 6, 22.75, 211.3125);

        matches(arm.mean(), 3.7916666666666665, "mean");
        matches(arm.variance(), 25.010416666666668, "variance");
    }

    /*
     * The revenue arms of FixedHorizonComparisonTest (rng seed 20), from their sums:
     *   -> 9.114791666666667 367.3286506654851 11.4444 884.6225300525658
     */
    @Test
    void continuousFromSumsMatchesNumpyOnRevenueData() {
        ArmSummary a = ArmSummary.continuous("control", 1_200, 10937.75, 540122.3647);
        ArmSummary b = ArmSummary.continuous("b", 800, 9155.52, 811592.8346000001);

        matches(a.mean(), 9.114791666666667, "control mean");
        matches(a.variance(), 367.3286506654851, "control variance");
        matches(b.mean(), 11.4444, "treatment mean");
        matches(b.variance(), 884.6225300525658, "treatment variance");
    }

    @Test
    void continuousWithFewerThanTwoUnitsHasNoVariance() {
        assertThat(ArmSummary.continuous("a", 1, 42.5, 1806.25)).isEqualTo(new ArmSummary("a", 1, 42.5, 0));
        assertThat(ArmSummary.continuous("a", 0, 0, 0)).isEqualTo(new ArmSummary("a", 0, 0, 0));
    }

    @Test
    void inconsistentInputsAreRefused() {
        assertThatThrownBy(() -> ArmSummary.conversion("a", 10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArmSummary.conversion("a", 10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArmSummary.continuous("a", 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArmSummary.continuous("a", 5, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArmSummary("a", 1, 0.5, 0.25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArmSummary("a", -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArmSummary("a", 10, 0, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
