package herald.analysis;

import herald.wire.WireName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Corrections for testing many (variation, metric) pairs of one experiment at once. With m p-values
 * sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎:
 * <ul>
 *   <li>{@code holm} (Holm 1979), controlling the family-wise error rate:
 *       p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎);</li>
 *   <li>{@code bh} (Benjamini and Hochberg 1995), controlling the false discovery rate:
 *       p̃₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎/j);</li>
 *   <li>{@code none}: p̃ = p.</li>
 * </ul>
 * Comparisons without a p-value (no spread in either arm) are not tests: they are left out of m and
 * keep a null adjusted value. A tie keeps the order of the input, which does not change the values.
 */
public enum MultipleTesting implements WireName {
    NONE, HOLM, BH;

    public static Optional<MultipleTesting> parse(String value) {
        return WireName.find(MultipleTesting.class, value);
    }

    /** The comparisons with their adjusted p-values, and significance judged on those at level α. */
    public List<Comparison> apply(List<Comparison> comparisons, double alpha) {
        double[] adjusted = adjust(comparisons.stream().map(Comparison::pValue).toArray(Double[]::new));
        List<Comparison> out = new ArrayList<>(comparisons.size());
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            out.add(c.pValue() == null ? c : c.corrected(adjusted[i], alpha));
        }
        return out;
    }

    /** The adjusted values of {@code pValues} in their order; NaN where a p-value is null. */
    double[] adjust(Double[] pValues) {
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        Integer[] order = java.util.stream.IntStream.range(0, pValues.length).filter(i -> pValues[i] != null)
                .boxed().sorted(Comparator.comparingDouble(i -> pValues[i])).toArray(Integer[]::new);
        int m = order.length;
        switch (this) {
            case NONE -> Arrays.stream(order).forEach(i -> adjusted[i] = pValues[i]);
            case HOLM -> {
                double running = 0;
                for (int rank = 1; rank <= m; rank++) {
                    int i = order[rank - 1];
                    running = Math.max(running, Math.min(1, (m - rank + 1) * pValues[i]));
                    adjusted[i] = running;
                }
            }
            case BH -> {
                double running = 1;
                for (int rank = m; rank >= 1; rank--) {
                    int i = order[rank - 1];
                    running = Math.min(running, Math.min(1, (double) m * pValues[i] / rank));
                    adjusted[i] = running;
                }
            }
        }
        return adjusted;
    }
}
