package herald.analysis;

import static herald.analysis.Reference.matches;
import static herald.analysis.Reference.matchesAbsolute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

/*
 * Expected values come from an independent implementation in python 3 with scipy 1.17.1 and
 * numpy 2.4.6, written straight from the formulas (no shared code with Herald), printed with repr:
 *
 *   import numpy as np, math
 *   from scipy.stats import t
 *
 *   def fixed(na, ma, va, nb, mb, vb, alpha):
 *       sa, sb = va / na, vb / nb
 *       df = (sa + sb) ** 2 / (sa ** 2 / (na - 1) + sb ** 2 / (nb - 1))
 *       q = t.ppf(1 - alpha / 2, df)
 *       out = dict(df=df)
 *       a = mb - ma
 *       se = np.sqrt(sa + sb)
 *       out.update(abs=a, abs_lo=a - q * se, abs_hi=a + q * se, p=2 * t.sf(abs(a) / se, df))
 *       if ma != 0:
 *           lift = mb / ma - 1
 *           var = vb / (nb * ma ** 2) + mb ** 2 * va / (na * ma ** 4)
 *           out.update(lift=lift, lo=lift - q * np.sqrt(var), hi=lift + q * np.sqrt(var))
 *           if var > 0:
 *               out.update(p=2 * t.sf(abs(lift) / np.sqrt(var), df))
 *       return out
 *
 *   def conv(n, c):
 *       m = c / n
 *       return n, m, m * (1 - m)
 *
 *   def show(name, d):
 *       print(name, {k: repr(float(v)) for k, v in d.items()})
 */
class FixedHorizonComparisonTest {

    private static final ArmSummary CONTROL = ArmSummary.conversion("control", 10_000, 1_000);
    private static final ArmSummary TREATMENT = ArmSummary.conversion("treatment", 9_500, 1_100);

    /*
     * Revenue per unit, rounded to cents, 1200 control and 800 treatment units, most of them zero, with the
     * treatment's variance more than twice the control's:
     *
     *   rng = np.random.default_rng(20)
     *   a = np.where(rng.random(1200) < 0.3, np.round(rng.lognormal(3.0, 0.8, 1200), 2), 0.0)
     *   b = np.where(rng.random(800) < 0.33, np.round(rng.lognormal(3.0, 1.0, 800), 2), 0.0)
     *   print(repr(math.fsum(a)), repr(math.fsum(a * a)), repr(math.fsum(b)), repr(math.fsum(b * b)))
     *   -> 10937.75 540122.3647 9155.52 811592.8346000001
     *   print(repr(a.mean()), repr(a.var(ddof=1)), repr(b.mean()), repr(b.var(ddof=1)))
     *   -> 9.114791666666667 367.3286506654851 11.4444 884.6225300525658
     *   show('F3a05', fixed(1200, a.mean(), a.var(ddof=1), 800, b.mean(), b.var(ddof=1), 0.05))
     *   show('F3a10', fixed(1200, a.mean(), a.var(ddof=1), 800, b.mean(), b.var(ddof=1), 0.10))
     *   F3a05 {'df': '1239.3081840749935', 'abs': '2.329608333333333', 'abs_lo': '-0.0015520940893134494',
     *          'abs_hi': '4.660768760755979', 'p': '0.06477445027234234', 'lift': '0.25558547233206097',
     *          'lo': '-0.015683067771332826', 'hi': '0.5268540124354548'}
     *   F3a10 {'df': '1239.3081840749935', 'abs': '2.329608333333333', 'abs_lo': '0.3736854170932675',
     *          'abs_hi': '4.285531249573398', 'p': '0.06477445027234234', 'lift': '0.25558547233206097',
     *          'lo': '0.027981937284998648', 'hi': '0.4831890073791233'}
     */
    private static final ArmSummary REVENUE_CONTROL = ArmSummary.continuous("control", 1_200, 10937.75, 540122.3647);
    private static final ArmSummary REVENUE_TREATMENT = ArmSummary.continuous("b", 800, 9155.52, 811592.8346000001);

    /*
     * show('F1', fixed(*conv(10000, 1000), *conv(9500, 1100), 0.05))
     * F1 {'df': '19241.152684166336', 'abs': '0.01578947368421052', 'abs_lo': '0.007072685165154096',
     *     'abs_hi': '0.024506262203266946', 'p': '0.0009563059013410092', 'lift': '0.1578947368421051',
     *     'lo': '0.06421248209635436', 'hi': '0.25157699158785585'}
     */
    @Test
    void conversionWithUnequalArmsIsSignificantAtFivePercent() {
        Comparison c = FixedHorizonTest.compare("signup", CONTROL, TREATMENT, 0.05, 100);

        matches(c, 0.1578947368421051, 0.06421248209635436, 0.25157699158785585,
                0.01578947368421052, 0.007072685165154096, 0.024506262203266946, 0.0009563059013410092);
        assertThat(c.significant()).isTrue();
        assertThat(c.metric()).isEqualTo("signup");
        assertThat(c.variation()).isEqualTo("treatment");
        assertThat(c.control()).isEqualTo("control");
    }

