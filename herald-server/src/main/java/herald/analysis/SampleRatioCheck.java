package herald.analysis;

import java.util.Objects;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * The sample-ratio-mismatch check: do the assignment counts fit the configured weights? A mismatch
 * means assignment or logging is broken, and then no comparison of the arms can be trusted.
 *
 * @param pValue     the chi-square goodness-of-fit p-value
 * @param imbalanced p &lt; {@value #THRESHOLD}
 */
public record SampleRatioCheck(double pValue, boolean imbalanced) {

    /** The p-value below which the traffic counts as imbalanced; strict, to keep false alarms rare. */
    public static final double THRESHOLD = 0.001;

    /**
     * Pearson's chi-square test of {@code counts} against {@code weights} normalised to proportions
     * p_i = w_i/Σw: expected e_i = N·p_i with N = Σ counts, statistic χ² = Σ (o_i − e_i)²/e_i, and
     * p-value P(χ²_{k−1} &gt; χ²) over the k arms with a positive weight.
     *
     * <p>An arm of weight 0 should receive nothing: with a count of 0 it is left out (and out of k);
     * with any count the traffic is imbalanced beyond doubt and the p-value is 0. With no assignments,
     * or fewer than two weighted arms, there is nothing to test: p = 1.
     *
     * @throws IllegalArgumentException if the arrays differ in length, a count is negative, or a weight
     *                                  is negative or not finite, or all weights are 0
     */
    public static SampleRatioCheck of(long[] counts, double[] weights) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(weights, "weights");
        if (counts.length != weights.length) {
            throw new IllegalArgumentException(counts.length + " counts for " + weights.length + " weights");
        }
        double totalWeight = 0;
        double total = 0;
        int arms = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("count " + i + " is negative: " + counts[i]);
            }
            if (!Double.isFinite(weights[i]) || weights[i] < 0) {
                throw new IllegalArgumentException("weight " + i + " must be finite and not negative: " + weights[i]);
            }
            totalWeight += weights[i];
            total += counts[i];
            arms += weights[i] > 0 ? 1 : 0;
        }
        if (totalWeight == 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        for (int i = 0; i < counts.length; i++) {
            if (weights[i] == 0 && counts[i] > 0) {
                return new SampleRatioCheck(0, true);
            }
        }
        if (total == 0 || arms < 2) {
            return new SampleRatioCheck(1, false);
        }
        double statistic = 0;
        for (int i = 0; i < counts.length; i++) {
            if (weights[i] > 0) {
                double expected = total * (weights[i] / totalWeight);
                double deviation = counts[i] - expected;
                statistic += deviation * deviation / expected;
            }
        }
        double p = ChiSquaredDistribution.of(arms - 1).survivalProbability(statistic);
        return new SampleRatioCheck(p, p < THRESHOLD);
    }
}
