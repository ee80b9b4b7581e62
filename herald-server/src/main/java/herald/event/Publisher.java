package herald.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.AccountId;
import herald.db.Tx;
import herald.delivery.DeliveryId;
import herald.delivery.DeliveryStore;
import herald.delivery.Handoff;
import herald.loop.Wakeup;
import herald.webhook.Subscriptions;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishes events: stores the event and, in the same transaction, one pending delivery for every
 * enabled webhook of the account that wants it (the outbox). Deliveries this node's dispatcher has
 * room for are inserted leased to it and handed over once the transaction has committed (the fast
 * path, {@link Handoff}); the others are left due, and the dispatcher is woken to claim them. A
 * webhook that orders its deliveries gets each at the back of its subject's queue
 * ({@link DeliveryStore#insertOrdered}). Every
 * change that emits an event calls this inside its own transaction.
 */
public final class Publisher {

    /** A published event and how many deliveries it fanned out to. */
    public record Published(Event event, int deliveries, boolean replayed) {}

    private final Subscriptions subscriptions;
    private final EventCatalog catalog;
    private final EventStore events;
    private final DeliveryStore deliveries;
    private final Handoff handoff;
    private final Wakeup signal;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Publisher(Subscriptions subscriptions, EventCatalog catalog, EventStore events, DeliveryStore deliveries,
                     Handoff handoff, Wakeup signal, ObjectMapper mapper, Clock clock) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.events = events;
        this.deliveries = deliveries;
        this.handoff = handoff;
        this.signal = signal;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Stores an event of Herald's own (it has no idempotency key) and its deliveries. */
    public Published publish(Tx tx, AccountId accountId, String type, JsonNode data) {
        return publish(tx, accountId, new Events.Publication(type, data, Optional.empty()), json(data));
    }

    /**
     * Stores the event and its deliveries, with its {@code data} already written as JSON text
     * ({@code dataJson}), as the API has it. With an idempotency key already used by this account,
     * returns the first event and creates nothing.
     */
    public Published publish(Tx tx, AccountId accountId, Events.Publication publication, String dataJson) {
        Optional<Event> first = publication.idempotencyKey()
                .flatMap(key -> events.findByIdempotencyKey(tx, accountId, key));
        if (first.isPresent()) {
            return new Published(first.get(), 0, true);
        }
        String type = publication.type();
        JsonNode data = publication.data();
        Event event = store(tx, accountId, publication, dataJson);
        List<Webhook> local = new ArrayList<>();
        List<WebhookId> queued = new ArrayList<>();
        List<WebhookId> ordered = new ArrayList<>();
        Optional<String> subject = catalog.subjectOf(type, data);
        for (Webhook webhook : subscriptions.enabledOf(tx, accountId)) {
            if (webhook.wants(type, data)) {
                if (webhook.ordered() && subject.isPresent()) {
                    ordered.add(webhook.id());
                } else if (handoff.takes(webhook)) {
                    local.add(webhook);
                } else {
                    queued.add(webhook.id());
                }
            }
        }
        if (!local.isEmpty()) {
            List<DeliveryStore.Claim> claims = deliveries.insertLeased(tx, event,
                    local.stream().map(Webhook::id).toList(), handoff.owner(), handoff.leaseUntil(event.createdAt()),
                    event.createdAt());
            tx.afterCommit(() -> handoff.hand(event, local, claims));
        }
        if (!ordered.isEmpty()) {
            deliveries.insertOrdered(tx, event, ordered, subject.get(), false, event.createdAt());
        }
        if (!queued.isEmpty()) {
            deliveries.insertPending(tx, event, queued, false, event.createdAt());
        }
        if (!queued.isEmpty() || !ordered.isEmpty()) {
            signal.wakeAfterCommit(tx);
        }
        return new Published(event, local.size() + queued.size() + ordered.size(), false);
    }

    /**
     * Stores an event meant for one webhook alone, whatever its filter (a test ping). Held, like
     * any other delivery, while the webhook is disabled. Returns the delivery id.
     */
    public DeliveryId publishTo(Tx tx, Webhook webhook, String type, JsonNode data) {
        Event event = store(tx, webhook.accountId(), new Events.Publication(type, data, Optional.empty()), json(data));
        Optional<String> subject = webhook.ordered() ? catalog.subjectOf(type, data) : Optional.empty();
        List<DeliveryId> ids = subject.isPresent()
                ? deliveries.insertOrdered(tx, event, List.of(webhook.id()), subject.get(), !webhook.enabled(),
                        event.createdAt())
                : deliveries.insertPending(tx, event, List.of(webhook.id()), !webhook.enabled(), event.createdAt());
        signal.wakeAfterCommit(tx);
        return ids.getFirst();
    }

    /** The JSON text of a tree, as stored and sent. */
    public String json(JsonNode data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }

    private Event store(Tx tx, AccountId accountId, Events.Publication publication, String json) {
        Event event = new Event(EventId.next(clock), accountId, publication.type(), json,
                publication.idempotencyKey(), clock.millis());
        events.insert(tx, event);
        return event;
    }
}
