package herald.analysis;

import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The estimators both tests share, for control a and treatment b with n units, mean m, per-unit
 * variance v and squared standard error of the mean s = v/n (0 for an arm without units):
 * <ul>
 *   <li>absolute lift m_b − m_a with variance s_a + s_b;</li>
 *   <li>relative lift Δ = m_b/m_a − 1, computed as (m_b − m_a)/m_a, with the delta-method variance
 *       Var(Δ) = v_b/(n_b·m_a²) + m_b²·v_a/(n_a·m_a⁴) = (s_b + (m_b/m_a)²·s_a)/m_a²; undefined when
 *       m_a = 0;</li>
 *   <li>Welch–Satterthwaite degrees of freedom df = (s_a + s_b)² / (s_a²/(n_a−1) + s_b²/(n_b−1)), where
 *       an arm with s = 0 contributes 0 (the limit of its term), so one arm without spread leaves
 *       df = n−1 of the other. Undefined (NaN) when s_a + s_b = 0.</li>
 * </ul>
 * The tests differ only in the half-width of an interval and in the p-value; {@link #comparison}
 * takes those two as functions and assembles the rest identically.
 */
record LiftEstimates(ArmSummary control, ArmSummary treatment, Estimate absolute, Optional<Estimate> relative,
                     double degreesOfFreedom) {

    /** A point estimate and the variance of its sampling distribution. */
    record Estimate(double value, double variance) {

        /** The estimate in standard errors, value/√variance; defined only for a positive variance. */
        double standardized() {
            return value / Math.sqrt(variance);
        }
    }

    static LiftEstimates of(ArmSummary control, ArmSummary treatment) {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(treatment, "treatment");
        double ma = control.mean();
        double mb = treatment.mean();
        double sa = squaredStandardError(control);
        double sb = squaredStandardError(treatment);
        Estimate absolute = new Estimate(mb - ma, sa + sb);
        Optional<Estimate> relative = Optional.empty();
        if (ma != 0) {
            double ratio = mb / ma;
            relative = Optional.of(new Estimate((mb - ma) / ma, (sb + ratio * ratio * sa) / (ma * ma)));
        }
        double spread = sa + sb;
        double df = spread == 0 ? Double.NaN : spread * spread / (welchTerm(sa, control) + welchTerm(sb, treatment));
        return new LiftEstimates(control, treatment, absolute, relative, df);
    }

    /**
     * The estimate the p-value tests "no difference" with: the relative lift when it is defined and
     * has positive variance; otherwise the absolute lift when it has positive variance (the same null
     * hypothesis, m_b = m_a, so a control mean of 0 still gets a p-value); otherwise none.
     */
    Optional<Estimate> tested() {
        return relative.filter(r -> r.variance() > 0).or(() -> Optional.of(absolute).filter(a -> a.variance() > 0));
    }

    /**
     * Assembles the comparison: each interval is its estimate ± {@code halfWidth(variance)} (the point
     * itself for variance 0); the p-value is {@code pValue(tested())}; significant when p &lt; α and
     * both arms have at least {@code minUnits} units.
     */
    Comparison comparison(String metric, double alpha, long minUnits, DoubleUnaryOperator halfWidth,
                          ToDoubleFunction<Estimate> pValue) {
        Objects.requireNonNull(metric, "metric");
        Optional<Double> p = tested().map(pValue::applyAsDouble);
        Optional<double[]> relativeInterval = relative.map(r -> interval(r, halfWidth));
        double[] absoluteInterval = interval(absolute, halfWidth);
        boolean enoughUnits = control.units() >= minUnits && treatment.units() >= minUnits;
        boolean significant = enoughUnits && p.filter(value -> value < alpha).isPresent();
        return new Comparison(metric, treatment.variation(), control.variation(),
                relative.map(Estimate::value).orElse(null),
                relativeInterval.map(i -> i[0]).orElse(null),
                relativeInterval.map(i -> i[1]).orElse(null),
                absolute.value(), absoluteInterval[0], absoluteInterval[1],
                p.orElse(null), significant);
    }

    /** @throws IllegalArgumentException unless 0 &lt; alpha &lt; 1 and minUnits ≥ 0 */
    static void checkLevel(double alpha, long minUnits) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be within (0, 1): " + alpha);
        }
        if (minUnits < 0) {
            throw new IllegalArgumentException("minUnits must not be negative: " + minUnits);
        }
    }

    private static double[] interval(Estimate estimate, DoubleUnaryOperator halfWidth) {
        double width = estimate.variance() == 0 ? 0 : halfWidth.applyAsDouble(estimate.variance());
        return new double[] {estimate.value() - width, estimate.value() + width};
    }

    private static double squaredStandardError(ArmSummary arm) {
        return arm.units() == 0 ? 0 : arm.variance() / arm.units();
    }

    private static double welchTerm(double s, ArmSummary arm) {
        return s == 0 ? 0 : s * s / (arm.units() - 1);
    }
}
