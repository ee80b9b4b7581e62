package herald.receiving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.event.EventCatalog;
import herald.event.EventType;
import herald.receiver.Delivery;
import herald.receiver.Event;
import herald.receiver.WebhookReceiver;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * herald-receiver's typed events against the catalog Herald serves, so that neither can change without
 * the other: the same type names; for each type a record whose components are the schema's properties
 * in camel case, {@code Optional} exactly where the schema lets a property be absent or null, nested
 * objects and arrays of objects checked the same way, enums covering every value the schema allows;
 * and the catalog's example, in full and cut to its required fields, parsed into that record.
 */
class ReceiverCatalogTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<EventType> CATALOG = EventCatalog.load(JSON).types();

    @Test
    void theReceiverKnowsExactlyTheCatalogsTypes() {
        assertThat(Event.knownTypes()).containsExactlyInAnyOrderElementsOf(
                CATALOG.stream().map(EventType::name).toList());
        List<Class<?>> records = records(Event.class).stream().filter(c -> c != Event.Unknown.class).toList();
        assertThat(records).hasSameSizeAs(CATALOG);
    }

    @Test
    void everyCatalogExampleParsesIntoItsOwnRecordWhoseComponentsAreTheSchemasProperties() {
        Set<Class<?>> used = new HashSet<>();
        for (EventType type : CATALOG) {
            Event event = parse(type.name(), type.example()).event();
            assertThat(event).as(type.name()).isNotInstanceOf(Event.Unknown.class);
            assertThat(event.type()).isEqualTo(type.name());
            assertThat(used.add(event.getClass())).as("%s has a record of its own", type.name()).isTrue();
            List<String> problems = new ArrayList<>();
            compare(event.getClass(), type.schema(), "data", problems);
            assertThat(problems).as(type.name()).isEmpty();
        }
    }

    @Test
    void everyCatalogExampleCutToItsRequiredFieldsStillParses() {
        for (EventType type : CATALOG) {
            ObjectNode minimal = JSON.createObjectNode();
            type.schema().path("required").forEach(name -> minimal.set(name.asText(), type.example().get(name.asText())));
            Event event = parse(type.name(), minimal).event();
            assertThat(event.type()).as(type.name()).isEqualTo(type.name());
        }
    }

    static Delivery parse(String type, JsonNode data) {
        String body = "{\"id\":\"dlv_1\",\"eventId\":\"evt_1\",\"type\":\"" + type
                + "\",\"createdAt\":\"2026-11-29T10:00:00Z\",\"accountId\":\"acc_1\",\"data\":" + data + "}";
        return WebhookReceiver.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks one record against one object schema, recording every difference found. */
    private static void compare(Class<?> record, JsonNode schema, String where, List<String> problems) {
        Map<String, RecordComponent> components = Stream.of(record.getRecordComponents())
                .collect(Collectors.toMap(RecordComponent::getName, Function.identity()));
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        Set<String> matched = new HashSet<>();
        schema.path("properties").properties().forEach(property -> {
            String name = property.getKey();
            JsonNode propertySchema = property.getValue();
            RecordComponent component = components.get(camel(name));
            if (component == null) {
                problems.add(where + "." + name + ": " + record.getSimpleName() + " has no component " + camel(name));
                return;
            }
            matched.add(component.getName());
            boolean mayBeMissing = !required.contains(name) || nullable(propertySchema);
            boolean optional = OPTIONALS.contains(component.getType());
            if (mayBeMissing != optional) {
                problems.add(where + "." + name + ": " + (mayBeMissing ? "may be absent or null" : "is required")
                        + " but " + record.getSimpleName() + "." + component.getName() + " is " + component.getGenericType());
            }
            Class<?> valueType = valueType(component.getGenericType());
            if (valueType.isEnum()) {
                allowedValues(propertySchema).stream()
                        .filter(value -> Stream.of(valueType.getEnumConstants())
                                .noneMatch(constant -> constant.toString().equalsIgnoreCase(value)))
                        .forEach(value -> problems.add(where + "." + name + ": " + valueType.getSimpleName()
                                + " has no constant for '" + value + "'"));
            }
            if (propertySchema.has("properties")) {
                compare(valueType, propertySchema, where + "." + name, problems);
            }
            if (propertySchema.path("items").has("properties")) {
                compare(valueType, propertySchema.path("items"), where + "." + name + "[]", problems);
            }
        });
        components.keySet().stream().filter(name -> !matched.contains(name))
                .forEach(name -> problems.add(where + ": " + record.getSimpleName() + "." + name
                        + " is not a property of the schema"));
    }

    private static final Set<Class<?>> OPTIONALS = Set.of(Optional.class, OptionalDouble.class, OptionalLong.class);

    /** The type a component holds once Optional and List are unwrapped. */
    private static Class<?> valueType(Type type) {
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            if (raw == Optional.class || raw == List.class) {
                return valueType(generic.getActualTypeArguments()[0]);
            }
            return raw;
        }
        return (Class<?>) type;
    }

    private static boolean nullable(JsonNode schema) {
        JsonNode type = schema.path("type");
        return type.isArray() && Stream.iterate(0, i -> i < type.size(), i -> i + 1)
                .anyMatch(i -> type.get(i).asText().equals("null"));
    }

    private static List<String> allowedValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(value -> values.add(value.asText()));
        if (schema.has("const")) {
            values.add(schema.get("const").asText());
        }
        return values;
    }

    /** {@code experiment_id} to {@code experimentId}; names already in camel case stay. */
    static String camel(String snake) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    /** Every record reachable through the permitted subtypes of a sealed interface. */
    private static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                found.add(permitted);
            } else {
                found.addAll(records(permitted));
            }
        }
        return found;
    }
}
