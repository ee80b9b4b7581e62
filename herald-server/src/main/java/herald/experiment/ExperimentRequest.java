package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import herald.http.JsonBody;
import herald.key.Keys;
import herald.problem.BadRequest;
import herald.problem.Invalid;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment's fields as a request carries them, each checked for shape; an absent field is empty
 * (a PATCH leaves it unchanged). What the keys refer to is checked by {@link Experiments}.
 */
record ExperimentRequest(
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
        Optional<Integer> cupedLookbackDays) {

    static final Set<String> CREATE_FIELDS = Set.of("key", "name", "project", "environment", "hypothesis",
            "variations", "metrics", "targeting", "costData", "startAt", "endAt", "alpha", "minUnits", "method", "correction", "prior",
            "cupedLookbackDays");
    static final Set<String> EDIT_FIELDS = Set.of("name", "hypothesis", "variations", "targeting", "costData",
            "startAt", "endAt", "alpha", "minUnits", "method", "correction", "prior", "cupedLookbackDays");
    static final int MAX_LOOKBACK_DAYS = 365;
    static final int MAX_HYPOTHESIS = 2000;
    static final int MAX_VARIATIONS = 20;

    static ExperimentRequest read(JsonBody body, Set<String> allowed) {
        for (var entry : body.node().properties()) {
            if (!allowed.contains(entry.getKey())) {
                throw new BadRequest("unknown_field", "'" + entry.getKey() + "' is not a field of this request;"
                        + " expected one of " + String.join(", ", allowed.stream().sorted().toList()), entry.getKey());
            }
        }
        return new ExperimentRequest(
                body.optionalText("key").map(k -> Keys.valid(k, "key")),
                body.optionalText("name").map(n -> Keys.validName(n, "name")),
                body.optionalText("project"),
                body.optionalText("environment"),
                body.optionalText("hypothesis").map(ExperimentRequest::validHypothesis),
                body.has("variations") ? Optional.of(variations(body.required("variations"))) : Optional.empty(),
                body.optionalStrings("metrics"),
                object(body, "targeting"),
                object(body, "costData"),
                time(body, "startAt"),
                time(body, "endAt"),
                alpha(body),
                body.optionalLong("minUnits").map(ExperimentRequest::validMinUnits),
                body.optionalText("method").map(ExperimentRequest::validMethod),
                body.optionalText("correction").map(ExperimentRequest::validCorrection),
                prior(body),
                body.optionalLong("cupedLookbackDays").map(ExperimentRequest::validLookback));
    }

    private static Optional<Double> alpha(JsonBody body) {
        JsonNode value = body.node().get("alpha");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new BadRequest("invalid_field", "'alpha' must be a number", "alpha");
        }
        double alpha = value.doubleValue();
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new Invalid("invalid_alpha", "alpha must be between 0 and 0.5, such as 0.05", "alpha");
        }
        return Optional.of(alpha);
    }

    private static long validMinUnits(long minUnits) {
        if (minUnits < 0 || minUnits > 1_000_000_000) {
            throw new Invalid("invalid_min_units", "minUnits must be between 0 and 1000000000", "minUnits");
        }
        return minUnits;
    }

    private static Experiment.Method validMethod(String method) {
        return Experiment.Method.parse(method).orElseThrow(() -> new Invalid("invalid_method",
                "method must be fixed, sequential or bayesian", "method"));
    }

    private static String validCorrection(String correction) {
        if (!Set.of("none", "holm", "bh").contains(correction)) {
            throw new Invalid("invalid_correction", "correction must be none, holm or bh", "correction");
        }
        return correction;
    }

    private static int validLookback(long days) {
        if (days < 0 || days > MAX_LOOKBACK_DAYS) {
            throw new Invalid("invalid_cuped_lookback", "cupedLookbackDays must be between 0 (CUPED off) and "
                    + MAX_LOOKBACK_DAYS, "cupedLookbackDays");
        }
        return (int) days;
    }

    /** Absent: unchanged; null: a flat prior; otherwise {"mean": number, "stdDev": positive number}. */
    private static Optional<Optional<Experiment.Prior>> prior(JsonBody body) {
        if (!body.node().has("prior")) {
            return Optional.empty();
        }
        JsonNode value = body.node().get("prior");
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isObject()) {
            throw new BadRequest("invalid_field", "'prior' must be an object {\"mean\", \"stdDev\"} or null", "prior");
        }
        for (var entry : value.properties()) {
            if (!Set.of("mean", "stdDev").contains(entry.getKey())) {
                throw new BadRequest("unknown_field", "'prior." + entry.getKey() + "' is not a field of a prior;"
                        + " expected mean, stdDev", "prior." + entry.getKey());
            }
        }
        JsonNode mean = value.get("mean");
        JsonNode stdDev = value.get("stdDev");
        if (mean == null || !mean.isNumber() || !Double.isFinite(mean.doubleValue())) {
            throw new BadRequest("invalid_field", "'prior.mean' must be a number (the relative lift expected,"
                    + " such as 0)", "prior.mean");
        }
        if (stdDev == null || !stdDev.isNumber() || !(stdDev.doubleValue() > 0) || !Double.isFinite(stdDev.doubleValue())) {
            throw new Invalid("invalid_prior", "'prior.stdDev' must be a positive number (such as 0.3)", "prior.stdDev");
        }
        return Optional.of(Optional.of(new Experiment.Prior(mean.doubleValue(), stdDev.doubleValue())));
    }

    private static String validHypothesis(String hypothesis) {
        if (hypothesis.length() > MAX_HYPOTHESIS) {
            throw new Invalid("invalid_hypothesis", "hypothesis must be at most " + MAX_HYPOTHESIS + " characters",
                    "hypothesis");
        }
        return hypothesis;
    }

    private static List<Experiment.Variation> variations(JsonNode node) {
        if (!node.isArray()) {
            throw new BadRequest("invalid_field", "'variations' must be an array", "variations");
        }
        if (node.size() < 2 || node.size() > MAX_VARIATIONS) {
            throw new Invalid("invalid_variations", "an experiment needs 2 to " + MAX_VARIATIONS
                    + " variations; the first is the control", "variations");
        }
        List<Experiment.Variation> variations = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            String field = "variations[" + i + "]";
            if (!v.isObject()) {
                throw new BadRequest("invalid_field", "'" + field + "' must be an object", field);
            }
            JsonNode key = v.get("key");
            if (key == null || !key.isTextual()) {
                throw new BadRequest("missing_field", "'" + field + ".key' is required", field + ".key");
            }
            Keys.valid(key.textValue(), field + ".key");
            if (!keys.add(key.textValue())) {
                throw new Invalid("duplicate_variation", "variation key '" + key.textValue() + "' is repeated",
                        field + ".key");
            }
            JsonNode weight = v.get("weight");
            if (weight == null || !weight.isNumber()) {
                throw new BadRequest("missing_field", "'" + field + ".weight' must be a number", field + ".weight");
            }
            double w = weight.doubleValue();
            if (!(w > 0) || w > 1_000_000 || Double.isInfinite(w)) {
                throw new Invalid("invalid_weight", "weights must be positive numbers", field + ".weight");
            }
            JsonNode name = v.get("name");
            if (name != null && !name.isNull() && !name.isTextual()) {
                throw new BadRequest("invalid_field", "'" + field + ".name' must be a string", field + ".name");
            }
            String display = name == null || name.isNull() ? key.textValue() : Keys.validName(name.textValue(),
                    field + ".name");
            variations.add(new Experiment.Variation(key.textValue(), display, w));
        }
        return List.copyOf(variations);
    }

    private static Optional<JsonNode> object(JsonBody body, String field) {
        if (!body.node().has(field)) {
            return Optional.empty();
        }
        JsonNode value = body.node().get(field);
        if (!value.isObject()) {
            throw new BadRequest("invalid_field", "'" + field + "' must be a JSON object", field);
        }
        return Optional.of(value);
    }

    /** Absent: unchanged; null: cleared; a string: an RFC 3339 time. */
    private static Optional<Optional<Long>> time(JsonBody body, String field) {
        if (!body.node().has(field)) {
            return Optional.empty();
        }
        JsonNode value = body.node().get(field);
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isTextual()) {
            throw new BadRequest("invalid_field", "'" + field + "' must be an RFC 3339 time or null", field);
        }
        try {
            return Optional.of(Optional.of(Instant.parse(value.textValue()).toEpochMilli()));
        } catch (DateTimeParseException e) {
            throw new Invalid("invalid_time", "'" + field + "' must be an RFC 3339 time such as 2026-12-01T00:00:00Z",
                    field);
        }
    }
}
