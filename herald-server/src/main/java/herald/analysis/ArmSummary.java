package herald.analysis;

import java.util.Objects;

/**
 * One arm of an experiment for one metric: how many units it has and the per-unit mean and variance
 * of the metric. Units without any value count as 0, so the mean is over every assigned unit.
 *
 * <p>Invariants, checked on construction: {@code units ≥ 0}; {@code mean} finite; {@code variance}
 * finite and {@code ≥ 0}; and {@code variance = 0} when {@code units < 2}, since one unit has no spread
 * to estimate. A violation throws {@link IllegalArgumentException}.
 *
 * @param variation the variation's key
 * @param units     the number of units assigned to the arm
 * @param mean      the per-unit mean m
 * @param variance  the per-unit variance v: m·(1−m) for a conversion metric, the sample variance
 *                  (divisor n−1) for a continuous one
 */
public record ArmSummary(String variation, long units, double mean, double variance) {

    public ArmSummary {
        Objects.requireNonNull(variation, "variation");
        if (units < 0) {
            throw new IllegalArgumentException("units must not be negative: " + units);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite: " + mean);
        }
        if (!Double.isFinite(variance) || variance < 0) {
            throw new IllegalArgumentException("variance must be finite and not negative: " + variance);
        }
        if (units < 2 && variance != 0) {
            throw new IllegalArgumentException("an arm with fewer than 2 units has variance 0, not " + variance);
        }
    }

    /**
     * A conversion metric: mean m = converted / units (the share of units that converted at least
     * once) and variance m·(1−m). An arm without units has mean 0 and variance 0.
     *
     * @throws IllegalArgumentException unless {@code 0 ≤ converted ≤ units}
     */
    public static ArmSummary conversion(String variation, long units, long converted) {
        if (converted < 0 || converted > units) {
            throw new IllegalArgumentException("converted must be within 0.." + units + ": " + converted);
        }
        if (units == 0) {
            return new ArmSummary(variation, 0, 0, 0);
        }
        double mean = (double) converted / units;
        double complement = (double) (units - converted) / units; // exact count, not 1 − mean rounded
        return new ArmSummary(variation, units, mean, mean * complement);
    }

    /**
     * A continuous metric from sums over all {@code units} (a unit without values contributes 0):
     * mean Σx/n and sample variance (Σx² − (Σx)²/n)/(n−1), or 0 when n &lt; 2.
     *
     * <p>The two terms of the numerator nearly cancel when the values sit far from zero (a mean of a
     * million with a spread of one), so it is evaluated without losing the digits that survive:
     * (Σx)²/n is carried as an unevaluated sum of two doubles, exact up to the last rounding, and
     * subtracted from Σx². The result is then as accurate as the sums it is given; a negative result,
     * which only inconsistent sums can produce, is taken as 0.
     *
     * @throws IllegalArgumentException if {@code units < 0}, a sum is not finite, Σx² is negative, or
     *                                  {@code units = 0} with a non-zero sum
     */
    public static ArmSummary continuous(String variation, long units, double sum, double sumOfSquares) {
        if (!Double.isFinite(sum) || !Double.isFinite(sumOfSquares) || sumOfSquares < 0) {
            throw new IllegalArgumentException("sums must be finite and Σx² not negative: " + sum + ", " + sumOfSquares);
        }
        if (units == 0) {
            if (sum != 0 || sumOfSquares != 0) {
                throw new IllegalArgumentException("an arm without units has no values");
            }
            return new ArmSummary(variation, 0, 0, 0);
        }
        double n = units;
        double mean = sum / n;
        double variance = units < 2 ? 0 : sumOfSquaredDeviations(n, sum, sumOfSquares) / (n - 1);
        return new ArmSummary(variation, units, mean, variance);
    }

    /**
     * Σx² − (Σx)²/n by error-free transformations: {@code square + squareError} is (Σx)² exactly
     * (Math.fma yields the rounding error of a product), {@code quotient·n + remainder} is
     * {@code square} exactly (the remainder of a rounded division is representable), so
     * (Σx)²/n = quotient + (remainder + squareError)/n with only the correction term rounded.
     * Σx² − quotient is exact when the two are within a factor of two, which is the case that matters.
     */
    static double sumOfSquaredDeviations(double n, double sum, double sumOfSquares) {
        double square = sum * sum;
        double squareError = Math.fma(sum, sum, -square);
        double quotient = square / n;
        double remainder = Math.fma(-quotient, n, square);
        double correction = (remainder + squareError) / n;
        return Math.max(0, (sumOfSquares - quotient) - correction);
    }
}
