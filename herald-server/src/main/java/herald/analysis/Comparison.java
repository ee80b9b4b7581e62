package herald.analysis;

/**
 * A variation against control for one metric, as both tests report it.
 *
 * <p>The boxed fields are {@code null} when the quantity is undefined: the relative lift and its
 * interval when the control mean is 0; the p-value when neither lift has any spread (zero variance in
 * both arms). The absolute lift and its interval are always defined; with zero variance the interval
 * is the point itself.
 *
 * @param metric         the metric's key
 * @param variation      the treatment variation's key
 * @param control        the control variation's key
 * @param relativeLift   Δ = m_b/m_a − 1
 * @param ciLow          lower bound of the interval for the relative lift Δ
 * @param ciHigh         upper bound of the interval for the relative lift Δ
 * @param absoluteLift   m_b − m_a
 * @param absoluteCiLow  lower bound of the interval for the absolute lift
 * @param absoluteCiHigh upper bound of the interval for the absolute lift
 * @param pValue         the two-sided p-value for "no difference"
 * @param significant    p &lt; α and both arms have at least the minimum number of units
 */
public record Comparison(String metric, String variation, String control, Double relativeLift, Double ciLow,
                         Double ciHigh, double absoluteLift, double absoluteCiLow, double absoluteCiHigh,
                         Double pValue, boolean significant) {}
