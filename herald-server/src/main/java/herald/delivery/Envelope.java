package herald.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import herald.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Builds the body of a delivery in the {@code native} format:
 * {@code {"id","eventId","type","createdAt","accountId","data"}}, with {@code "subject","sequence"}
 * before {@code data} when the webhook orders its deliveries. The body depends only on the delivery
 * and the stored event, so every retry and every redelivery sends identical bytes.
 */
public final class Envelope {

    private Envelope() {}

    public static byte[] nativeBody(String deliveryId, Event event, Optional<SubjectSequence> order) {
        // Ids, type and timestamp are Herald-generated and contain no characters JSON must escape;
        // data is the JSON text stored at publish time, inserted verbatim.
        String body = "{\"id\":\"" + deliveryId
                + "\",\"eventId\":\"" + event.id()
                + "\",\"type\":\"" + event.type()
                + "\",\"createdAt\":\"" + Instant.ofEpochMilli(event.createdAt())
                + "\",\"accountId\":\"" + event.accountId() + "\""
                + order.map(o -> ",\"subject\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(o.subject()))
                        + "\",\"sequence\":" + o.sequence()).orElse("")
                + ",\"data\":" + event.data() + "}";
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
