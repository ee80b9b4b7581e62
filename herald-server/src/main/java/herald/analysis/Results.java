package herald.analysis;

import java.util.List;

/**
 * One analysis of an experiment, in the shape {@code GET /v1/experiments/{id}/results} answers.
 *
 * @param asOfDate      the UTC date of the data's end
 * @param computeReason scheduled, manual, status_changed, cost_changed or window_changed
 */
public record Results(String asOfDate, String computeReason, String method, Srm srm, long excludedUnits,
                      List<VariationUnits> variations, List<MetricResults> metrics, List<Comparison> comparisons) {

    public record Srm(double pValue, boolean imbalanced) {}

    public record VariationUnits(String key, long units) {}

    public record MetricResults(String metric, String type, List<ArmView> variations) {}

    /** One arm for one metric; {@code conversions} only for conversion metrics. */
    public record ArmView(String key, long units, Long conversions, double mean, double variance) {}

    public long totalUnits() {
        return variations.stream().mapToLong(VariationUnits::units).sum();
    }
}
