package herald.delivery;

import herald.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds the body of a delivery in the {@code native} format:
 * {@code {"id","eventId","type","createdAt","accountId","data"}}. The body depends only on the
 * delivery id and the stored event, so every retry and every redelivery sends identical bytes.
 */
public final class Envelope {

    private Envelope() {}

    public static byte[] nativeBody(String deliveryId, Event event) {
        // Ids, type and timestamp are Herald-generated and contain no characters JSON must escape;
        // data is the JSON text stored at publish time, inserted verbatim.
        String body = "{\"id\":\"" + deliveryId
                + "\",\"eventId\":\"" + event.id()
                + "\",\"type\":\"" + event.type()
                + "\",\"createdAt\":\"" + Instant.ofEpochMilli(event.createdAt())
                + "\",\"accountId\":\"" + event.accountId()
                + "\",\"data\":" + event.data() + "}";
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
