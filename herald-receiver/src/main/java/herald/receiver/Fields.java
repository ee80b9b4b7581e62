package herald.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads typed values out of a JSON object parsed by Jackson, naming the field at fault
 * ({@code data.meta_data.status}) in a {@link MalformedPayloadException}.
 */
final class Fields {

    private final JsonNode node;
    private final String path;

    Fields(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new MalformedPayloadException((path.isEmpty() ? "the body" : path) + " must be a JSON object");
        }
        this.node = node;
        this.path = path;
    }

    String text(String name) {
        return optionalText(name).orElseThrow(() -> missing(name));
    }

    Optional<String> optionalText(String name) {
        return present(name).map(value -> {
            if (!value.isTextual()) {
                throw wrong(name, "a string");
            }
            return value.asText();
        });
    }

    boolean bool(String name) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw wrong(name, "true or false");
        }
        return value.asBoolean();
    }

    long integer(String name) {
        return optionalInteger(name).orElseThrow(() -> missing(name));
    }

    OptionalLong optionalInteger(String name) {
        Optional<JsonNode> value = present(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!value.get().canConvertToExactIntegral() || !value.get().canConvertToLong()) {
            throw wrong(name, "an integer");
        }
        return OptionalLong.of(value.get().asLong());
    }

    double number(String name) {
        JsonNode value = required(name);
        if (!value.isNumber()) {
            throw wrong(name, "a number");
        }
        return value.asDouble();
    }

    /** A number that may be JSON {@code null} (e.g. a relative lift against a zero baseline), but not absent. */
    OptionalDouble nullableNumber(String name) {
        JsonNode value = required(name);
        return value.isNull() ? OptionalDouble.empty() : OptionalDouble.of(number(name));
    }

    LocalDate date(String name) {
        String text = text(name);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw wrong(name, "a date (YYYY-MM-DD)");
        }
    }

    Optional<LocalDate> nullableDate(String name) {
        return required(name).isNull() ? Optional.empty() : Optional.of(date(name));
    }

    Instant instant(String name) {
        String text = text(name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw wrong(name, "an RFC 3339 time");
        }
    }

    /** A string naming a constant of {@code type}: {@code is_traffic_imbalance} style, matched to {@code UPPER_CASE}. */
    <E extends Enum<E>> E choice(String name, Class<E> type) {
        return optionalChoice(name, type).orElseThrow(() -> missing(name));
    }

    <E extends Enum<E>> Optional<E> optionalChoice(String name, Class<E> type) {
        return optionalText(name).map(text -> {
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new MalformedPayloadException(at(name) + " is '" + text + "', not one of "
                        + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
            }
        });
    }

    /** Any JSON value, {@code null} included, but present. */
    JsonNode any(String name) {
        return required(name);
    }

    Fields object(String name) {
        return new Fields(required(name), at(name));
    }

    List<Fields> objects(String name) {
        JsonNode array = array(name);
        List<Fields> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(new Fields(array.get(i), at(name) + "[" + i + "]"));
        }
        return List.copyOf(items);
    }

    Optional<List<String>> optionalTexts(String name) {
        if (present(name).isEmpty()) {
            return Optional.empty();
        }
        JsonNode array = array(name);
        List<String> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw new MalformedPayloadException(at(name) + "[" + i + "] must be a string");
            }
            items.add(array.get(i).asText());
        }
        return Optional.of(List.copyOf(items));
    }

    private JsonNode array(String name) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw wrong(name, "an array");
        }
        return value;
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** Absent and JSON {@code null} both mean "not given" for an optional field. */
    private Optional<JsonNode> present(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** Where field {@code name} is, from the top of the body: {@code data.meta_data.status}. */
    private String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private MalformedPayloadException missing(String name) {
        return new MalformedPayloadException(at(name) + " is missing");
    }

    private MalformedPayloadException wrong(String name, String expected) {
        return new MalformedPayloadException(at(name) + " must be " + expected);
    }
}
