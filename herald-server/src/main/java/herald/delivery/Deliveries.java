package herald.delivery;

import herald.account.Account;
import herald.account.Caller;
import herald.audit.AuditLog;
import herald.db.Database;
import herald.loop.Wakeup;
import herald.page.PageRequest;
import herald.problem.Conflict;
import herald.problem.Invalid;
import herald.problem.NotFound;
import herald.webhook.WebhookId;
import herald.webhook.WebhookStore;
import herald.webhook.Webhooks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivery history, redelivery and bulk recovery, as an account sees them. The history can be read
 * on every plan, so that an account moved to {@code free} sees its deliveries wait and why; what
 * sends anything (redelivery, recovery) needs a plan with webhooks.
 */
public final class Deliveries {

    /** A delivery with every attempt made of it. */
    public record Detail(Delivery delivery, List<Attempt> attempts) {}

    private final Database db;
    private final DeliveryStore store;
    private final WebhookStore webhooks;
    private final Wakeup signal;
    private final AuditLog audit;
    private final java.time.Clock clock;

    /** How many deliveries one transaction of a recovery requeues: small enough never to hold the writer long. */
    static final int RECOVERY_BATCH = 500;

    public Deliveries(Database db, DeliveryStore store, WebhookStore webhooks, Wakeup signal, AuditLog audit,
                      java.time.Clock clock) {
        this.db = db;
        this.audit = audit;
        this.store = store;
        this.webhooks = webhooks;
        this.signal = signal;
        this.clock = clock;
    }

    /** A page of the webhook's history, newest first, that the filter keeps; 404 if not the account's webhook. */
    public List<Delivery> ofWebhook(Account account, WebhookId webhookId, DeliveryFilter filter, PageRequest page) {
        return db.read(tx -> {
            webhooks.find(tx, account.id(), webhookId)
                    .orElseThrow(() -> new NotFound("not_found", "no webhook " + webhookId));
            return store.listOfWebhook(tx, webhookId, filter, page);
        });
    }

    /** A page of the account's deliveries across its webhooks, newest first, that the filter keeps. */
    public List<Delivery> ofAccount(Account account, DeliveryFilter filter, PageRequest page) {
        return db.read(tx -> store.listOfAccount(tx, account.id(), filter, page));
    }

    /** {@link #recover(Caller, WebhookId, Instant, Instant)} up to now. */
    public long recover(Caller caller, WebhookId webhookId, Instant since) {
        return recover(caller, webhookId, since, clock.instant());
    }

    /**
     * Gives every failed or dead delivery of the webhook created in {@code [since, until)} a fresh
     * round of attempts, same ids, in creation order (a delivery being attempted right now is left to
     * that attempt). Runs in transactions of {@value #RECOVERY_BATCH}, waking the dispatcher after
     * each, so the first deliveries go out while later ones are still being requeued, the database is
     * never held for long, and a recovery of any size needs the memory of one batch. Audited with the
     * window and the count. Returns how many deliveries were requeued.
     *
     * <p>Order: each delivery becomes due at its creation time, or 1 ms after the one before it if
     * that is later. The times are past (or within a millisecond per delivery of the newest), so the
     * dispatcher takes them at once, and strictly increasing, so it takes them in id order, which is
     * creation order, on either database.
     */
    public long recover(Caller caller, WebhookId webhookId, Instant since, Instant until) {
        Account account = caller.account();
        Webhooks.requireEntitled(account);
        long from = since.toEpochMilli();
        long to = until.toEpochMilli();
        if (to <= from) {
            throw new Invalid("invalid_window", "until must be after since", "until");
        }
        db.read(tx -> webhooks.find(tx, account.id(), webhookId))
                .orElseThrow(() -> new NotFound("not_found", "no webhook " + webhookId));
        long count = 0;
        String after = "";
        long lastDue = Long.MIN_VALUE;
        while (true) {
            String cursor = after;
            long floor = lastDue;
            List<DeliveryStore.Recoverable> batch = db.write(tx -> {
                // Read with each batch: the webhook may be disabled, enabled or deleted meanwhile.
                Optional<Boolean> held = webhooks.find(tx, account.id(), webhookId).map(w -> !w.enabled());
                if (held.isEmpty()) {
                    return List.<DeliveryStore.Recoverable>of();
                }
                List<DeliveryStore.Recoverable> rows = store.recoverable(tx, webhookId, from, to, cursor, RECOVERY_BATCH);
                store.requeueAt(tx, rows, dues(rows, floor), held.get());
                if (!rows.isEmpty() && !held.get()) {
                    signal.wakeAfterCommit(tx);
                }
                return rows;
            });
            count += batch.size();
            if (batch.size() < RECOVERY_BATCH) {
                break;
            }
            after = batch.getLast().id().value();
            lastDue = dues(batch, floor).get(batch.getLast().id());
        }
        long recovered = count;
        db.write(tx -> {
            audit.record(tx, account.id(), caller.auditName(), "webhook.recovered", webhookId.value(), Map.of(
                    "since", since.toString(), "until", Instant.ofEpochMilli(to).toString(), "count", recovered));
            return null;
        });
        return recovered;
    }

    /** Strictly increasing due times, each at least the delivery's creation time; see {@link #recover}. */
    static Map<DeliveryId, Long> dues(List<DeliveryStore.Recoverable> rows, long floor) {
        Map<DeliveryId, Long> dues = new java.util.LinkedHashMap<>();
        long last = floor;
        for (DeliveryStore.Recoverable row : rows) {
            last = Math.max(row.createdAt(), last == Long.MIN_VALUE ? Long.MIN_VALUE : last + 1);
            dues.put(row.id(), last);
        }
        return dues;
    }

    public Detail find(Account account, DeliveryId id) {
        return db.read(tx -> {
            Delivery delivery = store.find(tx, account.id(), id).orElseThrow(() -> notFound(id));
            return new Detail(delivery, store.attempts(tx, id));
        });
    }

    /**
     * Queues the delivery again: same id, same payload, a fresh round of attempts. A 409 while it
     * is still pending (it will be attempted anyway).
     */
    public Delivery redeliver(Account account, DeliveryId id) {
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
    public List<DeliveryStore.Tally> activity(Account account, WebhookId webhookId, long since, long periodMillis) {
        Webhooks.requireEntitled(account);
        return db.read(tx -> {
            webhooks.find(tx, account.id(), webhookId)
                    .orElseThrow(() -> new NotFound("not_found", "no webhook " + webhookId));
            return store.tallies(tx, webhookId, since, periodMillis);
        });
    }

    private static NotFound notFound(Object id) {
        return new NotFound("not_found", "no delivery " + id);
    }

}
