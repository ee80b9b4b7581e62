package herald.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the event catalog, as {@code GET /v1/event-types} lists it.
 *
 * <p>{@code schema} is the JSON Schema (draft 2020-12) of the event's {@code data} object and {@code example}
 * a {@code data} object that validates against it. {@code subject} names the field of {@code data} that says
 * what the event is about ({@code experiment_id}, {@code flag_id}, {@code user_id}, {@code webhook_id}): a
 * webhook with {@code "ordering": "per_subject"} gets the events about one subject one at a time, in order. Both nodes are shared by every reader of the catalog:
 * treat them as read-only.
 */
public record EventType(String name, String description, String subject, JsonNode schema, JsonNode example) {}
