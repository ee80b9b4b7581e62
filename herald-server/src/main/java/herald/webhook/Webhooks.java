package herald.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.Account;
import herald.account.AccountId;
import herald.account.Caller;
import herald.audit.AuditLog;
import herald.db.Database;
import herald.db.Tx;
import herald.delivery.DeliveryId;
import herald.delivery.DeliveryStore;
import herald.event.EventCatalog;
import herald.event.Publisher;
import herald.format.Formats;
import herald.loop.Wakeup;
import herald.page.PageRequest;
import herald.problem.BadRequest;
import herald.problem.Conflict;
import herald.problem.Forbidden;
import herald.problem.Invalid;
import herald.problem.NotFound;
import herald.wire.WireName;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhook subscriptions of an account: their life cycle, secrets and test pings. */
public final class Webhooks {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Webhooks.class);

    public static final long MAX_GRACE_SECONDS = 7 * 24 * 3600;

    private final Database db;
    private final WebhookStore store;
    private final DeliveryStore deliveries;
    private final Publisher publisher;
    private final EventCatalog catalog;
    private final AddressPolicy policy;
    private final Wakeup signal;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int maxPerAccount;

    /** @param maxPerAccount how many webhooks one account may have ({@code HERALD_MAX_WEBHOOKS_PER_ACCOUNT}) */
    public Webhooks(Database db, WebhookStore store, DeliveryStore deliveries, Publisher publisher, EventCatalog catalog,
                    AddressPolicy policy, Wakeup signal, AuditLog audit, ObjectMapper mapper, Clock clock,
                    int maxPerAccount) {
        this.db = db;
        this.store = store;
        this.deliveries = deliveries;
        this.publisher = publisher;
        this.catalog = catalog;
        this.policy = policy;
        this.signal = signal;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
        this.maxPerAccount = maxPerAccount;
    }

    /** Webhooks are a growth-and-above feature: a 403 plan_required otherwise. */
    public static void requireEntitled(Account account) {
        if (!account.plan().allowsWebhooks()) {
            throw new Forbidden("plan_required", "webhooks need the growth plan or above; this account is on "
                    + account.plan().wireName());
        }
    }

    public Webhook create(Caller caller, WebhookRequest unchecked) {
        Account account = caller.account();
        requireEntitled(account);
        WebhookRequest request = unchecked.valid(catalog, policy);
        String url = request.url().orElseThrow(() -> new BadRequest("missing_field", "'url' is required", "url"));
        List<String> events = request.events().orElseThrow(() ->
                new BadRequest("missing_field", "'events' is required: event type names, or [\"*\"] for all", "events"));
        Format format = request.format().orElse(Format.NATIVE);
        Formats.requireExpressible(format, events, catalog);
        long now = clock.millis();
        Webhook.Builder created = Webhook.builder().id(WebhookId.next(clock)).accountId(account.id()).url(url).events(events)
                .format(format)
                .ordering(request.ordering().orElse(Ordering.NONE))
                .secret(SigningSecret.generate()).createdAt(now).updatedAt(now);
        request.limit().flatMap(limit -> limit).ifPresent(created::rateLimit);
        request.description().ifPresent(created::description);
        request.projects().ifPresent(created::projects);
        request.environments().ifPresent(created::environments);
        request.headers().map(sent -> CustomHeaders.resolve(sent, Map.of())).ifPresent(created::headers);
        Webhook webhook = created.build();
        return db.write(tx -> {
            if (store.countOf(tx, account.id()) >= maxPerAccount) {
                throw new Conflict("limit_reached", "an account may have at most " + maxPerAccount + " webhooks");
            }
            store.insert(tx, webhook);
            audit.record(tx, account.id(), caller.auditName(), "webhook.created", webhook.id().value(),
                    Map.of("url", url, "events", events));
            return webhook;
        });
    }

    public Webhook find(Account account, WebhookId id) {
        requireEntitled(account);
        return db.read(tx -> store.find(tx, account.id(), id)).orElseThrow(() -> notFound(id));
    }

    public List<Webhook> list(Account account, PageRequest page) {
        requireEntitled(account);
        return db.read(tx -> store.list(tx, account.id(), page));
    }

    public Webhook update(Caller caller, WebhookId id, WebhookRequest unchecked) {
        Account account = caller.account();
        requireEntitled(account);
        WebhookRequest r = unchecked.valid(catalog, policy);
        return db.write(tx -> {
            Webhook w = existing(tx, account, id);
            Webhook.Builder edited = w.toBuilder().updatedAt(clock.millis());
            r.url().ifPresent(edited::url);
            r.description().ifPresent(edited::description);
            r.events().ifPresent(edited::events);
            r.projects().ifPresent(edited::projects);
            r.environments().ifPresent(edited::environments);
            r.format().ifPresent(edited::format);
            r.headers().map(sent -> CustomHeaders.resolve(sent, w.headers())).ifPresent(edited::headers);
            r.limit().ifPresent(limit -> limit.ifPresentOrElse(edited::rateLimit, edited::noRateLimit));
            r.ordering().ifPresent(edited::ordering);
            Webhook updated = edited.build();
            Formats.requireExpressible(updated.format(), updated.events(), catalog);
            store.update(tx, updated);
            audit.record(tx, account.id(), caller.auditName(), "webhook.updated", id.value(),
                    Map.of("fields", r.fields()));
            return updated;
        });
    }

    /** Deletes the webhook with its delivery history; pending deliveries to it are dropped. */
    public void delete(Caller caller, WebhookId id) {
        Account account = caller.account();
        requireEntitled(account);
        db.write(tx -> {
            Webhook w = existing(tx, account, id);
            deliveries.deleteOfWebhook(tx, id);
            store.delete(tx, account.id(), id);
            audit.record(tx, account.id(), caller.auditName(), "webhook.deleted", id.value(), Map.of("url", w.url()));
            return null;
        });
    }

    /** Reveals the signing secret; every reveal is in the audit log. */
    public String secret(Caller caller, WebhookId id) {
        Account account = caller.account();
        requireEntitled(account);
        return db.write(tx -> {
            Webhook w = existing(tx, account, id);
            audit.record(tx, account.id(), caller.auditName(), "webhook.secret.revealed", id.value(), Map.of());
            return w.secret();
        });
    }

    /**
     * Reveals the custom headers' values, which every other view masks; every reveal is in the audit
     * log, with the names revealed.
     */
    public Map<String, String> headers(Caller caller, WebhookId id) {
        Account account = caller.account();
        requireEntitled(account);
        return db.write(tx -> {
            Webhook w = existing(tx, account, id);
            audit.record(tx, account.id(), caller.auditName(), "webhook.headers.revealed", id.value(),
                    Map.of("names", CustomHeaders.masked(w.headers()).keySet().stream().toList()));
            return w.headers();
        });
    }

    /**
     * Replaces the signing secret. Without grace the old secret stops signing at once; with
     * {@code graceSeconds} both sign (two Standard Webhooks signatures) until the grace ends.
     */
    public String rotate(Caller caller, WebhookId id, long graceSeconds) {
        Account account = caller.account();
        requireEntitled(account);
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw new Invalid("invalid_grace", "graceSeconds must be between 0 and " + MAX_GRACE_SECONDS, "graceSeconds");
        }
        return db.write(tx -> {
            Webhook w = existing(tx, account, id);
            long now = clock.millis();
            String secret = SigningSecret.generate();
            Webhook.Builder rotated = w.toBuilder().secret(secret).updatedAt(now);
            if (graceSeconds > 0) {
                rotated.previousSecret(w.secret()).previousSecretUntil(now + graceSeconds * 1000);
            } else {
                rotated.noPreviousSecret().previousSecretUntil(0);
            }
            store.update(tx, rotated.build());
            audit.record(tx, account.id(), caller.auditName(), "webhook.secret.rotated", id.value(),
                    Map.of("graceSeconds", graceSeconds));
            return secret;
        });
    }

    /** Enables the webhook, resets its failure count and lets its held deliveries go on. */
    public Webhook enable(Caller caller, WebhookId id) {
        Account account = caller.account();
        requireEntitled(account);
        return db.write(tx -> {
            existing(tx, account, id);
            store.setEnabled(tx, id, true, clock.millis());
            audit.record(tx, account.id(), caller.auditName(), "webhook.enabled", id.value(), Map.of());
            if (deliveries.releaseWebhook(tx, id) > 0) {
                signal.wakeAfterCommit(tx);
            }
            return existing(tx, account, id);
        });
    }

    /** Disables the webhook: it gets no new deliveries, and its pending ones wait. */
    public Webhook disable(Caller caller, WebhookId id) {
        Account account = caller.account();
        requireEntitled(account);
        return db.write(tx -> {
            existing(tx, account, id);
            turnOff(tx, account.id(), id, caller.auditName(), Map.of());
            return existing(tx, account, id);
        });
    }

    /** Why Herald disabled a webhook by itself; the wire name is the {@code reason} of {@code webhook.disabled}. */
    public enum DisableReason implements WireName {
        /** Twenty attempts in a row failed. */
        CONSECUTIVE_FAILURES,
        /** The receiver answered {@code 410 Gone}: the endpoint says it is gone for good. */
        GONE
    }

    /**
     * Disables a webhook from the delivery path, inside the transaction recording the attempt that
     * decided it, and says so: a {@code webhook.disabled} event to the account's other webhooks that
     * want it, an audit entry by {@code herald}, and a log line. Nothing when it is already disabled.
     */
    public void disableAutomatically(Tx tx, WebhookId id, DisableReason reason, int consecutiveFailures, long now) {
        Optional<Webhook> found = store.findById(tx, id);
        if (found.isEmpty() || !found.get().enabled()) {
            return;
        }
        Webhook webhook = found.get();
        turnOff(tx, webhook.accountId(), id, "herald", Map.of("reason", reason.wireName(),
                "consecutiveFailures", consecutiveFailures));
        var data = mapper.createObjectNode()
                .put("webhook_id", id.value())
                .put("url", webhook.url())
                .put("consecutive_failures", Math.max(1, consecutiveFailures))
                .put("disabled_at", java.time.Instant.ofEpochMilli(now).toString())
                .put("reason", reason.wireName());
        publisher.publish(tx, webhook.accountId(), "webhook.disabled", data);
        if (reason == DisableReason.GONE) {
            log.warn("webhook {} disabled: its receiver answered 410 Gone", id);
        } else {
            log.warn("webhook {} disabled after {} consecutive failed attempts", id, consecutiveFailures);
        }
    }

    /** The one way a webhook is switched off: no new deliveries, pending ones held until it is enabled. */
    private void turnOff(Tx tx, AccountId accountId, WebhookId id, String actor, Map<String, Object> details) {
        store.setEnabled(tx, id, false, clock.millis());
        deliveries.holdWebhook(tx, id);
        audit.record(tx, accountId, actor, "webhook.disabled", id.value(), details);
    }

    /** Sends a {@code webhook.ping} to this webhook alone, whatever its filter. Returns the delivery id. */
    public DeliveryId test(Account account, WebhookId id) {
        requireEntitled(account);
        return db.write(tx -> {
            Webhook w = existing(tx, account, id);
            Formats.requireExpressible(w.format(), List.of("webhook.ping"), catalog);
            var data = mapper.createObjectNode()
                    .put("message", "This is a test delivery from Herald.")
                    .put("webhook_id", w.id().value());
            return publisher.publishTo(tx, w, "webhook.ping", data);
        });
    }

    private Webhook existing(Tx tx, Account account, WebhookId id) {
        return store.find(tx, account.id(), id).orElseThrow(() -> notFound(id));
    }

    private static NotFound notFound(Object id) {
        return new NotFound("not_found", "no webhook " + id);
    }
}
