package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import herald.account.AccountId;
import herald.wire.WireName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An experiment: variations with traffic weights, the metrics it measures, its targeting and cost
 * data, its window, and where it is in its life ({@link Status}).
 *
 * @param project     the project's key
 * @param environment the environment's key within the project
 */
public record Experiment(
        ExperimentId id,
        AccountId accountId,
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
        return toBuilder().status(next).updatedAt(now).build();
    }

    Experiment withMetrics(List<String> nextMetrics, List<String> nextCollections, long now) {
        return toBuilder().metrics(nextMetrics).collections(nextCollections).updatedAt(now).build();
    }

    /** A new experiment's builder: a draft with the default settings, no metrics and no window, unless named. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this experiment's values, to change some by name. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .id(id)
                .accountId(accountId)
                .key(key)
                .name(name)
                .project(project)
                .environment(environment)
                .hypothesis(hypothesis)
                .status(status)
                .variations(variations)
                .metrics(metrics)
                .collections(collections)
                .targeting(targeting)
                .costData(costData)
                .settings(settings)
                .createdAt(createdAt)
                .updatedAt(updatedAt);
        builder.startAt = startAt;
        builder.endAt = endAt;
        return builder;
    }

    /** Builds a {@code Experiment} by naming its values; the ones it does not name keep their defaults. */
    public static final class Builder {
        private ExperimentId id;
        private AccountId accountId;
        private String key;
        private String name;
        private String project;
        private String environment;
        private String hypothesis = "";
        private Status status = Status.DRAFT;
        private List<Variation> variations;
        private List<String> metrics = List.of();
        private List<String> collections = List.of();
        private JsonNode targeting;
        private JsonNode costData;
        private Optional<Long> startAt = Optional.empty();
        private Optional<Long> endAt = Optional.empty();
        private Settings settings = Settings.DEFAULT;
        private long createdAt;
        private long updatedAt;

        private Builder() {}

        public Builder id(ExperimentId id) {
            this.id = id;
            return this;
        }

        public Builder accountId(AccountId accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder project(String project) {
            this.project = project;
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        public Builder hypothesis(String hypothesis) {
            this.hypothesis = hypothesis;
            return this;
        }

        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        public Builder variations(List<Variation> variations) {
            this.variations = variations;
            return this;
        }

        public Builder metrics(List<String> metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder collections(List<String> collections) {
            this.collections = collections;
            return this;
        }

        public Builder targeting(JsonNode targeting) {
            this.targeting = targeting;
            return this;
        }

        public Builder costData(JsonNode costData) {
            this.costData = costData;
            return this;
        }

        public Builder startAt(long startAt) {
            this.startAt = Optional.of(startAt);
            return this;
        }

        /** Starts the experiment whenever it is started, with no scheduled start. */
        public Builder noStartAt() {
            this.startAt = Optional.empty();
            return this;
        }

        public Builder endAt(long endAt) {
            this.endAt = Optional.of(endAt);
            return this;
        }

        /** Runs the experiment until it is stopped, with no scheduled end. */
        public Builder noEndAt() {
            this.endAt = Optional.empty();
            return this;
        }

        public Builder settings(Settings settings) {
            this.settings = settings;
            return this;
        }

        public Builder createdAt(long createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder updatedAt(long updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** @throws NullPointerException when a value without a default was not given */
        public Experiment build() {
            return new Experiment(Objects.requireNonNull(id, "id"), Objects.requireNonNull(accountId, "accountId"),
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(project, "project"), Objects.requireNonNull(environment, "environment"),
                    hypothesis, status, Objects.requireNonNull(variations, "variations"), metrics, collections,
                    Objects.requireNonNull(targeting, "targeting"), Objects.requireNonNull(costData, "costData"),
                    startAt, endAt, settings, createdAt, updatedAt);
        }
    }
}
