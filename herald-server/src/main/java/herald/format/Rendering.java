package herald.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.event.Event;
import herald.webhook.Webhook;

/**
 * What a body is made from: the delivery's id, the stored event with its {@code data} parsed, the
 * webhook it goes to, and where the dashboard is (for the links of chat messages).
 */
record Rendering(String deliveryId, Event event, JsonNode data, Webhook webhook, Links links, ObjectMapper mapper) {

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree Herald built must serialize", e);
        }
    }

    /** A text field of the event's data, empty when absent or not text. */
    String text(String field) {
        JsonNode value = data.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : "";
    }
}
