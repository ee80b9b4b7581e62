package herald.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.event.Event;
import herald.event.EventCatalog;
import herald.event.EventType;
import herald.problem.Invalid;
import herald.webhook.Format;
import herald.webhook.Webhook;
import herald.delivery.SubjectSequence;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The body of a delivery in its webhook's format, and the rule that a webhook may only subscribe
 * to event types its format can express. Thread-safe: it holds only immutable values.
 */
public final class Formats {

    private final ObjectMapper mapper;
    private final Links links;

    /** @param dashboardUrl Herald's public base URL, for the links in chat messages */
    public Formats(ObjectMapper mapper, String dashboardUrl) {
        this.mapper = mapper;
        this.links = new Links(dashboardUrl);
    }

    /**
     * The body of one delivery of {@code event} to {@code webhook}. Subscriptions never include a
     * type the format cannot express, but a delivery queued before the webhook's format was changed
     * may: such a delivery goes out in the native envelope rather than as a body that would lie.
     */
    public byte[] body(String deliveryId, Event event, Webhook webhook) {
        return body(new Rendering(deliveryId, event, webhook, links, mapper));
    }

    /** The same, for a webhook that orders its deliveries: this one stands at {@code order}. */
    public byte[] body(String deliveryId, Event event, Webhook webhook, SubjectSequence order) {
        return body(new Rendering(deliveryId, event, webhook, links, mapper).ordered(order));
    }

    private static byte[] body(Rendering r) {
        PayloadFormat format = PayloadFormat.of(r.webhook().format());
        return (format.expresses(r.event().type()) ? format : new NativeFormat()).body(r);
    }

    /**
     * Refuses (422 {@code format_cannot_express}, naming the first such type) a subscription that
     * includes an event type the format cannot express; {@code *} includes every catalog type.
     */
    public static void requireExpressible(Format format, List<String> events, EventCatalog catalog) {
        PayloadFormat payload = PayloadFormat.of(format);
        List<String> wanted = events.contains(Webhook.ALL_EVENTS)
                ? catalog.types().stream().map(EventType::name).toList()
                : events;
        for (String type : wanted) {
            if (!payload.expresses(type)) {
                String can = catalog.types().stream().map(EventType::name).filter(payload::expresses)
                        .collect(Collectors.joining(", "));
                String field = events.contains(Webhook.ALL_EVENTS) ? "events"
                        : "events[" + events.indexOf(type) + "]";
                throw new Invalid("format_cannot_express", "format " + format.wireName() + " cannot express "
                        + type + "; it carries only " + can, field);
            }
        }
    }
}
