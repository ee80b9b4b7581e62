package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.http.JsonBody;
import herald.problem.BadRequest;
import herald.problem.Invalid;
import herald.wire.WireTime;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an {@link ExperimentRequest} from the API's JSON body: a field this request does not take, or
 * one of the wrong shape, is a 400 naming it; what the values mean is checked by the request itself.
 */
final class ExperimentBody {

    private ExperimentBody() {}

    static ExperimentRequest read(JsonBody body, Set<String> allowed) {
        body.allowOnly(allowed, "a field of this request");
        return new ExperimentRequest(
                body.optionalText("key"),
                body.optionalText("name"),
                body.optionalText("project"),
                body.optionalText("environment"),
                body.optionalText("hypothesis"),
                body.has("variations") ? Optional.of(variations(body.required("variations"))) : Optional.empty(),
                body.optionalStrings("metrics"),
                object(body, "targeting"),
                object(body, "costData"),
                time(body, "startAt"),
                time(body, "endAt"),
                alpha(body),
                body.optionalLong("minUnits"),
                body.optionalText("method").map(ExperimentBody::method),
                body.optionalText("correction"),
                prior(body),
                body.optionalLong("cupedLookbackDays"));
    }

    private static Optional<Double> alpha(JsonBody body) {
        JsonNode value = body.node().get("alpha");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new BadRequest("invalid_field", "'alpha' must be a number", "alpha");
        }
        return Optional.of(value.doubleValue());
    }

    private static Experiment.Method method(String method) {
        return Experiment.Method.parse(method).orElseThrow(() -> new Invalid("invalid_method",
                "method must be fixed, sequential or bayesian", "method"));
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
        JsonBody.of((ObjectNode) value).allowOnly(Set.of("mean", "stdDev"), "a field of a prior", "prior.");
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

    /** Each variation's shape; a variation without a name is named by its key. */
    private static List<Experiment.Variation> variations(JsonNode node) {
        if (!node.isArray()) {
            throw new BadRequest("invalid_field", "'variations' must be an array", "variations");
        }
        List<Experiment.Variation> variations = new ArrayList<>();
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
            JsonNode weight = v.get("weight");
            if (weight == null || !weight.isNumber()) {
                throw new BadRequest("missing_field", "'" + field + ".weight' must be a number", field + ".weight");
            }
            JsonNode name = v.get("name");
            if (name != null && !name.isNull() && !name.isTextual()) {
                throw new BadRequest("invalid_field", "'" + field + ".name' must be a string", field + ".name");
            }
            String display = name == null || name.isNull() ? key.textValue() : name.textValue();
            variations.add(new Experiment.Variation(key.textValue(), display, weight.doubleValue()));
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
            return Optional.of(Optional.of(WireTime.epochMillis(value.textValue())));
        } catch (DateTimeException e) {
            throw new Invalid("invalid_time", "'" + field + "' must be an RFC 3339 time such as 2026-12-01T00:00:00Z",
                    field);
        }
    }
}
