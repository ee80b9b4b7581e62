package herald.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import herald.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds the body of a delivery in the {@code native} format:
 * {@code {"id","eventId","type","createdAt","accountId","data"}}, with {@code "subject","sequence"}
 * before {@code data} when the webhook orders its deliveries. The body depends only on the delivery
 * and the stored event, so every retry and every redelivery sends identical bytes.
 */
public final class Envelope {

    private Envelope() {}

    /** The body of a delivery to a webhook that does not order its deliveries. */
    public static byte[] nativeBody(String deliveryId, Event event) {
        return nativeBody(deliveryId, event, "");
    }

    /** The body of a delivery to an ordering webhook: its subject and sequence stand before {@code data}. */
    public static byte[] nativeBody(String deliveryId, Event event, SubjectSequence order) {
        return nativeBody(deliveryId, event, ",\"subject\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(order.subject()))
                + "\",\"sequence\":" + order.sequence());
    }

    private static byte[] nativeBody(String deliveryId, Event event, String orderFields) {
        // Ids, type and timestamp are Herald-generated and contain no characters JSON must escape;
        // data is the JSON text stored at publish time, inserted verbatim.
        String body = "{\"id\":\"" + deliveryId
                + "\",\"eventId\":\"" + event.id()
                + "\",\"type\":\"" + event.type()
                + "\",\"createdAt\":\"" + Instant.ofEpochMilli(event.createdAt())
                + "\",\"accountId\":\"" + event.accountId() + "\""
                + orderFields
                + ",\"data\":" + event.data() + "}";
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
