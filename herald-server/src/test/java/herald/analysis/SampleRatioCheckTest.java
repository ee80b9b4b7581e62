package herald.analysis;

import static herald.analysis.Reference.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/*
 * Expected p-values from scipy 1.17.1 (numpy 2.4.6), printed with repr:
 *
 *   import numpy as np
 *   from scipy.stats import chisquare
 *
 *   def srm(counts, weights):
 *       c = np.array(counts, dtype=float); w = np.array(weights, dtype=float)
 *       r = chisquare(c, f_exp=c.sum() * w / w.sum())
 *       print(counts, weights, repr(float(r.statistic)), repr(float(r.pvalue)))
 */
class SampleRatioCheckTest {

    /* srm([5000, 5030], [0.5, 0.5]) -> 0.0897308075772682 0.7645196573263563 */
    @Test
    void balancedTrafficIsNotImbalanced() {
        SampleRatioCheck check = SampleRatioCheck.of(new long[] {5_000, 5_030}, new double[] {0.5, 0.5});

        matches(check.pValue(), 0.7645196573263563, "pValue");
        assertThat(check.imbalanced()).isFalse();
    }

    /*
     * 300 units off on 10,300 is suspicious, but p stays above the 0.001 threshold:
     * srm([5000, 5300], [0.5, 0.5]) -> 8.737864077669903 0.003116693839866867
     */
    @Test
    void fiveThousandAgainstFiftyThreeHundredIsSuspiciousButBelowTheThreshold() {
        SampleRatioCheck check = SampleRatioCheck.of(new long[] {5_000, 5_300}, new double[] {50, 50});

        matches(check.pValue(), 0.003116693839866867, "pValue");
        assertThat(check.imbalanced()).isFalse();
    }

    /* srm([5000, 5400], [0.5, 0.5]) -> 15.384615384615385 8.769942375590228e-05 */
    @Test
    void fiveThousandAgainstFiftyFourHundredIsImbalanced() {
        SampleRatioCheck check = SampleRatioCheck.of(new long[] {5_000, 5_400}, new double[] {0.5, 0.5});

        matches(check.pValue(), 8.769942375590228e-05, "pValue");
        assertThat(check.imbalanced()).isTrue();
    }

    /*
     * srm([10000, 6000, 4150], [50, 30, 20])   -> 4.4665012406947895 0.10717946351914498
     * srm([10000, 6000, 4150], [0.5, 0.3, 0.2]) -> 4.4665012406947895 0.10717946351914498
     * srm([10000, 6300, 3700], [50, 30, 20])   -> 37.5 7.19413303032538e-09
     */
    @Test
    void threeArmsWithUnequalWeightsAreCheckedAgainstNormalisedProportions() {
        SampleRatioCheck fits = SampleRatioCheck.of(new long[] {10_000, 6_000, 4_150}, new double[] {50, 30, 20});
        SampleRatioCheck sameAsShares = SampleRatioCheck.of(new long[] {10_000, 6_000, 4_150}, new double[] {0.5, 0.3, 0.2});
        SampleRatioCheck skewed = SampleRatioCheck.of(new long[] {10_000, 6_300, 3_700}, new double[] {50, 30, 20});

        matches(fits.pValue(), 0.10717946351914498, "pValue");
        assertThat(fits.imbalanced()).isFalse();
        matches(sameAsShares.pValue(), 0.10717946351914498, "pValue");
        matches(skewed.pValue(), 7.19413303032538e-09, "pValue");
        assertThat(skewed.imbalanced()).isTrue();
    }

    /* srm([400000, 400000, 202000], [2, 2, 1]) -> 15.968063872255488 0.0003408623130972515 */
    @Test
    void smallRelativeSkewOnLargeTrafficIsImbalanced() {
        SampleRatioCheck check = SampleRatioCheck.of(new long[] {400_000, 400_000, 202_000}, new double[] {2, 2, 1});

        matches(check.pValue(), 0.0003408623130972515, "pValue");
        assertThat(check.imbalanced()).isTrue();
    }

    @Test
    void armOfWeightZeroIsLeftOutUntilItReceivesTraffic() {
        SampleRatioCheck idle = SampleRatioCheck.of(new long[] {5_000, 5_030, 0}, new double[] {0.5, 0.5, 0});
        SampleRatioCheck leaking = SampleRatioCheck.of(new long[] {5_000, 5_030, 1}, new double[] {0.5, 0.5, 0});

        matches(idle.pValue(), 0.7645196573263563, "pValue");
        assertThat(leaking.pValue()).isZero();
        assertThat(leaking.imbalanced()).isTrue();
    }

    @Test
    void noAssignmentsIsNotImbalanced() {
        assertThat(SampleRatioCheck.of(new long[] {0, 0}, new double[] {1, 1})).isEqualTo(new SampleRatioCheck(1, false));
    }

    @Test
    void mismatchedOrNegativeInputsAreRefused() {
        assertThatThrownBy(() -> SampleRatioCheck.of(new long[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatioCheck.of(new long[] {-1, 2}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatioCheck.of(new long[] {1, 2}, new double[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatioCheck.of(new long[] {1, 2}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