    /*
     * show('F2', fixed(*conv(2000, 200), *conv(2100, 215), 0.10))
     * F2 {'df': '4091.9765001313212', 'abs': '0.0023809523809523725', 'abs_lo': '-0.013119266763312992',
     *     'abs_hi': '0.01788117152521774', 'p': '0.802841249828724', 'lift': '0.023809523809523725',
     *     'lo': '-0.13307452981029833', 'hi': '0.18069357742934578'}
     */
    @Test
    void conversionWithASmallLiftIsNotSignificantAtTenPercent() {
        Comparison c = FixedHorizonTest.compare("signup", ArmSummary.conversion("control", 2_000, 200),
                ArmSummary.conversion("b", 2_100, 215), 0.10, 100);

        matches(c, 0.023809523809523725, -0.13307452981029833, 0.18069357742934578,
                0.0023809523809523725, -0.013119266763312992, 0.01788117152521774, 0.802841249828724);
        assertThat(c.significant()).isFalse();
    }

    @Test
    void continuousWithUnequalVariancesMissesFivePercent() {
        Comparison c = FixedHorizonTest.compare("revenue", REVENUE_CONTROL, REVENUE_TREATMENT, 0.05, 100);

        matches(c, 0.25558547233206097, -0.015683067771332826, 0.5268540124354548,
                2.329608333333333, -0.0015520940893134494, 4.660768760755979, 0.06477445027234234);
        assertThat(c.significant()).isFalse();
    }

    @Test
    void continuousWithUnequalVariancesReachesTenPercent() {
        Comparison c = FixedHorizonTest.compare("revenue", REVENUE_CONTROL, REVENUE_TREATMENT, 0.10, 100);

        matches(c, 0.25558547233206097, 0.027981937284998648, 0.4831890073791233,
                2.329608333333333, 0.3736854170932675, 4.285531249573398, 0.06477445027234234);
        assertThat(c.significant()).isTrue();
    }

    /*
     * The standard errors and degrees of freedom a user needs to check the figures, from the same
     * python (sa, sb, df as in fixed()):
     *   se = sqrt(vb / (nb * ma ** 2) + mb ** 2 * va / (na * ma ** 4)); abs_se = sqrt(sa + sb)
     *   F1 {'df': '19241.152684166336', 'abs_se': '0.004447143038757924', 'se': '0.047794940319695854'}
     *   F3 {'df': '1239.3081840749935', 'abs_se': '1.1882278280925807', 'se': '0.1382696893981126'}
     */
    @Test
    void everyComparisonCarriesItsStandardErrorsAndDegreesOfFreedom() {
        Comparison conversion = FixedHorizonTest.compare("signup", CONTROL, TREATMENT, 0.05, 100);
        Comparison revenue = FixedHorizonTest.compare("revenue", REVENUE_CONTROL, REVENUE_TREATMENT, 0.05, 100);

        matches(conversion.standardError(), 0.047794940319695854, "standardError");
        matches(conversion.absoluteStandardError(), 0.004447143038757924, "absoluteStandardError");
        matches(conversion.degreesOfFreedom(), 19241.152684166336, "degreesOfFreedom");
        matches(revenue.standardError(), 0.1382696893981126, "standardError");
        matches(revenue.absoluteStandardError(), 1.1882278280925807, "absoluteStandardError");
        matches(revenue.degreesOfFreedom(), 1239.3081840749935, "degreesOfFreedom");
        assertThat(revenue.adjustedPValue()).as("no correction: the raw p-value").isEqualTo(revenue.pValue());
        assertThat(revenue.chanceToWin()).as("not a Bayesian comparison").isNull();
    }

    @Test
    void minimumUnitsGateSignificanceButNotTheNumbers() {
        Comparison gated = FixedHorizonTest.compare("signup", CONTROL, TREATMENT, 0.05, 9_501);
        Comparison atTheMinimum = FixedHorizonTest.compare("signup", CONTROL, TREATMENT, 0.05, 9_500);

        assertThat(gated.significant()).isFalse();
        assertThat(atTheMinimum.significant()).isTrue();
        assertThat(gated.pValue()).isEqualTo(atTheMinimum.pValue());
        assertThat(gated.ciLow()).isEqualTo(atTheMinimum.ciLow());
    }

