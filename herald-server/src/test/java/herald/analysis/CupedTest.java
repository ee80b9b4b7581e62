package herald.analysis;

import static herald.analysis.Reference.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/*
 * Reference values from python 3 with numpy 2.4.6 and scipy 1.17.1, computed from the units' values
 * (not from the sums Herald reads): θ from numpy's covariance of the pooled units; the per-arm
 * variance of the adjusted mean as numpy's variance of y − θx; the relative lift's delta-method
 * variance as g·Σ·g, with Σ the block-diagonal covariance of (ȳ_a, x̄_a, ȳ_b, x̄_b) from np.cov and the
 * gradient g by complex-step differentiation of the lift, so no formula is shared with Herald:
 *
 *   theta = np.cov(X, Y, ddof=1)[0, 1] / np.var(X, ddof=1)             # X, Y: both arms' units
 *   def lift(v): return (v[2] - theta * v[3] - v[0] + theta * v[1]) / v[0]
 *   mu = np.array([ya.mean(), xa.mean(), yb.mean(), xb.mean()])
 *   S = np.zeros((4, 4), complex)
 *   S[:2, :2] = np.cov(np.vstack([ya, xa]), ddof=D) / len(ya)           # D = 1 continuous, 0 conversion
 *   S[2:, 2:] = np.cov(np.vstack([yb, xb]), ddof=D) / len(yb)
 *   h = 1e-30
 *   g = np.array([lift(mu + 1j * h * np.eye(4)[i]).imag / h for i in range(4)])
 *   var_rel = float((g @ S @ g).real)
 *   sa = np.var(ya - theta * xa, ddof=D) / len(ya); sb = np.var(yb - theta * xb, ddof=D) / len(yb)
 *   df = (sa + sb) ** 2 / (sa ** 2 / (len(ya) - 1) + sb ** 2 / (len(yb) - 1))
 *   q = t.ppf(0.975, df); L = lift(mu); se = math.sqrt(var_rel)
 *   absd = (yb.mean() - theta * xb.mean()) - (ya.mean() - theta * xa.mean())
 *   plain = np.var(ya, ddof=D) / len(ya) + np.var(yb, ddof=D) / len(yb)
 *   out = dict(theta=theta, lift=L, se=se, lo=L - q * se, hi=L + q * se, abs=absd, abs_se=math.sqrt(sa + sb),
 *              df=df, p=2 * t.sf(abs(L) / se, df), reduction=1 - (sa + sb) / plain)
 */
class CupedTest {

    /** The continuous vector's sums, per arm (see continuousMetricMatchesTheReference). */
    private static final List<DataStore.VariationTotals> SPEND = List.of(
                new DataStore.VariationTotals("control", 3000, 0, 30218.82, 353836.9098, 0, 30102.5, 348628.0874, 0,
                        335905.134),
                new DataStore.VariationTotals("b", 2800, 0, 29104.58, 349954.6088, 0, 27875.6, 321929.9062, 0,
                        320861.1675));

    /*
     * Spend per unit, the pre-period's and the experiment's, correlated:
     *   rng = np.random.default_rng(15)
     *   def arm(n, effect):
     *       x = np.round(np.maximum(0, rng.normal(10, 4, n)), 2)
     *       y = np.round(np.maximum(0, 0.7 * x + rng.normal(3 + effect, 3, n)), 2)
     *       return x, y
     *   xa, ya = arm(3000, 0.0); xb, yb = arm(2800, 0.4)
     *   sums (fsum): n, Σy, Σy², Σx, Σx², Σxy
     *   a 3000 30218.82 353836.9098 30102.5 348628.0874 335905.134
     *   b 2800 29104.58 349954.6088 27875.6 321929.9062 320861.1675
     *   {'theta': '0.7006501483334456', 'lift': '0.037389344359500705', 'se': '0.007970469878263947',
     *    'lo': '0.02176422405684187', 'hi': '0.05301446466215954', 'abs': '0.376620622372589',
     *    'abs_se': '0.07885142458001787', 'df': '5754.6306757794655', 'p': '2.7818168933266582e-06',
     *    'reduction': '0.4615549710860887'}
     */
    @Test
    void continuousMetricMatchesTheReference() {
        Adjusted r = adjusted(false, SPEND);

        assertThat(r.cuped().applied()).isTrue();
        matches(r.cuped().theta(), 0.7006501483334456, "theta");
        matches(r.cuped().varianceReduction(), 0.4615549710860887, "varianceReduction");
        matches(r.comparison(), 0.037389344359500705, 0.02176422405684187, 0.05301446466215954,
                0.376620622372589, r.comparison().absoluteCiLow(), r.comparison().absoluteCiHigh(),
                2.7818168933266582e-06);
        matches(r.comparison().standardError(), 0.007970469878263947, "standardError");
        matches(r.comparison().absoluteStandardError(), 0.07885142458001787, "absoluteStandardError");
        matches(r.comparison().degreesOfFreedom(), 5754.6306757794655, "degreesOfFreedom");
    }

