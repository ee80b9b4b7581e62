package herald.analysis;

import herald.experiment.Experiment.Prior;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Bayesian comparison of a treatment b against control a, as GrowthBook's Gaussian engine
 * computes it: the relative lift Δ and its delta-method standard error σ_Δ are those of
 * {@link FixedHorizonTest} (with CUPED when applied), read as a normal likelihood for the true lift.
 *
 * <ul>
 *   <li>Prior: flat by default, so the posterior is N(Δ, σ_Δ²). A proper prior N(μ₀, τ²) on the
 *       relative lift gives the conjugate posterior with precision 1/σ_Δ² + 1/τ² and mean
 *       (Δ/σ_Δ² + μ₀/τ²) / precision;</li>
 *   <li>with μ and σ the posterior mean and standard deviation: chance to win Φ(μ/σ); credible
 *       interval μ ± z_{1−α/2}·σ; risk of shipping the treatment (its expected loss) E[max(−Δ, 0)]
 *       = σ·φ(μ/σ) − μ·Φ(−μ/σ), and of keeping control E[max(Δ, 0)] = σ·φ(μ/σ) + μ·Φ(μ/σ);</li>
 *   <li>significant when the chance to win is above 1 − α or below α (95 % and 5 % at the default
 *       α = 0.05) and both arms have at least {@code minUnits} units.</li>
 * </ul>
 * When the relative lift is undefined (control mean 0), the same is done for the absolute lift with a
 * flat prior, since a prior stated on the relative scale says nothing about it. The absolute lift's
 * interval is always its flat-prior one. Without any spread in either arm there is no posterior
 * spread: the interval is the point, and chance to win and risk are undefined (null).
 */
public final class BayesianTest {

    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    private BayesianTest() {}

    /**
     * Compares {@code treatment} against {@code control} with a flat prior; see
     * {@link #compare(String, LiftEstimates, double, long, Prior)}.
     */
    public static Comparison compare(String metric, ArmSummary control, ArmSummary treatment, double alpha,
                                     long minUnits) {
        return compare(metric, LiftEstimates.of(control, treatment), alpha, minUnits);
    }

    /** The same, with a proper prior on the relative lift. */
    public static Comparison compare(String metric, ArmSummary control, ArmSummary treatment, double alpha,
                                     long minUnits, Prior prior) {
        return compare(metric, LiftEstimates.of(control, treatment), alpha, minUnits, prior);
    }

    /** The Bayesian comparison with a flat prior: the posterior is the likelihood. */
    static Comparison compare(String metric, LiftEstimates lifts, double alpha, long minUnits) {
        return compare(metric, lifts, alpha, minUnits, UnaryOperator.identity());
    }

    /**
     * The Bayesian comparison for already computed (possibly CUPED-adjusted) estimates.
     *
     * @param alpha    1 − the credible interval's probability, and the chance-to-win threshold; 0 &lt; α &lt; 1
     * @param minUnits the units each arm needs before the comparison may be significant, ≥ 0
     * @param prior    a proper prior on the relative lift
     */
    static Comparison compare(String metric, LiftEstimates lifts, double alpha, long minUnits, Prior prior) {
        return compare(metric, lifts, alpha, minUnits, likelihood -> update(likelihood, prior));
    }

    /** @param posteriorOf the posterior of a relative lift with spread, from its likelihood */
    private static Comparison compare(String metric, LiftEstimates lifts, double alpha, long minUnits,
                                      UnaryOperator<LiftEstimates.Estimate> posteriorOf) {
        LiftEstimates.checkLevel(alpha, minUnits);
        double z = STANDARD.inverseSurvivalProbability(alpha / 2);
        Optional<LiftEstimates.Estimate> posterior = lifts.relative()
                .map(r -> r.variance() > 0 ? posteriorOf.apply(r) : r);
        Optional<LiftEstimates.Estimate> judged = posterior.filter(r -> r.variance() > 0)
                .or(() -> Optional.of(lifts.absolute()).filter(a -> a.variance() > 0));
        Optional<LiftEstimates.Posterior> figures = judged.map(BayesianTest::figures);
        boolean significant = lifts.enoughUnits(minUnits)
                && figures.filter(f -> f.chanceToWin() > 1 - alpha || f.chanceToWin() < alpha).isPresent();
        return lifts.comparison(metric, variance -> z * Math.sqrt(variance),
                new LiftEstimates.Verdict(posterior, Optional.empty(), figures, significant));
    }

    /** The conjugate normal update of likelihood N(Δ, σ_Δ²) with prior N(μ₀, τ²). */
    static LiftEstimates.Estimate update(LiftEstimates.Estimate likelihood, Prior prior) {
        double likelihoodPrecision = 1 / likelihood.variance();
        double priorPrecision = 1 / (prior.stdDev() * prior.stdDev());
        double precision = likelihoodPrecision + priorPrecision;
        double mean = (likelihood.value() * likelihoodPrecision + prior.mean() * priorPrecision) / precision;
        return new LiftEstimates.Estimate(mean, 1 / precision);
    }

    private static LiftEstimates.Posterior figures(LiftEstimates.Estimate posterior) {
        double mu = posterior.value();
        double sigma = posterior.standardError();
        double standardized = mu / sigma;
        double density = STANDARD.density(standardized);
        double win = STANDARD.cumulativeProbability(standardized);
        double lose = STANDARD.survivalProbability(standardized); // Φ(−μ/σ), accurate in the tail
        return new LiftEstimates.Posterior(win, sigma * density + mu * win, sigma * density - mu * lose);
    }
}
