package herald.analysis;

/**
 * A variation against control for one metric, as every method reports it.
 *
 * <p>The boxed fields are {@code null} when the quantity is undefined or does not belong to the
 * method: the relative lift, its interval and standard error when the control mean is 0; the p-value
 * when neither lift has any spread (zero variance in both arms) and always for the Bayesian method,
 * which has none; the degrees of freedom when neither arm has spread; the Bayesian figures for the
 * other methods. The absolute lift and its interval are always defined; with zero variance the
 * interval is the point itself.
 *
 * @param metric                the metric's key
 * @param variation             the treatment variation's key
 * @param control               the control variation's key
 * @param relativeLift          Δ = m_b/m_a − 1 (with CUPED, the adjusted difference over m_a)
 * @param ciLow                 lower bound of the interval for Δ (a credible interval for the Bayesian
 *                              method)
 * @param ciHigh                upper bound of that interval
 * @param standardError         √Var(Δ), the delta-method standard error of Δ
 * @param absoluteLift          m_b − m_a (with CUPED, adjusted)
 * @param absoluteCiLow         lower bound of the interval for the absolute lift
 * @param absoluteCiHigh        upper bound of the interval for the absolute lift
 * @param absoluteStandardError √(s_a + s_b), the standard error of the absolute lift
 * @param degreesOfFreedom      the Welch–Satterthwaite degrees of freedom; the fixed-horizon test's t
 *                              distribution uses them, the other methods are normal-theory
 * @param pValue                the two-sided p-value for "no difference", before any correction
 * @param adjustedPValue        the p-value after the experiment's multiple-testing correction (equal
 *                              to {@code pValue} with correction {@code none})
 * @param chanceToWin           Bayesian: posterior probability that the treatment beats control
 * @param riskControl           Bayesian: expected loss of keeping control, E[max(Δ, 0)]
 * @param riskTreatment         Bayesian: expected loss of shipping the treatment, E[max(−Δ, 0)]
 * @param significant           frequentist: adjusted p &lt; α; Bayesian: chance to win above 1 − α
 *                              or below α; in both cases only when both arms have at least the
 *                              minimum number of units
 */
public record Comparison(String metric, String variation, String control, Double relativeLift, Double ciLow,
                         Double ciHigh, Double standardError, double absoluteLift, double absoluteCiLow,
                         double absoluteCiHigh, double absoluteStandardError, Double degreesOfFreedom, Double pValue,
                         Double adjustedPValue, Double chanceToWin, Double riskControl, Double riskTreatment,
                         boolean significant) {

    /**
     * This comparison with its p-value adjusted for multiple testing. An adjusted p-value is never
     * below the raw one, so a comparison that was not significant stays so; one that was stays
     * significant only if the adjusted value is still below α.
     */
    Comparison corrected(Double adjusted, double alpha) {
        boolean stillSignificant = significant && adjusted != null && adjusted < alpha;
        return new Comparison(metric, variation, control, relativeLift, ciLow, ciHigh, standardError, absoluteLift,
                absoluteCiLow, absoluteCiHigh, absoluteStandardError, degreesOfFreedom, pValue, adjusted, chanceToWin,
                riskControl, riskTreatment, stillSignificant);
    }
}
