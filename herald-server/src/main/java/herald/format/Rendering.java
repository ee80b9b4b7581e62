package herald.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.delivery.SubjectSequence;
import herald.event.Event;
import java.util.Optional;
import herald.webhook.Webhook;

/**
 * What a body is made from: the delivery's id, the stored event, the webhook it goes to, and where
 * the dashboard is (for the links of chat messages). The event's {@code data} is parsed only when a
 * format asks for it, so the native envelope, which copies the stored text, never pays for parsing.
 * Used by one attempt's thread only.
 */
final class Rendering {

    private final String deliveryId;
    private final Event event;
    private final Webhook webhook;
    private final Links links;
    private final ObjectMapper mapper;
    private Optional<SubjectSequence> order = Optional.empty();
    private JsonNode data;

    Rendering(String deliveryId, Event event, Webhook webhook, Links links, ObjectMapper mapper) {
        this.deliveryId = deliveryId;
        this.event = event;
        this.webhook = webhook;
        this.links = links;
        this.mapper = mapper;
    }

    String deliveryId() {
        return deliveryId;
    }

    /** The delivery's subject and sequence, when its webhook orders deliveries. */
    Optional<SubjectSequence> order() {
        return order;
    }

    /** Marks the delivery as one of an ordering webhook's, at {@code order} among its subject's. */
    Rendering ordered(SubjectSequence order) {
        this.order = Optional.of(order);
        return this;
    }

    Event event() {
        return event;
    }

    Webhook webhook() {
        return webhook;
    }

    Links links() {
        return links;
    }

    /** The event's data, parsed on first use. */
    JsonNode data() {
        if (data == null) {
            try {
                data = mapper.readTree(event.data());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored event data is JSON Herald validated", e);
            }
        }
        return data;
    }

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
        JsonNode value = data().get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : "";
    }
}
