package herald.receiver;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads the envelope of a delivery body and the typed event inside it. */
final class EnvelopeReader {

    /** Configured once and never changed: Jackson's mapper is then safe to share between threads. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EnvelopeReader() {}

    static Delivery read(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedPayloadException("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedPayloadException("the body cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedPayloadException("the body is empty");
        }
        Fields envelope = new Fields(root, "");
        String type = envelope.text("type");
        Fields data = envelope.object("data");
        Event event = EventReader.read(type, data).orElseGet(() -> new Event.Unknown(type, root.get("data")));
        return new Delivery(envelope.text("id"), envelope.text("eventId"), type, envelope.instant("createdAt"),
                envelope.text("accountId"), envelope.optionalText("subject"), envelope.optionalInteger("sequence"),
                event, root.get("data"));
    }
}
