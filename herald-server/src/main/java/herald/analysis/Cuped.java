package herald.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CUPED (Deng, Xu, Kohavi and Walker, "Improving the sensitivity of online controlled experiments by
 * utilizing pre-experiment data", WSDM 2013) for one metric: each unit's outcome y is adjusted by its
 * pre-period value x of the same metric, y − θ·x, with one θ for the whole experiment, estimated over
 * the units of every variation pooled:
 * θ = (Σxy − Σx·Σy/N) / (Σx² − (Σx)²/N), the least-squares slope of y on x. Randomisation makes x
 * independent of the variation, so the adjustment removes the part of the outcome's variance that x
 * explains (a share ρ² for correlation ρ) without biasing the lift. For a conversion metric x and y are
 * 0/1 (converted before, after), so Σx² = Σx and Σxy counts units that did both.
 *
 * <p>CUPED applies when the lookback is on and x varies across the experiment's units; otherwise θ = 0
 * and the estimators are the plain ones. The reported variance reduction is
 * 1 − Σ s_adjusted / Σ s_plain over the arms, s being the squared standard error of an arm's mean.
 *
 * @param applied            whether the adjustment was made
 * @param theta              θ (0 when not applied)
 * @param varianceReduction  the share of the variance of the arms' means removed (0 when not applied)
 * @param covariates         each arm's covariate moments, by variation key
 */
public record Cuped(boolean applied, double theta, double varianceReduction, Map<String, Covariate> covariates) {

    /** The results' view of it: whether it applied, θ and the variance reduction. */
    public record View(boolean applied, double theta, double varianceReduction) {}

    public View view() {
        return new View(applied, theta, varianceReduction);
    }

    /**
     * CUPED for one metric from its totals per arm; {@code enabled} false (lookback 0) leaves it off.
     * {@code outcomes} are the arms' outcome summaries built from the same totals.
     */
    static Cuped of(boolean enabled, boolean conversion, List<DataStore.VariationTotals> totals,
                    Map<String, ArmSummary> outcomes) {
        double n = 0;
        double sumX = 0;
        double sumX2 = 0;
        double sumY = 0;
        double sumXY = 0;
        Map<String, Covariate> covariates = new LinkedHashMap<>();
        for (DataStore.VariationTotals t : totals) {
            double y = conversion ? t.converted() : t.sum();
            double x = conversion ? t.preConverted() : t.preSum();
            double x2 = conversion ? t.preConverted() : t.preSumOfSquares();
            double xy = conversion ? t.bothConverted() : t.crossSum();
            n += t.units();
            sumX += x;
            sumX2 += x2;
            sumY += y;
            sumXY += xy;
            covariates.put(t.variation(), Covariate.of(conversion, t.units(), x, x2, y, xy));
        }
        double spread = n < 2 ? 0 : ArmSummary.sumOfSquaredDeviations(n, sumX, sumX2);
        if (!enabled || spread <= 0) {
            Map<String, Covariate> none = new LinkedHashMap<>();
            totals.forEach(t -> none.put(t.variation(), Covariate.NONE));
            return new Cuped(false, 0, 0, none);
        }
        double theta = (sumXY - sumX * sumY / n) / spread;
        double plain = 0;
        double adjusted = 0;
        for (DataStore.VariationTotals t : totals) {
            ArmSummary arm = outcomes.get(t.variation());
            if (arm.units() == 0) {
                continue; // no mean, nothing to reduce
            }
            plain += arm.variance() / arm.units();
            adjusted += LiftEstimates.squaredStandardError(arm, covariates.get(t.variation()), theta);
        }
        return new Cuped(true, theta, plain == 0 ? 0 : 1 - adjusted / plain, covariates);
    }
}
