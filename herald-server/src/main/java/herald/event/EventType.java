package herald.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the event catalog, as {@code GET /v1/event-types} lists it.
 *
 * <p>{@code schema} is the JSON Schema (draft 2020-12) of the event's {@code data} object and {@code example}
 * a {@code data} object that validates against it. Both nodes are shared by every reader of the catalog:
 * treat them as read-only.
 */
public record EventType(String name, String description, JsonNode schema, JsonNode example) {}