    /*
     * Conversions before and after assignment, 0/1 per unit:
     *   rng = np.random.default_rng(16)
     *   def arm(n, effect):
     *       x = (rng.random(n) < 0.3).astype(float)
     *       y = (rng.random(n) < 0.1 + 0.4 * x + effect).astype(float)
     *       return x, y
     *   xa, ya = arm(5000, 0.0); xb, yb = arm(5000, 0.02)
     *   n, Σy, Σx, Σxy:  a 5000 1108 1468 727   b 5000 1144 1458 713
     *   {'theta': '0.3773528972404008', 'lift': '0.03589668679819859', 'se': '0.0349792148816706',
     *    'lo': '-0.032669620364247864', 'hi': '0.10446299396064504', 'abs': '0.007954705794480807',
     *    'abs_se': '0.007615653199632485', 'df': '9991.836789850366', 'p': '0.30480846952150276',
     *    'reduction': '0.16894725719495796'}
     */
    /*
     * The Bayesian method reads the CUPED-adjusted lift and standard error of the vector above:
     *   L, se = 0.037389344359500705, 0.007970469878263947
     *   norm.cdf(L / se), L - norm.ppf(0.975) * se, L + norm.ppf(0.975) * se
     *   -> 0.9999986405268956 0.02176751045824202 0.05301117826075939
     */
    @Test
    void theBayesianMethodUsesTheAdjustedLift() {
        Comparison c = BayesianTest.compare("m", lifts(false, true, SPEND), 0.05, 100);

        matches(c.chanceToWin(), 0.9999986405268956, "chanceToWin");
        matches(c.ciLow(), 0.02176751045824202, "ciLow");
        matches(c.ciHigh(), 0.05301117826075939, "ciHigh");
    }

    @Test
    void conversionMetricMatchesTheReference() {
        List<DataStore.VariationTotals> totals = List.of(
                new DataStore.VariationTotals("control", 5000, 1108, 1108, 1108, 1468, 1468, 1468, 727, 727),
                new DataStore.VariationTotals("b", 5000, 1144, 1144, 1144, 1458, 1458, 1458, 713, 713));

        Adjusted r = adjusted(true, totals);

        matches(r.cuped().theta(), 0.3773528972404008, "theta");
        matches(r.cuped().varianceReduction(), 0.16894725719495796, "varianceReduction");
        matches(r.comparison(), 0.03589668679819859, -0.032669620364247864, 0.10446299396064504,
                0.007954705794480807, r.comparison().absoluteCiLow(), r.comparison().absoluteCiHigh(),
                0.30480846952150276);
        matches(r.comparison().standardError(), 0.0349792148816706, "standardError");
        matches(r.comparison().absoluteStandardError(), 0.007615653199632485, "absoluteStandardError");
        matches(r.comparison().degreesOfFreedom(), 9991.836789850366, "degreesOfFreedom");
    }

    @Test
    void withoutPrePeriodDataOrWithTheLookbackOffTheEstimatesArePlain() {
        List<DataStore.VariationTotals> noPrePeriod = List.of(
                DataStore.VariationTotals.none("control", 10_000), DataStore.VariationTotals.none("b", 9_500));
        List<DataStore.VariationTotals> withPrePeriod = List.of(
                new DataStore.VariationTotals("control", 10_000, 1000, 1000, 1000, 900, 900, 900, 400, 400),
                new DataStore.VariationTotals("b", 9_500, 1100, 1100, 1100, 850, 850, 850, 420, 420));
        Comparison plain = FixedHorizonTest.compare("m", ArmSummary.conversion("control", 10_000, 1_000),
                ArmSummary.conversion("b", 9_500, 1_100), 0.05, 100);

        Adjusted off = adjusted(true, false, withPrePeriod);
        Adjusted nothingBefore = adjusted(true, true, List.of(
                new DataStore.VariationTotals("control", 10_000, 1000, 1000, 1000, 0, 0, 0, 0, 0),
                new DataStore.VariationTotals("b", 9_500, 1100, 1100, 1100, 0, 0, 0, 0, 0)));

        assertThat(off.cuped().applied()).isFalse();
        assertThat(nothingBefore.cuped().applied()).isFalse();
        assertThat(off.comparison()).isEqualTo(plain);
        assertThat(nothingBefore.comparison()).isEqualTo(plain);
        assertThat(adjusted(true, true, noPrePeriod).cuped().applied()).isFalse();
    }

