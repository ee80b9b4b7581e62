package herald.analysis;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The fixed-horizon comparison of a treatment b against control a: a Welch t-test on the relative lift.
 * Valid when the data are looked at once, at a horizon fixed in advance; for repeated looks use
 * {@link SequentialTest}.
 *
 * <p>With n units, mean m, per-unit variance v and s = v/n for each arm:
 * <ul>
 *   <li>relative lift Δ = m_b/m_a − 1, with delta-method variance
 *       Var(Δ) = v_b/(n_b·m_a²) + m_b²·v_a/(n_a·m_a⁴);</li>
 *   <li>Welch–Satterthwaite degrees of freedom df = (s_a + s_b)² / (s_a²/(n_a−1) + s_b²/(n_b−1));</li>
 *   <li>t = Δ/√Var(Δ); two-sided p-value p = 2·P(T_df &gt; |t|) for Student's t with df degrees of
 *       freedom (df need not be an integer);</li>
 *   <li>interval Δ ± t_{1−α/2, df}·√Var(Δ), where t_{1−α/2, df} is the 1−α/2 quantile of T_df;</li>
 *   <li>absolute lift m_b − m_a ± t_{1−α/2, df}·√(s_a + s_b), with the same df;</li>
 *   <li>significant when p &lt; α and both arms have at least {@code minUnits} units.</li>
 * </ul>
 * Degenerate data: a control mean of 0 leaves the relative lift and its interval undefined (null) and
 * the p-value is taken from the absolute lift, t = (m_b − m_a)/√(s_a + s_b); likewise when Var(Δ) = 0
 * but s_a + s_b &gt; 0. Zero variance in both arms leaves the p-value undefined (null) and the
 * intervals collapse to the point estimates. See {@link LiftEstimates}.
 */
public final class FixedHorizonTest {

    private FixedHorizonTest() {}

    /**
     * Compares {@code treatment} against {@code control}.
     *
     * @param metric   the metric's key, copied into the result
     * @param alpha    the significance level, 0 &lt; α &lt; 1 (interval coverage 1 − α)
     * @param minUnits the units each arm needs before the comparison may be significant, ≥ 0
     * @throws IllegalArgumentException if alpha or minUnits is out of range
     */
    public static Comparison compare(String metric, ArmSummary control, ArmSummary treatment, double alpha,
                                     long minUnits) {
        return compare(metric, LiftEstimates.of(control, treatment), alpha, minUnits);
    }

    /** The fixed-horizon comparison for already computed (possibly CUPED-adjusted) estimates. */
    static Comparison compare(String metric, LiftEstimates lifts, double alpha, long minUnits) {
        LiftEstimates.checkLevel(alpha, minUnits);
        if (Double.isNaN(lifts.degreesOfFreedom())) {
            // No spread in either arm: every interval is a point and there is nothing to test.
            return lifts.comparison(metric, alpha, minUnits, variance -> 0, estimate -> Double.NaN);
        }
        TDistribution t = TDistribution.of(lifts.degreesOfFreedom());
        double critical = t.inverseSurvivalProbability(alpha / 2);
        return lifts.comparison(metric, alpha, minUnits,
                variance -> critical * Math.sqrt(variance),
                estimate -> 2 * t.survivalProbability(Math.abs(estimate.standardized())));
    }
}
