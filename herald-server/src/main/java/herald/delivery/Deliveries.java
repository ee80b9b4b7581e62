package herald.delivery;

import herald.Wakeup;
import herald.account.Account;
import herald.db.Database;
import herald.problem.BadRequest;
import herald.problem.Conflict;
import herald.problem.NotFound;
import herald.webhook.WebhookStore;
import herald.webhook.Webhooks;
import java.util.List;
import java.util.Optional;

/** Delivery history and redelivery, as an account sees them. */
public final class Deliveries {

    /** A delivery with every attempt made of it. */
    public record Detail(Delivery delivery, List<Attempt> attempts) {}

    private final Database db;
    private final DeliveryStore store;
    private final WebhookStore webhooks;
    private final Wakeup signal;
    private final java.time.Clock clock;

    public Deliveries(Database db, DeliveryStore store, WebhookStore webhooks, Wakeup signal,
                      java.time.Clock clock) {
        this.db = db;
        this.store = store;
        this.webhooks = webhooks;
        this.signal = signal;
        this.clock = clock;
    }

    public List<Delivery> ofWebhook(Account account, String webhookId, Optional<String> status,
                                    Optional<String> eventType, Optional<String> after, int limit) {
        Webhooks.requireEntitled(account);
        Optional<Status> wanted = status.map(s -> Status.parse(s).orElseThrow(() -> new BadRequest("invalid_parameter",
                "status must be one of pending, success, failed, dead", "status")));
        return db.read(tx -> {
            webhooks.find(tx, account.id(), webhookId)
                    .orElseThrow(() -> new NotFound("not_found", "no webhook " + webhookId));
            return store.listOfWebhook(tx, webhookId, wanted, eventType, after, limit);
        });
    }

    public Detail find(Account account, String id) {
        Webhooks.requireEntitled(account);
        return db.read(tx -> {
            Delivery delivery = store.find(tx, account.id(), id).orElseThrow(() -> notFound(id));
            return new Detail(delivery, store.attempts(tx, id));
        });
    }

    /**
     * Queues the delivery again: same id, same payload, a fresh round of attempts. A 409 while it
     * is still pending (it will be attempted anyway).
     */
    public Delivery redeliver(Account account, String id) {
        Webhooks.requireEntitled(account);
        return db.write(tx -> {
            Delivery delivery = store.find(tx, account.id(), id).orElseThrow(() -> notFound(id));
            boolean held = webhooks.find(tx, account.id(), delivery.webhookId()).map(w -> !w.enabled()).orElse(true);
            if (!store.requeue(tx, id, held, clock.millis())) {
                throw new Conflict("delivery_pending", "delivery " + id + " is still pending; it will be attempted");
            }
            if (!held) {
                signal.wakeAfterCommit(tx);
            }
            return store.find(tx, account.id(), id).orElseThrow(() -> notFound(id));
        });
    }

    /**
     * Attempts to the webhook that succeeded and failed since {@code since}, per period of
     * {@code periodMillis}; periods without attempts are absent.
     */
    public List<DeliveryStore.Tally> activity(Account account, String webhookId, long since, long periodMillis) {
        Webhooks.requireEntitled(account);
        return db.read(tx -> {
            webhooks.find(tx, account.id(), webhookId)
                    .orElseThrow(() -> new NotFound("not_found", "no webhook " + webhookId));
            return store.tallies(tx, webhookId, since, periodMillis);
        });
    }

    private static NotFound notFound(String id) {
        return new NotFound("not_found", "no delivery " + id);
    }

}
