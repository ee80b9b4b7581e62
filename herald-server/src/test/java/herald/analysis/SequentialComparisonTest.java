package herald.analysis;

import static herald.analysis.Reference.matches;
import static herald.analysis.Reference.matchesAbsolute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/*
 * Expected values come from an independent implementation in python 3 with scipy 1.17.1 and
 * numpy 2.4.6, written from Waudby-Smith et al. (2021) as GrowthBook applies it, printed with repr.
 * 'p' is the e-value p-value; 'p_root' checks it a second way, by solving with brentq for the level
 * at which the interval's edge touches 0 (ρ held fixed), which is what the p-value must equal:
 *
 *   import numpy as np, math
 *   from scipy.optimize import brentq
 *
 *   def sequential(na, ma, va, nb, mb, vb, alpha, tuning=5000):
 *       N = na + nb
 *       rho2 = (-2 * np.log(alpha) + np.log(-2 * np.log(alpha) + 1)) / tuning
 *       def hw(var, a=alpha):
 *           return np.sqrt(N * var) * np.sqrt(2 * (N * rho2 + 1) / (N ** 2 * rho2) * np.log(np.sqrt(N * rho2 + 1) / a))
 *       def p(est, var):
 *           e = np.exp(rho2 * N * est ** 2 / var / (2 * (N * rho2 + 1))) / np.sqrt(N * rho2 + 1)
 *           return min(1.0, 1 / e)
 *       sa, sb = va / na, vb / nb
 *       a = mb - ma
 *       out = dict(abs=a, abs_lo=a - hw(sa + sb), abs_hi=a + hw(sa + sb), p=p(a, sa + sb))
 *       est, var = a, sa + sb
 *       if ma != 0:
 *           lift = mb / ma - 1
 *           rv = vb / (nb * ma ** 2) + mb ** 2 * va / (na * ma ** 4)
 *           out.update(lift=lift, lo=lift - hw(rv), hi=lift + hw(rv), p=p(lift, rv))
 *           est, var = lift, rv
 *       f = lambda la: hw(var, np.exp(la)) - abs(est)
 *       out['p_root'] = np.exp(brentq(f, -700, 0, xtol=1e-14)) if f(0) < 0 else 1.0
 *       return out
 *
 *   def conv(n, c):
 *       m = c / n
 *       return n, m, m * (1 - m)
 *
 *   def show(name, d):
 *       print(name, {k: repr(float(v)) for k, v in d.items()})
 */
class SequentialComparisonTest {

    private static final double TUNING = SequentialTest.DEFAULT_TUNING;

    /*
     * show('S1', sequential(*conv(10000, 1000), *conv(9500, 1100), 0.05))
     * S1 {'abs': '0.01578947368421052', 'abs_lo': '0.0018953201684962957', 'abs_hi': '0.029683627199924744',
     *     'p': '0.028611302761977517', 'lift': '0.1578947368421051', 'lo': '0.008569601066457322',
     *     'hi': '0.30721987261775285', 'p_root': '0.028611302761977507'}
     */
    @Test
    void conversionVectorMatchesTheReferenceAndIsSignificant() {
        Comparison c = SequentialTest.compare("signup", ArmSummary.conversion("control", 10_000, 1_000),
                ArmSummary.conversion("b", 9_500, 1_100), 0.05, 100, TUNING);

        matches(c, 0.1578947368421051, 0.008569601066457322, 0.30721987261775285,
                0.01578947368421052, 0.0018953201684962957, 0.029683627199924744, 0.028611302761977517);
        assertThat(c.significant()).isTrue();
        // The same data as FixedHorizonComparisonTest's F1, so the same standard errors and df (the
        // python there): a user checks the half-width from them and N.
        matches(c.standardError(), 0.047794940319695854, "standardError");
        matches(c.absoluteStandardError(), 0.004447143038757924, "absoluteStandardError");
        matches(c.degreesOfFreedom(), 19241.152684166336, "degreesOfFreedom");
    }

    /*
     * The revenue data of FixedHorizonComparisonTest (rng seed 20), at alpha 0.10 and N* = 10000:
     * show('S2', sequential(1200, a.mean(), a.var(ddof=1), 800, b.mean(), b.var(ddof=1), 0.10, tuning=10000))
     * S2 {'abs': '2.329608333333333', 'abs_lo': '-1.3725357687415336', 'abs_hi': '6.031752435408199',
     *     'p': '0.5795889788359835', 'lift': '0.25558547233206097', 'lo': '-0.17521938091116918',
     *     'hi': '0.6863903255752911', 'p_root': '0.5795889788359835'}
     */
    @Test
    void continuousVectorWithOwnTuningMatchesTheReferenceAndIsNotSignificant() {
        Comparison c = SequentialTest.compare("revenue", ArmSummary.continuous("control", 1_200, 10937.75, 540122.3647),
                ArmSummary.continuous("b", 800, 9155.52, 811592.8346000001), 0.10, 100, 10_000);

        matches(c, 0.25558547233206097, -0.17521938091116918, 0.6863903255752911,
                2.329608333333333, -1.3725357687415336, 6.031752435408199, 0.5795889788359835);
        assertThat(c.significant()).isFalse();
    }

