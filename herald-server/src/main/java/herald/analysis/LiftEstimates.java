package herald.analysis;

import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The estimators every method shares, for control a and treatment b with n units, outcome mean m and
 * per-unit variance v, and, with CUPED, a pre-period covariate x (mean x̄, variance v_x, covariance
 * c with the outcome) and a coefficient θ (0 without CUPED, which gives the plain estimators):
 * <ul>
 *   <li>per arm, the squared standard error of the adjusted mean s = (v − 2θc + θ²v_x)/n (0 for an
 *       arm without units);</li>
 *   <li>absolute lift D = m_b − m_a − θ(x̄_b − x̄_a) with variance s_a + s_b;</li>
 *   <li>relative lift Δ = D/m_a, undefined when m_a = 0, with the delta-method variance, θ held
 *       fixed: Var(Δ) = s_b/m_a² + (g_m²·v_a + 2·g_m·g_x·c_a + g_x²·v_x,a)/n_a, where
 *       g_m = −(m_b − θ(x̄_b − x̄_a))/m_a² and g_x = θ/m_a are the derivatives of Δ with respect to
 *       control's means. Without CUPED this is v_b/(n_b·m_a²) + m_b²·v_a/(n_a·m_a⁴);</li>
 *   <li>Welch–Satterthwaite degrees of freedom df = (s_a + s_b)² / (s_a²/(n_a−1) + s_b²/(n_b−1)), where
 *       an arm with s = 0 contributes 0 (the limit of its term), so one arm without spread leaves
 *       df = n−1 of the other. Undefined (NaN) when s_a + s_b = 0.</li>
 * </ul>
 * The frequentist tests differ only in the half-width of an interval and in the p-value;
 * {@link #comparison} takes those two as functions and assembles the rest identically.
 */
record LiftEstimates(ArmSummary control, ArmSummary treatment, Estimate absolute, Optional<Estimate> relative,
                     double degreesOfFreedom) {

    /** A point estimate and the variance of its sampling distribution. */
    record Estimate(double value, double variance) {

        /** The estimate in standard errors, value/√variance; defined only for a positive variance. */
        double standardized() {
            return value / Math.sqrt(variance);
        }

        double standardError() {
            return Math.sqrt(variance);
        }
    }

    /** Bayesian figures of a comparison, all defined together. */
    record Posterior(double chanceToWin, double riskControl, double riskTreatment) {}

    /**
     * What a method concluded: the relative lift estimate its interval is drawn around (the posterior's,
     * for the Bayesian method), absent where the lift is undefined; the p-value of a frequentist test or
     * the figures of the Bayesian one; and whether the difference is significant.
     */
    record Verdict(Optional<Estimate> relative, Optional<Double> p, Optional<Posterior> figures, boolean significant) {}

    static LiftEstimates of(ArmSummary control, ArmSummary treatment) {
        return adjusted(control, Covariate.NONE, treatment, Covariate.NONE, 0);
    }

    /** The CUPED-adjusted estimators with coefficient θ (see the class comment). */
    static LiftEstimates adjusted(ArmSummary control, Covariate controlCovariate, ArmSummary treatment,
                                  Covariate treatmentCovariate, double theta) {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(treatment, "treatment");
        double ma = control.mean();
        double mb = treatment.mean();
        double sa = squaredStandardError(control, controlCovariate, theta);
        double sb = squaredStandardError(treatment, treatmentCovariate, theta);
        double shift = theta * (treatmentCovariate.mean() - controlCovariate.mean());
        Estimate absolute = new Estimate(mb - ma - shift, sa + sb);
        Optional<Estimate> relative = Optional.empty();
        if (ma != 0) {
            double gm = -(mb - shift) / (ma * ma);
            double gx = theta / ma;
            double controlTerm = control.units() == 0 ? 0 : (gm * gm * control.variance()
                    + 2 * gm * gx * controlCovariate.covariance() + gx * gx * controlCovariate.variance())
                    / control.units();
            relative = Optional.of(new Estimate(absolute.value() / ma, sb / (ma * ma) + Math.max(0, controlTerm)));
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
     * Assembles a frequentist comparison: each interval is its estimate ± {@code halfWidth(variance)}
     * (the point itself for variance 0); the p-value is {@code pValue(tested())}; significant when
     * p &lt; α and both arms have at least {@code minUnits} units.
     */
    Comparison comparison(String metric, double alpha, long minUnits, DoubleUnaryOperator halfWidth,
                          ToDoubleFunction<Estimate> pValue) {
        Optional<Double> p = tested().map(pValue::applyAsDouble);
        boolean significant = enoughUnits(minUnits) && p.filter(value -> value < alpha).isPresent();
        return comparison(metric, halfWidth, new Verdict(relative, p, Optional.empty(), significant));
    }

    boolean enoughUnits(long minUnits) {
        return control.units() >= minUnits && treatment.units() >= minUnits;
    }

    /**
     * Assembles a comparison: the relative lift's interval is drawn around the verdict's estimate, the
     * absolute lift's around its own, each ± {@code halfWidth(variance)}.
     */
    Comparison comparison(String metric, DoubleUnaryOperator halfWidth, Verdict verdict) {
        Objects.requireNonNull(metric, "metric");
        Optional<Double> p = verdict.p();
        Optional<Posterior> figures = verdict.figures();
        Optional<double[]> relativeInterval = verdict.relative().map(r -> interval(r, halfWidth));
        double[] absoluteInterval = interval(absolute, halfWidth);
        return new Comparison(metric, treatment.variation(), control.variation(),
                relative.map(Estimate::value).orElse(null),
                relativeInterval.map(i -> i[0]).orElse(null),
                relativeInterval.map(i -> i[1]).orElse(null),
                relative.map(Estimate::standardError).orElse(null),
                absolute.value(), absoluteInterval[0], absoluteInterval[1], absolute.standardError(),
                Double.isNaN(degreesOfFreedom) ? null : degreesOfFreedom,
                p.orElse(null), p.orElse(null),
                figures.map(Posterior::chanceToWin).orElse(null),
                figures.map(Posterior::riskControl).orElse(null),
                figures.map(Posterior::riskTreatment).orElse(null),
                verdict.significant());
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

    /** (v − 2θc + θ²v_x)/n; never negative (rounding could make a perfect fit's residual so). */
    static double squaredStandardError(ArmSummary arm, Covariate x, double theta) {
        if (arm.units() == 0) {
            return 0;
        }
        double residual = arm.variance() - 2 * theta * x.covariance() + theta * theta * x.variance();
        return Math.max(0, residual) / arm.units();
    }

    private static double welchTerm(double s, ArmSummary arm) {
        return s == 0 ? 0 : s * s / (arm.units() - 1);
    }
}