    /*
     * show('F5', fixed(*conv(500, 0), *conv(480, 12), 0.05))
     * F5 {'df': '479.00000000000006', 'abs': '0.025', 'abs_lo': '0.010997727518134952',
     *     'abs_hi': '0.03900227248186505', 'p': '0.0004936294948194701'}
     */
    @Test
    void controlMeanZeroLeavesTheRelativeLiftUndefinedAndTestsTheAbsoluteOne() {
        Comparison c = FixedHorizonTest.compare("signup", ArmSummary.conversion("control", 500, 0),
                ArmSummary.conversion("b", 480, 12), 0.05, 100);

        assertThat(c.relativeLift()).isNull();
        assertThat(c.ciLow()).isNull();
        assertThat(c.ciHigh()).isNull();
        assertThat(c.standardError()).isNull();
        matches(c.degreesOfFreedom(), 479.00000000000006, "degreesOfFreedom");
        matchesAbsolute(c, 0.025, 0.010997727518134952, 0.03900227248186505, 0.0004936294948194701);
        assertThat(c.significant()).isTrue();
    }

    /*
     * Delta method with a treatment that never converts: Var(Δ) = 0, so the p-value is the absolute lift's.
     * show('F7', fixed(*conv(500, 10), *conv(500, 0), 0.05))
     * F7 {'df': '499.0', 'abs': '-0.02', 'abs_lo': '-0.032301151731792654', 'abs_hi': '-0.007698848268207345',
     *     'p': '0.0014899107984489147', 'lift': '-1.0', 'lo': '-1.0', 'hi': '-1.0'}
     */
    @Test
    void treatmentWithoutConversionsIsTestedOnTheAbsoluteLift() {
        Comparison c = FixedHorizonTest.compare("signup", ArmSummary.conversion("control", 500, 10),
                ArmSummary.conversion("b", 500, 0), 0.05, 100);

        matches(c, -1.0, -1.0, -1.0, -0.02, -0.032301151731792654, -0.007698848268207345, 0.0014899107984489147);
        assertThat(c.significant()).isTrue();
    }

    @Test
    void zeroVarianceInBothArmsLeavesThePValueUndefined() {
        Comparison everyoneConverts = FixedHorizonTest.compare("signup", ArmSummary.conversion("control", 300, 300),
                ArmSummary.conversion("b", 200, 200), 0.05, 100);
        Comparison constantValues = FixedHorizonTest.compare("spend", ArmSummary.continuous("control", 10, 50, 250),
                ArmSummary.continuous("b", 10, 60, 360), 0.05, 1);

        assertThat(everyoneConverts.pValue()).isNull();
        assertThat(everyoneConverts.significant()).isFalse();
        assertThat(everyoneConverts.relativeLift()).isZero();
        assertThat(everyoneConverts.ciLow()).isZero();
        assertThat(everyoneConverts.ciHigh()).isZero();
        assertThat(everyoneConverts.absoluteCiLow()).isZero();
        assertThat(everyoneConverts.absoluteCiHigh()).isZero();

        assertThat(constantValues.pValue()).isNull();
        assertThat(constantValues.significant()).isFalse();
        assertThat(constantValues.relativeLift()).isEqualTo(0.2, offset(1e-15));
        assertThat(constantValues.ciLow()).isEqualTo(constantValues.relativeLift());
        assertThat(constantValues.ciHigh()).isEqualTo(constantValues.relativeLift());
        assertThat(constantValues.absoluteLift()).isEqualTo(1.0);
        assertThat(constantValues.absoluteCiLow()).isEqualTo(1.0);
        assertThat(constantValues.absoluteCiHigh()).isEqualTo(1.0);
    }

    @Test
    void noConversionsAnywhereHasNeitherRelativeLiftNorPValue() {
        Comparison c = FixedHorizonTest.compare("signup", ArmSummary.conversion("control", 400, 0),
                ArmSummary.conversion("b", 400, 0), 0.05, 100);

        assertThat(c.relativeLift()).isNull();
        assertThat(c.pValue()).isNull();
        assertThat(c.degreesOfFreedom()).as("no spread, no degrees of freedom").isNull();
        assertThat(c.absoluteStandardError()).isZero();
        assertThat(c.absoluteLift()).isZero();
        assertThat(c.absoluteCiLow()).isZero();
        assertThat(c.absoluteCiHigh()).isZero();
        assertThat(c.significant()).isFalse();
    }

    @Test
    void alphaOutsideZeroToOneAndNegativeMinimumAreRefused() {
        assertThatThrownBy(() -> FixedHorizonTest.compare("m", CONTROL, TREATMENT, 0, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixedHorizonTest.compare("m", CONTROL, TREATMENT, 1, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixedHorizonTest.compare("m", CONTROL, TREATMENT, 0.05, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
