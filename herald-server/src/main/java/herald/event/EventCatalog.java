package herald.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import herald.problem.Invalid;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The event types Herald can publish and deliver (contract section 5), read from the resource
 * {@value #RESOURCE}, each with its JSON Schema compiled once.
 *
 * <p>Immutable and thread-safe once {@link #load loaded}; {@link #validate} may be called concurrently.
 * Event type names passed in must not be null ({@link NullPointerException}).
 */
public final class EventCatalog {

    static final String RESOURCE = "/herald/event/catalog.json";

    /** Orders errors by where they are in the data, so the same bad data always reports the same error. */
    private static final Comparator<Violation> BY_LOCATION =
            Comparator.<Violation, JsonNodePath>comparing(Violation::location, EventCatalog::compare)
                    .thenComparing(Violation::message);

    private final Map<String, Entry> entries;

    private EventCatalog(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /**
     * Reads the catalog and compiles every schema.
     *
     * @throws IllegalStateException if the resource is missing or malformed, a name repeats, or an example
     *     does not validate against its own schema: a broken catalog is a build error, so it fails at start
     */
    public static EventCatalog load(ObjectMapper mapper) {
        JsonNode catalog = read(mapper);
        if (!catalog.isArray()) {
            throw new IllegalStateException(RESOURCE + " must be a JSON array");
        }
        var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        var config = SchemaValidatorsConfig.builder()
                .locale(Locale.ENGLISH) // messages reach API clients; keep them independent of the host
                .formatAssertionsEnabled(true) // date and date-time fields are checked, not just annotated
                .errorMessageKeyword("errorMessage") // lets a schema word an error better than the library
                .build();
        var entries = new LinkedHashMap<String, Entry>();
        for (JsonNode node : catalog) {
            var type = new EventType(text(node, "name"), text(node, "description"), text(node, "subject"),
                    member(node, "schema"), member(node, "example"));
            if (!requiredText(type.schema(), type.subject())) {
                throw new IllegalStateException("the subject of " + type.name() + ", " + type.subject()
                        + ", must be a required string property of its schema");
            }
            var entry = new Entry(type, factory.getSchema(type.schema(), config));
            entry.firstViolation(type.example()).ifPresent(v -> {
                throw new IllegalStateException("the example of " + type.name() + " does not validate: " + v.message());
            });
            if (entries.putIfAbsent(type.name(), entry) != null) {
                throw new IllegalStateException(type.name() + " appears twice in " + RESOURCE);
            }
        }
        return new EventCatalog(entries);
    }

    /** Every event type, in catalog order. */
    public List<EventType> types() {
        return entries.values().stream().map(Entry::type).toList();
    }

    public Optional<EventType> find(String name) {
        return Optional.ofNullable(entries.get(Objects.requireNonNull(name, "name"))).map(Entry::type);
    }

    /**
     * What an event of this type is about: the value of its type's subject field in {@code data}.
     * Empty for a type the catalog does not have or data that lacks the field (never for data that
     * passed {@link #validate}).
     */
    public Optional<String> subjectOf(String type, JsonNode data) {
        Entry entry = entries.get(Objects.requireNonNull(type, "type"));
        if (entry == null || data == null) {
            return Optional.empty();
        }
        JsonNode value = data.get(entry.type().subject());
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static boolean requiredText(JsonNode schema, String field) {
        JsonNode property = schema.path("properties").path(field);
        boolean required = false;
        for (JsonNode name : schema.path("required")) {
            required |= name.asText().equals(field);
        }
        return required && "string".equals(property.path("type").asText());
    }

    public boolean contains(String name) {
        return entries.containsKey(Objects.requireNonNull(name, "name"));
    }

    /**
     * Checks that {@code data} is a valid payload for an event of {@code type}.
     *
     * @throws Invalid {@code unknown_event_type} (field {@code type}) if the catalog has no such type;
     *     {@code invalid_data} if {@code data} is not a JSON object or breaks the type's schema. Then the
     *     field is the first failing location as a dotted path from {@code data} ({@code data.experiment_id},
     *     {@code data.changes[0].field}), a missing property being reported at its own path
     */
    public void validate(String type, JsonNode data) {
        Entry entry = entries.get(Objects.requireNonNull(type, "type"));
        if (entry == null) {
            throw new Invalid("unknown_event_type", "'" + type + "' is not an event type in the catalog", "type");
        }
        if (data == null || !data.isObject()) {
            throw new Invalid("invalid_data", "data must be a JSON object", "data");
        }
        entry.firstViolation(data).ifPresent(v -> {
            throw new Invalid("invalid_data", v.message(), field(v.location()));
        });
    }

    private record Entry(EventType type, JsonSchema schema) {

        Optional<Violation> firstViolation(JsonNode data) {
            return schema.validate(data).stream().map(Violation::of).min(BY_LOCATION);
        }
    }

    /** One schema error, located at the value at fault: for a missing property, the property itself. */
    private record Violation(JsonNodePath location, String message) {

        static Violation of(ValidationMessage error) {
            if ("required".equals(error.getType())) {
                JsonNodePath missing = error.getInstanceLocation().append(error.getProperty());
                return new Violation(missing, field(missing) + " is required");
            }
            JsonNodePath location = error.getInstanceLocation();
            return new Violation(location, field(location) + ": " + error.getError());
        }
    }

    /** {@code data}, then {@code .name} per property and {@code [i]} per array index. */
    private static String field(JsonNodePath location) {
        var field = new StringBuilder("data");
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            field.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        return field.toString();
    }

    /** Element by element, array indexes numerically, a parent before its children. */
    private static int compare(JsonNodePath a, JsonNodePath b) {
        int common = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < common; i++) {
            Object x = a.getElement(i);
            Object y = b.getElement(i);
            int order = x instanceof Integer i1 && y instanceof Integer i2
                    ? Integer.compare(i1, i2)
                    : String.valueOf(x).compareTo(String.valueOf(y));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
    }

    private static JsonNode read(ObjectMapper mapper) {
        try (InputStream in = EventCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " cannot be read", e);
        }
    }

    private static JsonNode member(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw new IllegalStateException("an entry of " + RESOURCE + " has no object '" + name + "': " + node);
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException("an entry of " + RESOURCE + " has no text '" + name + "': " + node);
        }
        return value.asText();
    }
}
