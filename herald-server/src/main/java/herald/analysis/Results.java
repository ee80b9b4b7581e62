package herald.analysis;

import java.util.List;

/**
 * One analysis of an experiment, in the shape {@code GET /v1/experiments/{id}/results} answers.
 *
 * @param asOfDate      the UTC date of the data's end
 * @param computeReason scheduled, manual, status_changed, cost_changed or window_changed
 * @param method        fixed, sequential or bayesian
 * @param correction    the multiple-testing correction applied to the comparisons' p-values
 */
public record Results(String asOfDate, String computeReason, String method, String correction, Srm srm,
                      long excludedUnits,
                      List<VariationUnits> variations, List<MetricResults> metrics, List<Comparison> comparisons) {

    public record Srm(double pValue, boolean imbalanced) {}

    public record VariationUnits(String key, long units) {}

    /** One metric's arms, and whether CUPED adjusted its comparisons (null in results from before CUPED). */
    public record MetricResults(String metric, String type, List<ArmView> variations, Cuped.View cuped) {}

    /** One arm for one metric; {@code conversions} only for conversion metrics. */
    public record ArmView(String key, long units, Long conversions, double mean, double variance) {}

    public long totalUnits() {
        return variations.stream().mapToLong(VariationUnits::units).sum();
    }
}