    /*
     * Repeated simulated experiments with a pre-period value correlated ρ = 0.7 with the outcome in every
     * arm, and a true absolute lift of 0.1 on a control mean of 10: CUPED keeps the estimate unbiased,
     * narrows the interval by about √(1 − ρ²) ≈ 0.714, and keeps its 95 % coverage.
     */
    @Test
    void simulatedExperimentsStayUnbiasedAndNarrowByRootOneMinusRhoSquared() {
        double rho = 0.7;
        double effect = 0.1;
        int repetitions = 400;
        int units = 2_000;
        SplittableRandom random = new SplittableRandom(2013);
        double sumEstimates = 0;
        double sumSquaredErrors = 0;
        double widthRatio = 0;
        int covered = 0;
        for (int rep = 0; rep < repetitions; rep++) {
            List<DataStore.VariationTotals> totals = List.of(simulate("control", units, 0, rho, random),
                    simulate("b", units, effect, rho, random));
            Comparison adjusted = adjusted(false, totals).comparison();
            Comparison plain = adjusted(false, false, totals).comparison();
            double error = adjusted.absoluteLift() - effect;
            sumEstimates += adjusted.absoluteLift();
            sumSquaredErrors += error * error;
            widthRatio += (adjusted.absoluteCiHigh() - adjusted.absoluteCiLow())
                    / (plain.absoluteCiHigh() - plain.absoluteCiLow());
            covered += adjusted.absoluteCiLow() <= effect && effect <= adjusted.absoluteCiHigh() ? 1 : 0;
        }
        double mean = sumEstimates / repetitions;
        double standardErrorOfMean = Math.sqrt(sumSquaredErrors / repetitions / repetitions);

        assertThat(Math.abs(mean - effect)).as("bias, in Monte Carlo standard errors")
                .isLessThan(3 * standardErrorOfMean);
        assertThat(widthRatio / repetitions).isCloseTo(Math.sqrt(1 - rho * rho), offset(0.01));
        assertThat((double) covered / repetitions).isCloseTo(0.95, offset(0.03));
    }

    /** One arm's sums for y = 10 + effect + σ(ρ·x + √(1−ρ²)·e), x and e standard normal. */
    private static DataStore.VariationTotals simulate(String variation, int units, double effect, double rho,
                                                      SplittableRandom random) {
        double sumY = 0;
        double sumY2 = 0;
        double sumX = 0;
        double sumX2 = 0;
        double sumXY = 0;
        for (int i = 0; i < units; i++) {
            double x = gaussian(random);
            double y = 10 + effect + 2 * (rho * x + Math.sqrt(1 - rho * rho) * gaussian(random));
            sumY += y;
            sumY2 += y * y;
            sumX += x;
            sumX2 += x * x;
            sumXY += x * y;
        }
        return new DataStore.VariationTotals(variation, units, units, sumY, sumY2, units, sumX, sumX2, units, sumXY);
    }

    /** Box–Muller: SplittableRandom has no Gaussian of its own. */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private record Adjusted(Cuped cuped, Comparison comparison) {}

    private static Adjusted adjusted(boolean conversion, List<DataStore.VariationTotals> totals) {
        return adjusted(conversion, true, totals);
    }

    /** What the analysis does for one metric of a two-arm experiment at α = 0.05, fixed horizon. */
    private static Adjusted adjusted(boolean conversion, boolean enabled, List<DataStore.VariationTotals> totals) {
        Cuped cuped = Cuped.of(enabled, conversion, totals, arms(conversion, totals));
        return new Adjusted(cuped, FixedHorizonTest.compare("m", lifts(conversion, enabled, totals), 0.05, 100));
    }

    /** The (possibly adjusted) estimates of variation b against control, as the analysis forms them. */
    private static LiftEstimates lifts(boolean conversion, boolean enabled, List<DataStore.VariationTotals> totals) {
        Map<String, ArmSummary> arms = arms(conversion, totals);
        Cuped cuped = Cuped.of(enabled, conversion, totals, arms);
        return LiftEstimates.adjusted(arms.get("control"), cuped.covariates().get("control"), arms.get("b"),
                cuped.covariates().get("b"), cuped.theta());
    }

    private static Map<String, ArmSummary> arms(boolean conversion, List<DataStore.VariationTotals> totals) {
        Map<String, ArmSummary> arms = new LinkedHashMap<>();
        for (DataStore.VariationTotals t : totals) {
            arms.put(t.variation(), conversion ? ArmSummary.conversion(t.variation(), t.units(), t.converted())
                    : ArmSummary.continuous(t.variation(), t.units(), t.sum(), t.sumOfSquares()));
        }
        return arms;
    }
}
