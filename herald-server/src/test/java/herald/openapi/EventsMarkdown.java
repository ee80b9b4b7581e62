package herald.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.docs.MarkdownPages;
import herald.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes docs/events.md from the event catalog: an index, then a section per event type with its
 * {@code data} in words (every field, nested ones by dotted path) and an example delivery body.
 */
final class EventsMarkdown {

    private final ObjectMapper mapper;

    EventsMarkdown(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String render(List<EventType> types) {
        StringBuilder out = new StringBuilder("""
                # Event types

                <!-- Generated from the event catalog (herald-server/src/main/resources/herald/event/catalog.json).
                     Do not edit: change the catalog, then run
                     ./mvnw -q -pl herald-server test -Dtest=EventsDocTest -Dherald.docs.write=true -->

                Every event Herald can deliver, from its catalog: the same schemas and examples are served by
                `GET /v1/event-types` and, as OpenAPI 3.1 `webhooks`, by `GET /openapi.json`. A webhook subscribes to
                event names (or `"*"`); each delivery is one `POST` whose body is the envelope below, in the `native`
                format ([concepts.md](concepts.md#formats) for the others), signed as [getting-started.md](getting-started.md)
                shows.

                ```json
                {"id":"dlv_...","eventId":"evt_...","type":"<event type>","createdAt":"<RFC 3339>","accountId":"acc_...","data":{...}}
                ```

                `id` is the delivery id, the same on every retry; `data` is described per type below. Fields marked
                required are always present; receivers should ignore fields they do not know, since Herald may add some.
                A webhook with `"ordering": "per_subject"` gets the events about one subject (the field of `data` named
                below) one at a time, in order, and its envelope carries `"subject"` and `"sequence"` before `data`
                (see [receiving.md](receiving.md#ordered-delivery)).

                | event | subject | fires when |
                |---|---|---|
                """);
        for (EventType type : types) {
            out.append("| [`").append(type.name()).append("`](#").append(MarkdownPages.anchor(type.name())).append(") | `")
                    .append(type.subject()).append("` | ").append(cell(type.description())).append(" |\n");
        }
        for (EventType type : types) {
            out.append("\n## ").append(type.name()).append("\n\n").append(type.description()).append("\n\n");
            List<String[]> rows = new ArrayList<>();
            fields(type.schema(), "", rows);
            if (rows.isEmpty()) {
                out.append("`data` has no fields of its own.\n");
            } else {
                out.append("| field of `data` | type | required | meaning |\n|---|---|---|---|\n");
                for (String[] row : rows) {
                    out.append("| `").append(row[0]).append("` | ").append(row[1]).append(" | ").append(row[2])
                            .append(" | ").append(cell(row[3])).append(" |\n");
                }
            }
            rules(type.schema()).forEach(rule -> out.append("\n").append(rule).append("\n"));
            out.append("\nExample body:\n\n```json\n").append(pretty(OpenApiDocument.envelope(mapper, type.name(),
                    type.example()))).append("\n```\n");
        }
        return out.toString();
    }

    private void fields(JsonNode schema, String prefix, List<String[]> rows) {
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        schema.path("properties").properties().forEach(property -> {
            String path = prefix + property.getKey();
            JsonNode field = property.getValue();
            rows.add(new String[] {path, type(field), required.contains(property.getKey()) ? "yes" : "no",
                    field.path("description").asText("")});
            if (field.has("properties")) {
                fields(field, path + ".", rows);
            }
            if (field.path("items").has("properties")) {
                fields(field.path("items"), path + "[].", rows);
            }
        });
    }

    /** A field's type in words: {@code string (date-time)}, {@code one of `a`, `b`}, {@code array of string}. */
    private static String type(JsonNode field) {
        if (field.has("const")) {
            return "always `" + field.path("const").asText() + "`";
        }
        if (field.has("enum")) {
            List<String> values = new ArrayList<>();
            field.path("enum").forEach(v -> values.add("`" + (v.isNull() ? "null" : v.asText()) + "`"));
            return "one of " + String.join(", ", values);
        }
        String type;
        JsonNode declared = field.path("type");
        if (declared.isArray()) {
            List<String> names = new ArrayList<>();
            declared.forEach(t -> names.add(t.asText()));
            type = String.join(" or ", names);
        } else {
            type = declared.asText("any");
        }
        if (field.has("items")) {
            type += " of " + type(field.path("items"));
        }
        List<String> details = new ArrayList<>();
        if (field.has("format")) {
            details.add(field.path("format").asText());
        }
        if (field.has("pattern")) {
            details.add("matching `" + field.path("pattern").asText().replace("|", "\\|") + "`");
        }
        if (field.has("minimum")) {
            details.add("≥ " + field.path("minimum").asText());
        }
        if (field.has("maximum")) {
            details.add("≤ " + field.path("maximum").asText());
        }
        if (field.path("minLength").asInt() > 0) {
            details.add("not empty");
        }
        if (field.path("minItems").asInt() > 0) {
            details.add("at least " + field.path("minItems").asInt());
        }
        return details.isEmpty() ? type : type + " (" + String.join(", ", details) + ")";
    }

    /** Rules that are not one field's: "exactly one of", and conditions. */
    private static List<String> rules(JsonNode schema) {
        List<String> rules = new ArrayList<>();
        if (schema.has("oneOf")) {
            List<String> names = new ArrayList<>();
            schema.path("oneOf").forEach(branch -> branch.path("required").forEach(n -> names.add("`" + n.asText() + "`")));
            rules.add("Exactly one of " + String.join(", ", names) + " is present.");
        }
        schema.path("properties").properties().forEach(property -> {
            if (property.getValue().has("if")) {
                rules.add("`" + property.getKey() + "` has conditional rules: see its schema in `GET /v1/event-types`.");
            }
        });
        return rules;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private String pretty(JsonNode node) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
