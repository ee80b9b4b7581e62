package herald.analysis;

/**
 * One arm's pre-period covariate for CUPED: the per-unit mean and variance of x (the unit's value of
 * the same metric before its assignment) and the per-unit covariance of x with the outcome y, with the
 * same divisor as the arm's outcome variance (n for a conversion metric, n − 1 for a continuous one).
 *
 * @param mean       x̄
 * @param variance   the per-unit variance of x, ≥ 0
 * @param covariance the per-unit covariance of x and y
 */
public record Covariate(double mean, double variance, double covariance) {

    /** No covariate: with it (or with θ = 0) the adjusted estimators are the plain ones. */
    public static final Covariate NONE = new Covariate(0, 0, 0);

    public Covariate {
        if (!Double.isFinite(mean) || !Double.isFinite(variance) || !Double.isFinite(covariance) || variance < 0) {
            throw new IllegalArgumentException("covariate moments must be finite, the variance not negative: "
                    + mean + ", " + variance + ", " + covariance);
        }
    }

    /**
     * From per-arm sums over {@code units} units (a unit without pre-period values has x = 0): Σx, Σx²
     * and Σxy; {@code conversion} selects the divisor n (proportions, as {@link ArmSummary#conversion})
     * rather than n − 1. An arm with fewer than two units has no spread.
     */
    public static Covariate of(boolean conversion, long units, double sumX, double sumOfSquaresX, double sumY,
                               double sumXY) {
        if (units < 2) {
            return new Covariate(units == 1 ? sumX : 0, 0, 0);
        }
        double n = units;
        double divisor = conversion ? n : n - 1;
        double variance = ArmSummary.sumOfSquaredDeviations(n, sumX, sumOfSquaresX) / divisor;
        return new Covariate(sumX / n, variance, (sumXY - sumX * sumY / n) / divisor);
    }
}
