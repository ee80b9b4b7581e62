package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import herald.wire.WireName;
import java.util.List;
import java.util.Optional;

/**
 * An experiment: variations with traffic weights, the metrics it measures, its targeting and cost
 * data, its window, and where it is in its life ({@link Status}).
 *
 * @param project     the project's key
 * @param environment the environment's key within the project
 */
public record Experiment(
        String id,
        String accountId,
        String key,
        String name,
        String project,
        String environment,
        String hypothesis,
        Status status,
        List<Variation> variations,
        List<String> metrics,
        List<String> collections,
        JsonNode targeting,
        JsonNode costData,
        Optional<Long> startAt,
        Optional<Long> endAt,
        Settings settings,
        long createdAt,
        long updatedAt) {

    /**
     * How the experiment is analysed: significance level, the fewest units an arm needs before a
     * result may be significant, the method ({@code fixed} horizon, always-valid {@code sequential} or
     * {@code bayesian}), the multiple-testing correction ({@code none}, {@code holm} or {@code bh}),
     * the Bayesian method's prior on the relative lift (empty: flat), and the CUPED lookback in days
     * (0 turns CUPED off).
     */
    public record Settings(double alpha, long minUnits, Method method, String correction, Optional<Prior> prior,
                           int cupedLookbackDays) {
        public static final Settings DEFAULT = new Settings(0.05, 100, Method.FIXED, "none", Optional.empty(), 14);

        public boolean sequential() {
            return method == Method.SEQUENTIAL;
        }

        public boolean bayesian() {
            return method == Method.BAYESIAN;
        }
    }

    /** How results are judged: at a fixed horizon, always-valid at any look, or by posterior probability. */
    public enum Method implements WireName {
        FIXED, SEQUENTIAL, BAYESIAN;

        public static Optional<Method> parse(String value) {
            return WireName.find(Method.class, value);
        }
    }

    /** A normal prior on the relative lift: its mean and standard deviation (&gt; 0). */
    public record Prior(double mean, double stdDev) {
        public Prior {
            if (!Double.isFinite(mean) || !Double.isFinite(stdDev) || !(stdDev > 0)) {
                throw new IllegalArgumentException("a prior needs a finite mean and a positive standard deviation");
            }
        }
    }

    /** One arm of the experiment; the first is the control. */
    public record Variation(String key, String name, double weight) {}

    /** Where an experiment is in its life. The moves between them are {@link Lifecycle}'s. */
    public enum Status implements WireName {
        DRAFT, RUNNING, PAUSED, COMPLETED;

        public static Optional<Status> parse(String value) {
            return WireName.find(Status.class, value);
        }
    }

    /** Running or paused: the states whose settings SDKs depend on. */
    public boolean live() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    Experiment withStatus(Status next, long now) {
        return new Experiment(id, accountId, key, name, project, environment, hypothesis, next, variations, metrics,
                collections, targeting, costData, startAt, endAt, settings, createdAt, now);
    }

    Experiment withMetrics(List<String> nextMetrics, List<String> nextCollections, long now) {
        return new Experiment(id, accountId, key, name, project, environment, hypothesis, status, variations,
                nextMetrics, nextCollections, targeting, costData, startAt, endAt, settings, createdAt, now);
    }
}
