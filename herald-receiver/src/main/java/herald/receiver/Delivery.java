package herald.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One delivery's envelope: {@code {"id","eventId","type","createdAt","accountId","data"}}, plus
 * {@code subject} and {@code sequence} on a webhook with per-subject ordering.
 *
 * @param id the delivery id ({@code dlv_...}): the same on every retry and redeliver, so the key to de-duplicate by
 * @param eventId the event's id ({@code evt_...}): shared by the deliveries of one event to several webhooks
 * @param type the event type, e.g. {@code experiment.started}
 * @param createdAt when the event happened
 * @param accountId the Herald account the event belongs to
 * @param subject under per-subject ordering, what the event is about (e.g. an experiment id)
 * @param sequence under per-subject ordering, the event's number for this webhook and subject, +1 each event
 * @param event {@code data} as the typed event of {@code type}, or {@link Event.Unknown} for a type newer than this library
 * @param data {@code data} as sent, for fields newer than this library
 */
public record Delivery(String id, String eventId, String type, Instant createdAt, String accountId,
        Optional<String> subject, OptionalLong sequence, Event event, JsonNode data) {
}
