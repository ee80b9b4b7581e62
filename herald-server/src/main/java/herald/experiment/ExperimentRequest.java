package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import herald.key.Keys;
import herald.problem.Invalid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment's fields as a request gives them; an absent field is empty (a PATCH leaves it
 * unchanged). The API's routes (through {@code ExperimentBody}) and the dashboard's forms build it;
 * {@link #valid} checks each value, and {@link Experiments} what the keys refer to.
 *
 * @param startAt  absent: unchanged; empty inside: cleared
 * @param prior    absent: unchanged; empty inside: a flat prior
 */
public record ExperimentRequest(
        Optional<String> key,
        Optional<String> name,
        Optional<String> project,
        Optional<String> environment,
        Optional<String> hypothesis,
        Optional<List<Experiment.Variation>> variations,
        Optional<List<String>> metrics,
        Optional<JsonNode> targeting,
        Optional<JsonNode> costData,
        Optional<Optional<Long>> startAt,
        Optional<Optional<Long>> endAt,
        Optional<Double> alpha,
        Optional<Long> minUnits,
        Optional<Experiment.Method> method,
        Optional<String> correction,
        Optional<Optional<Experiment.Prior>> prior,
        Optional<Long> cupedLookbackDays) {

    static final Set<String> CREATE_FIELDS = Set.of("key", "name", "project", "environment", "hypothesis",
            "variations", "metrics", "targeting", "costData", "startAt", "endAt", "alpha", "minUnits", "method", "correction", "prior",
            "cupedLookbackDays");
    static final Set<String> EDIT_FIELDS = Set.of("name", "hypothesis", "variations", "targeting", "costData",
            "startAt", "endAt", "alpha", "minUnits", "method", "correction", "prior", "cupedLookbackDays");
    static final int MAX_LOOKBACK_DAYS = 365;
    static final int MAX_HYPOTHESIS = 2000;
    static final int MAX_VARIATIONS = 20;

    /** The configuration a dashboard form edits: name, hypothesis, variations and, when given, the end. */
    public static ExperimentRequest configuration(String name, String hypothesis, List<Experiment.Variation> variations,
                                                  Optional<Long> endAt) {
        return new ExperimentRequest(Optional.empty(), Optional.of(name), Optional.empty(), Optional.empty(),
                Optional.of(hypothesis), Optional.of(variations), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), endAt.map(Optional::of), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A new draft as a dashboard form describes it, with the default analysis settings. */
    public static ExperimentRequest draft(String key, String name, String project, String environment,
                                          String hypothesis, List<Experiment.Variation> variations,
                                          List<String> metrics) {
        return new ExperimentRequest(Optional.of(key), Optional.of(name), Optional.of(project),
                Optional.of(environment), Optional.of(hypothesis), Optional.of(variations), Optional.of(metrics),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same request with every present value checked (a 422 naming the first bad one) and normalised. */
    ExperimentRequest valid() {
        ExperimentRequest checked = new ExperimentRequest(
                key.map(k -> Keys.valid(k, "key")),
                name.map(n -> Keys.validName(n, "name")),
                project,
                environment,
                hypothesis.map(ExperimentRequest::validHypothesis),
                variations.map(ExperimentRequest::validVariations),
                metrics, targeting, costData, startAt, endAt,
                alpha, minUnits, method, correction, prior, cupedLookbackDays);
        alpha.filter(a -> !(a > 0 && a < 0.5)).ifPresent(a -> {
            throw new Invalid("invalid_alpha", "alpha must be between 0 and 0.5, such as 0.05", "alpha");
        });
        minUnits.filter(units -> units < 0 || units > 1_000_000_000).ifPresent(units -> {
            throw new Invalid("invalid_min_units", "minUnits must be between 0 and 1000000000", "minUnits");
        });
        correction.filter(c -> !Set.of("none", "holm", "bh").contains(c)).ifPresent(c -> {
            throw new Invalid("invalid_correction", "correction must be none, holm or bh", "correction");
        });
        cupedLookbackDays.filter(days -> days < 0 || days > MAX_LOOKBACK_DAYS).ifPresent(days -> {
            throw new Invalid("invalid_cuped_lookback", "cupedLookbackDays must be between 0 (CUPED off) and "
                    + MAX_LOOKBACK_DAYS, "cupedLookbackDays");
        });
        return checked;
    }

    private static String validHypothesis(String hypothesis) {
        if (hypothesis.length() > MAX_HYPOTHESIS) {
            throw new Invalid("invalid_hypothesis", "hypothesis must be at most " + MAX_HYPOTHESIS + " characters",
                    "hypothesis");
        }
        return hypothesis;
    }

    private static List<Experiment.Variation> validVariations(List<Experiment.Variation> variations) {
        if (variations.size() < 2 || variations.size() > MAX_VARIATIONS) {
            throw new Invalid("invalid_variations", "an experiment needs 2 to " + MAX_VARIATIONS
                    + " variations; the first is the control", "variations");
        }
        List<Experiment.Variation> valid = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < variations.size(); i++) {
            Experiment.Variation v = variations.get(i);
            String field = "variations[" + i + "]";
            Keys.valid(v.key(), field + ".key");
            if (!keys.add(v.key())) {
                throw new Invalid("duplicate_variation", "variation key '" + v.key() + "' is repeated",
                        field + ".key");
            }
            if (!(v.weight() > 0) || v.weight() > 1_000_000 || Double.isInfinite(v.weight())) {
                throw new Invalid("invalid_weight", "weights must be positive numbers", field + ".weight");
            }
            valid.add(new Experiment.Variation(v.key(), Keys.validName(v.name(), field + ".name"), v.weight()));
        }
        return List.copyOf(valid);
    }
}
