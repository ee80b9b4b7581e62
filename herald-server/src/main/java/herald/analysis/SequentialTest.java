package herald.analysis;

/**
 * The sequential comparison of a treatment b against control a: always-valid intervals and p-values
 * that stay correct however often the results are looked at, as daily recomputation does. The
 * intervals are the asymptotic confidence sequences of Waudby-Smith, Arbour, Sinha, Kennedy and
 * Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences" (2021,
 * arXiv:2103.06476), in the two-sample form GrowthBook uses for its sequential testing.
 *
 * <p>The estimators are those of {@link FixedHorizonTest}: the relative lift Δ = m_b/m_a − 1 with its
 * delta-method variance Var(Δ), and the absolute lift m_b − m_a with variance s_a + s_b. For an
 * estimate with variance V after N = n_a + n_b units:
 * <ul>
 *   <li>σ̂² = N·V. The confidence sequence is stated for the mean of N observations with per-observation
 *       variance σ², whose standard error is σ/√N; the estimate's own standard error √V is that for
 *       σ̂ = √(N·V), i.e. σ̂² = N·(v_a/n_a + v_b/n_b), the per-unit variance of the lift when units
 *       arrive in the arms' proportions;</li>
 *   <li>ρ² = (−2·ln α + ln(−2·ln α + 1)) / N*, which makes the sequence narrowest near N = N*, the
 *       tuning parameter (default {@value #DEFAULT_TUNING}, GrowthBook's default);</li>
 *   <li>half-width = σ̂·√( 2(N·ρ² + 1)/(N²·ρ²) · ln( √(N·ρ² + 1)/α ) ), interval = estimate ± half-width;</li>
 *   <li>p-value = min(1, 1/E), with the mixture e-value
 *       E = exp( ρ²·N·z² / (2(N·ρ² + 1)) ) / √(N·ρ² + 1) and z = estimate/√V (the paper's equation for
 *       the Gaussian-mixture martingale). With ρ fixed by the experiment's α, p &lt; α holds exactly when
 *       the interval at level α excludes 0, so p is the smallest level at which it would;</li>
 *   <li>significant when the interval excludes 0 (equivalently p &lt; α) and both arms have at least
 *       {@code minUnits} units.</li>
 * </ul>
 * The p-value tests the relative lift, falling back to the absolute lift when the relative one is
 * undefined or has no variance, exactly as in {@link FixedHorizonTest}. For the same data the
 * interval is wider than the fixed-horizon one (its multiplier exceeds √(−2·ln α), which exceeds the
 * normal quantile z_{1−α/2}): that is the price of peeking. The one exception is a handful of units
 * with N* far below N, where Student's t quantile on very few degrees of freedom can exceed this
 * normal-theory boundary; the asymptotic guarantee means little there anyway.
 */
public final class SequentialTest {

    /** GrowthBook's default N*, the sample size at which the sequence is tuned to be narrowest. */
    public static final double DEFAULT_TUNING = 5000;

    private SequentialTest() {}

    /**
     * Compares {@code treatment} against {@code control} with an always-valid interval.
     *
     * @param metric   the metric's key, copied into the result
     * @param alpha    the significance level, 0 &lt; α &lt; 1
     * @param minUnits the units each arm needs before the comparison may be significant, ≥ 0
     * @param tuning   N*, the total units at which the interval is narrowest; &gt; 0, usually
     *                 {@link #DEFAULT_TUNING}
     * @throws IllegalArgumentException if alpha, minUnits or tuning is out of range
     */
    public static Comparison compare(String metric, ArmSummary control, ArmSummary treatment, double alpha,
                                     long minUnits, double tuning) {
        return compare(metric, LiftEstimates.of(control, treatment), alpha, minUnits, tuning);
    }

    /** The sequential comparison for already computed (possibly CUPED-adjusted) estimates. */
    static Comparison compare(String metric, LiftEstimates lifts, double alpha, long minUnits, double tuning) {
        LiftEstimates.checkLevel(alpha, minUnits);
        if (!(tuning > 0) || !Double.isFinite(tuning)) {
            throw new IllegalArgumentException("tuning must be positive and finite: " + tuning);
        }
        double n = (double) lifts.control().units() + lifts.treatment().units();
        double rhoSquared = rhoSquared(alpha, tuning);
        return lifts.comparison(metric, alpha, minUnits,
                variance -> halfWidth(variance, n, rhoSquared, alpha),
                estimate -> pValue(estimate.standardized(), n, rhoSquared));
    }

    /** ρ² = (−2·ln α + ln(−2·ln α + 1)) / N*. */
    static double rhoSquared(double alpha, double tuning) {
        double twiceLogInverse = -2 * Math.log(alpha);
        return (twiceLogInverse + Math.log(twiceLogInverse + 1)) / tuning;
    }

    /** σ̂·√( 2(Nρ² + 1)/(N²ρ²) · ln(√(Nρ² + 1)/α) ) with σ̂ = √(N·V). */
    static double halfWidth(double variance, double n, double rhoSquared, double alpha) {
        double nRho = n * rhoSquared;
        double radicand = 2 * (nRho + 1) / (n * nRho) * Math.log(Math.sqrt(nRho + 1) / alpha);
        return Math.sqrt(n * variance) * Math.sqrt(radicand);
    }

    /** min(1, 1/E) with ln E = ρ²·N·z²/(2(Nρ² + 1)) − ½·ln(Nρ² + 1), in logs so that E cannot overflow. */
    static double pValue(double z, double n, double rhoSquared) {
        double nRho = n * rhoSquared;
        double logE = nRho * z * z / (2 * (nRho + 1)) - 0.5 * Math.log1p(nRho);
        return Math.min(1, Math.exp(-logE));
    }
}