    /*
     * show('S3', sequential(*conv(500, 0), *conv(480, 12), 0.05))
     * S3 {'abs': '0.025', 'abs_lo': '0.000955662488661909', 'abs_hi': '0.04904433751133809',
     *     'p': '0.03775516954641772', 'p_root': '0.037755169546417736'}
     */
    @Test
    void controlMeanZeroLeavesTheRelativeLiftUndefinedAndTestsTheAbsoluteOne() {
        Comparison c = SequentialTest.compare("signup", ArmSummary.conversion("control", 500, 0),
                ArmSummary.conversion("b", 480, 12), 0.05, 100, TUNING);

        assertThat(c.relativeLift()).isNull();
        assertThat(c.ciLow()).isNull();
        matchesAbsolute(c, 0.025, 0.000955662488661909, 0.04904433751133809, 0.03775516954641772);
        assertThat(c.significant()).isTrue();
    }

    @Test
    void intervalIsWiderThanTheFixedHorizonOneForTheSameData() {
        List<ArmSummary[]> cases = List.of(
                arms(ArmSummary.conversion("a", 10_000, 1_000), ArmSummary.conversion("b", 9_500, 1_100)),
                arms(ArmSummary.conversion("a", 2_000, 200), ArmSummary.conversion("b", 2_100, 215)),
                arms(ArmSummary.conversion("a", 30, 3), ArmSummary.conversion("b", 25, 6)),
                arms(ArmSummary.conversion("a", 5_000_000, 500_000), ArmSummary.conversion("b", 5_000_000, 501_000)),
                arms(ArmSummary.continuous("a", 1_200, 10937.75, 540122.3647),
                        ArmSummary.continuous("b", 800, 9155.52, 811592.8346000001)));
        for (ArmSummary[] arms : cases) {
            for (double alpha : new double[] {0.01, 0.05, 0.10}) {
                Comparison fixed = FixedHorizonTest.compare("m", arms[0], arms[1], alpha, 0);
                Comparison sequential = SequentialTest.compare("m", arms[0], arms[1], alpha, 0, TUNING);

                assertThat(sequential.ciLow()).isLessThan(fixed.ciLow());
                assertThat(sequential.ciHigh()).isGreaterThan(fixed.ciHigh());
                assertThat(sequential.absoluteCiLow()).isLessThan(fixed.absoluteCiLow());
                assertThat(sequential.absoluteCiHigh()).isGreaterThan(fixed.absoluteCiHigh());
                assertThat(sequential.pValue()).isGreaterThan(fixed.pValue());
            }
        }
    }

    @Test
    void intervalNarrowsTowardsTheLiftAsUnitsGrow() {
        double previousWidth = Double.POSITIVE_INFINITY;
        for (long units = 1_000; units <= 1_000_000_000L; units *= 10) {
            Comparison c = SequentialTest.compare("signup", ArmSummary.conversion("a", units, units / 10),
                    ArmSummary.conversion("b", units, units / 10 + units / 100), 0.05, 0, TUNING);
            double width = c.ciHigh() - c.ciLow();

            assertThat(width).isLessThan(previousWidth);
            assertThat(c.ciLow()).isLessThan(0.1);
            assertThat(c.ciHigh()).isGreaterThan(0.1);
            previousWidth = width;
        }
        assertThat(previousWidth).isLessThan(0.002);
    }

    @Test
    void tuningMakesTheIntervalNarrowestNearTheTunedSampleSize() {
        ArmSummary a = ArmSummary.conversion("a", 2_500, 250);
        ArmSummary b = ArmSummary.conversion("b", 2_500, 275);

        double tuned = width(SequentialTest.compare("m", a, b, 0.05, 0, 5_000));
        assertThat(tuned).isLessThan(width(SequentialTest.compare("m", a, b, 0.05, 0, 1_250)));
        assertThat(tuned).isLessThan(width(SequentialTest.compare("m", a, b, 0.05, 0, 20_000)));
    }

    @Test
    void pValueBelowAlphaExactlyWhenTheIntervalExcludesZero() {
        for (long converted = 80; converted <= 160; converted += 2) {
            for (double alpha : new double[] {0.05, 0.10}) {
                Comparison c = SequentialTest.compare("m", ArmSummary.conversion("a", 1_000, 100),
                        ArmSummary.conversion("b", 1_000, converted), alpha, 0, TUNING);
                boolean excludesZero = c.ciLow() > 0 || c.ciHigh() < 0;

                assertThat(c.pValue() < alpha).as("converted %d, alpha %s", converted, alpha).isEqualTo(excludesZero);
                assertThat(c.significant()).isEqualTo(excludesZero);
            }
        }
    }

    @Test
    void minimumUnitsGateSignificance() {
        ArmSummary a = ArmSummary.conversion("a", 10_000, 1_000);
        ArmSummary b = ArmSummary.conversion("b", 9_500, 1_100);

        assertThat(SequentialTest.compare("m", a, b, 0.05, 9_500, TUNING).significant()).isTrue();
        assertThat(SequentialTest.compare("m", a, b, 0.05, 9_501, TUNING).significant()).isFalse();
    }

    @Test
    void zeroVarianceInBothArmsLeavesThePValueUndefined() {
        Comparison c = SequentialTest.compare("m", ArmSummary.conversion("a", 300, 300),
                ArmSummary.conversion("b", 200, 200), 0.05, 0, TUNING);

        assertThat(c.pValue()).isNull();
        assertThat(c.significant()).isFalse();
        assertThat(c.ciLow()).isZero();
        assertThat(c.ciHigh()).isZero();
    }

    @Test
    void tuningMustBePositiveAndFinite() {
        ArmSummary a = ArmSummary.conversion("a", 100, 10);
        for (double tuning : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> SequentialTest.compare("m", a, a, 0.05, 0, tuning))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static ArmSummary[] arms(ArmSummary control, ArmSummary treatment) {
        return new ArmSummary[] {control, treatment};
    }

    private static double width(Comparison c) {
        return c.ciHigh() - c.ciLow();
    }
}
