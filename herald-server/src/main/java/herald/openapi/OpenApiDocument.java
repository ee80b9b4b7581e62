package herald.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.event.EventCatalog;
import herald.event.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The document served at {@code /openapi.json}: the paths and components written in {@value #RESOURCE},
 * plus one OpenAPI 3.1 {@code webhooks} entry per event type, built from the event catalog so that the
 * catalog stays the one source of every event's schema and example.
 *
 * <p>The paths are a checked document rather than generated from the routes: Javalin 7 has no OpenAPI
 * plugin here, and a hand-written description says what code cannot (why a 409, what a field means).
 * {@code OpenApiDriftTest} holds it to the live route table and validates real responses against it.
 */
public final class OpenApiDocument {

    static final String RESOURCE = "/herald/openapi/openapi.json";

    private final byte[] json;

    private OpenApiDocument(byte[] json) {
        this.json = json;
    }

    /** @throws IllegalStateException when the resource is missing or not a JSON object: a build error */
    public static OpenApiDocument load(ObjectMapper mapper, EventCatalog catalog) {
        ObjectNode document = read(mapper);
        ObjectNode webhooks = document.putObject("webhooks");
        for (EventType type : catalog.types()) {
            webhooks.set(type.name(), delivery(mapper, type));
        }
        try {
            return new OpenApiDocument(mapper.writeValueAsBytes(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + RESOURCE, e);
        }
    }

    /** The document as served. */
    public byte[] json() {
        return json.clone();
    }

    /** The POST Herald makes for one event type: the envelope, with {@code data} as the catalog describes it. */
    private static ObjectNode delivery(ObjectMapper mapper, EventType type) {
        ObjectNode post = mapper.createObjectNode();
        post.put("operationId", "deliver_" + type.name().replace('.', '_'));
        post.put("summary", type.name());
        post.put("description", type.description());
        post.putArray("tags").add("Event types");
        post.putArray("security");
        ArrayNode parameters = post.putArray("parameters");
        for (String header : new String[] {"XHeraldEvent", "XHeraldDelivery", "XHeraldSignature", "WebhookIdHeader",
                "WebhookTimestamp", "WebhookSignature"}) {
            parameters.addObject().put("$ref", "#/components/parameters/" + header);
        }
        ObjectNode data = schemaOfData(type);
        ObjectNode body = mapper.createObjectNode();
        ArrayNode allOf = body.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/Envelope");
        ObjectNode specific = allOf.addObject();
        specific.put("type", "object");
        ObjectNode properties = specific.putObject("properties");
        properties.putObject("type").put("const", type.name());
        properties.set("data", data);
        ObjectNode media = post.putObject("requestBody").put("required", true)
                .putObject("content").putObject("application/json");
        media.set("schema", body);
        media.set("example", envelope(mapper, type.name(), type.example()));
        post.putObject("responses").putObject("2XX").put("description",
                "Any 2xx within 10 s is a success; anything else (or a redirect, a timeout) is retried.");
        ObjectNode item = mapper.createObjectNode();
        item.set("post", post);
        return item;
    }

    /**
     * The catalog's schema of {@code data} as an OpenAPI 3.1 schema: without {@code $schema} (the document's
     * {@code jsonSchemaDialect} says it once) and without {@code errorMessage}, Herald's own wording of
     * validation errors, which OpenAPI tools refuse as an unknown keyword.
     */
    static ObjectNode schemaOfData(EventType type) {
        ObjectNode data = type.schema().deepCopy();
        data.remove("$schema");
        data.findParents("errorMessage").forEach(parent -> ((ObjectNode) parent).remove("errorMessage"));
        return data;
    }

    /** A delivery's body in the {@code native} format, with example ids. */
    static ObjectNode envelope(ObjectMapper mapper, String type, JsonNode data) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("id", "dlv_01JD0Q5C6D7E8F9G0H1J2K3M4N");
        envelope.put("eventId", "evt_01JD0Q4B5C6D7E8F9G0H1J2K3M");
        envelope.put("type", type);
        envelope.put("createdAt", "2026-11-29T10:15:30.123Z");
        envelope.put("accountId", "acc_01JD0Q2M3N4P5R6S7T8V9W0XYZ");
        envelope.set("data", data.deepCopy());
        return envelope;
    }

    private static ObjectNode read(ObjectMapper mapper) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            if (!(mapper.readTree(in) instanceof ObjectNode document)) {
                throw new IllegalStateException(RESOURCE + " must be a JSON object");
            }
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }
}
