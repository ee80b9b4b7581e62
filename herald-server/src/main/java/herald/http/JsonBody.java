package herald.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.problem.BadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's JSON object, read field by field with clear errors: a missing or wrongly typed field
 * is a 400 naming the field; what the value means is checked by the feature (422).
 */
public final class JsonBody {

    private final ObjectNode node;

    JsonBody(ObjectNode node) {
        this.node = node;
    }

    /**
     * A body built by Herald itself rather than parsed from a request, e.g. from a dashboard form,
     * so that it passes the very validation the API applies.
     */
    public static JsonBody of(ObjectNode node) {
        return new JsonBody(node);
    }

    public ObjectNode node() {
        return node;
    }

    /**
     * Refuses a field this request does not take, with a 400 {@code unknown_field} naming it and the
     * fields it may have: a misspelt field is a mistake to report, not a change to ignore.
     *
     * @param what how the message calls the fields, such as "a webhook field"
     */
    public JsonBody allowOnly(Set<String> fields, String what) {
        return allowOnly(fields, what, "");
    }

    /** As {@link #allowOnly(Set, String)}, for an object nested at {@code path} ("prior.") in the body. */
    public JsonBody allowOnly(Set<String> fields, String what, String path) {
        for (var entry : node.properties()) {
            if (!fields.contains(entry.getKey())) {
                throw new BadRequest("unknown_field", "'" + path + entry.getKey() + "' is not " + what
                        + "; expected one of " + String.join(", ", fields.stream().sorted().toList()),
                        path + entry.getKey());
            }
        }
        return this;
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public String text(String field) {
        return optionalText(field).orElseThrow(() -> missing(field));
    }

    public Optional<String> optionalText(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return Optional.of(value.textValue());
    }

    public Optional<Long> optionalLong(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer");
        }
        return Optional.of(value.longValue());
    }

    public Optional<List<String>> optionalStrings(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings");
        }
        List<String> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw new BadRequest("invalid_field", "'" + field + "[" + i + "]' must be a string", field + "[" + i + "]");
            }
            result.add(item.textValue());
        }
        return Optional.of(result);
    }

    public Optional<Map<String, String>> optionalStringMap(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw wrongType(field, "an object of string values");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (var entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new BadRequest("invalid_field", "'" + field + "." + entry.getKey() + "' must be a string",
                        field + "." + entry.getKey());
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return Optional.of(result);
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return Optional.of(value.booleanValue());
    }

    public JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        return value;
    }

    private static BadRequest missing(String field) {
        return new BadRequest("missing_field", "'" + field + "' is required", field);
    }

    private static BadRequest wrongType(String field, String expected) {
        return new BadRequest("invalid_field", "'" + field + "' must be " + expected, field);
    }
}
