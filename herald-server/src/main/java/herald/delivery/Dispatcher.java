package herald.delivery;

import herald.Wakeup;
import herald.audit.AuditLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.config.Config.DispatchLimits;
import herald.config.RetrySchedule;
import herald.db.Database;
import herald.event.Event;
import herald.event.EventStore;
import herald.event.Publisher;
import herald.limit.TokenBucket;
import herald.webhook.Webhook;
import herald.webhook.WebhookStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves deliveries from the queue (the {@code deliveries} table) to their receivers.
 *
 * <p>One loop claims due deliveries in batches under a lease and starts one virtual thread per
 * claim; each runs the pipeline <em>load → build body → sign → send → record outcome</em>. The loop
 * sleeps until the next delivery is due or until {@link Wakeup} wakes it (new deliveries
 * committed, a slot freed), so a published event is attempted within milliseconds without polling.
 *
 * <p>Fairness: at most {@code limits.total()} deliveries are claimed at once, and at most
 * {@code limits.perWebhook()} are sent to one webhook at once; a webhook at its cap is left out of
 * claims, so a receiver that hangs for the whole deadline only ever holds its own slots.
 *
 * <p>Outbound rate limits: a webhook with a {@code rateLimit} has a token bucket here (one second's
 * worth of burst). A claim round takes no more of its deliveries than the bucket holds, and when the
 * bucket is empty the webhook is not claimed for at all until the next token is due, which is when
 * the loop wakes for it: no busy-waiting, and its deliveries stay in the queue, not in memory.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    public static final int DISABLE_AFTER_FAILURES = 20;
    private static final long IDLE_RECHECK_MILLIS = 1_000;

    private final Database db;
    private final DeliveryStore deliveries;
    private final WebhookStore webhooks;
    private final EventStore events;
    private final Publisher publisher;
    private final AuditLog audit;
    private final Sender sender;
    private final RetrySchedule schedule;
    private final DispatchLimits limits;
    private final Duration attemptTimeout;
    private final MeterRegistry meters;
    /**
     * How long a claim keeps a delivery from other claims: the attempt's hard limit (deadline + 5 s)
     * plus room to record its outcome on a busy database. A node that dies mid-attempt leaves its
     * deliveries to the others after this long; it is never shorter than an attempt can take.
     */
    private final Duration lease;
    private final Wakeup signal;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final String nodeId;
    private final herald.format.Formats formats;

    private final Semaphore slots;
    private final OutcomeQueue outcomes;
    private final Map<String, Integer> heldPerWebhook = new ConcurrentHashMap<>();
    /** Buckets of the rate-limited webhooks; touched only by the loop's thread. */
    private final Map<String, TokenBucket> buckets = new java.util.HashMap<>();
    private final Counter delivered;
    private final Counter failed;
    private final Timer attemptTimer;
    private final Thread loop;
    private volatile boolean running = true;

    public Dispatcher(Database db, DeliveryStore deliveries, WebhookStore webhooks, EventStore events,
                      Publisher publisher, AuditLog audit, Sender sender, RetrySchedule schedule, DispatchLimits limits,
                      Duration attemptTimeout, Wakeup signal, Clock clock, ObjectMapper mapper,
                      MeterRegistry metrics, String nodeId, herald.format.Formats formats) {
        this.db = db;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.events = events;
        this.publisher = publisher;
        this.audit = audit;
        this.sender = sender;
        this.schedule = schedule;
        this.limits = limits;
        this.attemptTimeout = attemptTimeout;
        this.lease = attemptTimeout.multipliedBy(2).plusSeconds(10);
        this.outcomes = new OutcomeQueue(db);
        this.signal = signal;
        this.clock = clock;
        this.mapper = mapper;
        this.nodeId = nodeId;
        this.formats = formats;
        this.slots = new Semaphore(limits.total());
        this.meters = metrics;
        this.delivered = metrics.counter("herald.attempts", "outcome", "success");
        this.failed = metrics.counter("herald.attempts", "outcome", "failure");
        this.attemptTimer = metrics.timer("herald.attempt.duration");
        metrics.gauge("herald.deliveries.in_flight", slots, s -> limits.total() - s.availablePermits());
        this.loop = Thread.ofPlatform().name("herald-dispatcher").unstarted(this::run);
    }

    /** Starts the loop. With the embedded single-node store, first frees leases a previous process left. */
    public Dispatcher start(boolean soleNode) {
        if (soleNode) {
            int released = db.write(tx -> deliveries.releaseAllLeases(tx, clock.millis()));
            if (released > 0) {
                log.info("resuming {} deliveries that were in flight when Herald last stopped", released);
            }
        }
        loop.start();
        return this;
    }

    /** What one claim round got, and when the next delivery not blocked by a cap is due. */
    private record Round(List<DeliveryStore.Claim> claims, Optional<Long> nextDue, boolean moreDue) {}

    private void run() {
        while (running) {
            try {
                int free = slots.availablePermits();
                Round round = free > 0 ? db.write(tx -> claimRound(tx, free)) : new Round(List.of(), Optional.empty(), true);
                if (!round.claims().isEmpty()) {
                    dispatch(round.claims());
                }
                if (round.moreDue() && slots.availablePermits() > 0) {
                    continue; // due work remains and there is room for it
                }
                long now = clock.millis();
                long deadline = now + IDLE_RECHECK_MILLIS;
                if (round.nextDue().isPresent()) {
                    deadline = Math.max(now, Math.min(deadline, round.nextDue().get()));
                }
                signal.await(deadline - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.error("dispatch loop failed; retrying in 1 s", e);
                sleepQuietly(1_000);
            }
        }
    }

    /**
     * Claims due deliveries webhook by webhook, earliest due first, each webhook up to its free
     * capacity, all together up to {@code free}. Webhooks at their cap are not read at all.
     */
    private Round claimRound(herald.db.Tx tx, int free) {
        long now = clock.millis();
        List<DeliveryStore.Queue> queues = new java.util.ArrayList<>(deliveries.queues(tx));
        queues.sort(java.util.Comparator.comparingLong(DeliveryStore.Queue::due));
        List<DeliveryStore.Claim> claims = new java.util.ArrayList<>();
        Optional<Long> nextDue = Optional.empty();
        boolean moreDue = false;
        refreshBuckets(webhooks.rateLimits(tx));
        long nowNanos = System.nanoTime();
        for (DeliveryStore.Queue queue : queues) {
            int capacity = limits.perWebhook() - heldPerWebhook.getOrDefault(queue.webhookId(), 0);
            if (capacity <= 0) {
                continue; // a completion will wake the loop when this webhook has room again
            }
            if (queue.due() > now) {
                nextDue = earliest(nextDue, queue.due());
                continue;
            }
            int room = free - claims.size();
            if (room <= 0) {
                moreDue = true;
                break;
            }
            TokenBucket bucket = buckets.get(queue.webhookId());
            int allowed = bucket == null ? Integer.MAX_VALUE : bucket.available(nowNanos);
            if (allowed == 0) {
                nextDue = earliest(nextDue, now + bucket.nanosUntilOne() / 1_000_000 + 1);
                continue; // its rate limit is spent: claim nothing for it until the next token
            }
            int want = Math.min(Math.min(capacity, room), allowed);
            List<DeliveryStore.Claim> got = deliveries.claim(tx, queue.webhookId(), now, now + lease.toMillis(),
                    nodeId, want);
            claims.addAll(got);
            if (bucket != null) {
                bucket.take(got.size());
            }
            if (got.size() == want) {
                if (want == allowed) {
                    nextDue = earliest(nextDue, now + bucket.nanosUntilOne() / 1_000_000 + 1);
                } else {
                    moreDue = true; // this webhook may have more due than its capacity allowed now
                }
            }
        }
        return new Round(claims, nextDue, moreDue);
    }

    private static Optional<Long> earliest(Optional<Long> current, long candidate) {
        return Optional.of(current.map(d -> Math.min(d, candidate)).orElse(candidate));
    }

    /** Keeps one bucket per rate-limited webhook, a new one when its limit changed, none when it has none. */
    private void refreshBuckets(Map<String, Integer> rateLimits) {
        buckets.keySet().retainAll(rateLimits.keySet());
        long now = System.nanoTime();
        rateLimits.forEach((id, perSecond) -> {
            TokenBucket bucket = buckets.get(id);
            if (bucket == null || bucket.perSecond() != perSecond) {
                buckets.put(id, new TokenBucket(perSecond, Math.max(1, perSecond), now));
            }
        });
    }

    /** Loads what the claimed deliveries need in two queries, then runs each on a virtual thread. */
    private void dispatch(List<DeliveryStore.Claim> claims) {
        for (DeliveryStore.Claim claim : claims) {
            slots.acquireUninterruptibly(); // never blocks: a round claims at most the free slots
            heldPerWebhook.merge(claim.webhookId(), 1, Integer::sum);
        }
        Map<String, Event> eventsById;
        Map<String, Webhook> webhooksById;
        try {
            eventsById = db.read(tx -> events.findAll(tx, claims.stream().map(DeliveryStore.Claim::eventId).toList()));
            webhooksById = db.read(tx -> webhooks.findAll(tx,
                    claims.stream().map(DeliveryStore.Claim::webhookId).toList()));
        } catch (RuntimeException e) {
            claims.forEach(this::finished);
            throw e; // the leases run out and the deliveries are claimed again
        }
        for (DeliveryStore.Claim claim : claims) {
            Event event = eventsById.get(claim.eventId());
            Webhook webhook = webhooksById.get(claim.webhookId());
            Thread.startVirtualThread(() -> {
                try {
                    if (event != null && webhook != null) { // else deleted with its webhook meanwhile
                        attempt(claim, webhook, event);
                    }
                } catch (RuntimeException e) {
                    log.error("attempt of {} failed unexpectedly; it is retried when its lease ends", claim.id(), e);
                } finally {
                    finished(claim);
                }
            });
        }
    }

    private void finished(DeliveryStore.Claim claim) {
        heldPerWebhook.computeIfPresent(claim.webhookId(), (id, held) -> held == 1 ? null : held - 1);
        slots.release();
        signal.wake();
    }

    /** build body → sign → send → record outcome. */
    private void attempt(DeliveryStore.Claim claim, Webhook webhook, Event event) {
        byte[] body = formats.body(claim.id(), event, webhook);
        long startedAt = clock.millis();
        Map<String, String> headers = headers(webhook, claim.id(), event.type(), body, startedAt);
        Outcome outcome;
        try {
            outcome = sender.send(URI.create(webhook.url()), headers, body)
                    .get(attemptTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and the delivery is attempted again
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            outcome = new Outcome.Failed(Optional.empty(), Optional.empty(), "attempt aborted: " + e,
                    clock.millis() - startedAt);
        }
        attemptTimer.record(outcome.durationMillis(), TimeUnit.MILLISECONDS);
        record(claim, webhook, startedAt, outcome);
    }

    Map<String, String> headers(Webhook webhook, String deliveryId, String type, byte[] body, long now) {
        Map<String, String> headers = new LinkedHashMap<>(webhook.headers());
        List<String> secrets = webhook.signingSecrets(now);
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Herald-Webhooks/1.0");
        headers.put("X-Herald-Event", type);
        headers.put("X-Herald-Delivery", deliveryId);
        headers.put("X-Herald-Signature", Signer.heraldSignature(secrets.getFirst(), body));
        long seconds = now / 1000;
        headers.put("webhook-id", deliveryId);
        headers.put("webhook-timestamp", Long.toString(seconds));
        headers.put("webhook-signature", Signer.standardSignature(secrets, deliveryId, seconds, body));
        return headers;
    }

    private void record(DeliveryStore.Claim claim, Webhook webhook, long startedAt, Outcome outcome) {
        int attemptNumber = claim.attempts() + 1;
        outcomes.record(webhook.id(), tx -> {
            long now = clock.millis();
            switch (outcome) {
                case Outcome.Delivered ok -> {
                    Attempt attempt = new Attempt(attemptNumber, startedAt, ok.durationMillis(),
                            Optional.of(ok.responseCode()), Optional.of(ok.responseBody()), Optional.empty());
                    if (deliveries.recordAttempt(tx, claim, Status.SUCCESS, Optional.empty(), attempt)) {
                        webhooks.recordSuccess(tx, webhook.id());
                    }
                }
                case Outcome.Failed bad -> {
                    Attempt attempt = new Attempt(attemptNumber, startedAt, bad.durationMillis(), bad.responseCode(),
                            bad.responseBody(), Optional.of(bad.error()));
                    Optional<Duration> retryIn = schedule.delayAfter(attemptNumber - claim.roundStart(),
                            ThreadLocalRandom.current());
                    Status status = retryIn.isPresent() ? Status.PENDING : Status.DEAD;
                    Optional<Long> next = retryIn.map(d -> now + d.toMillis());
                    if (deliveries.recordAttempt(tx, claim, status, next, attempt)) {
                        int failures = webhooks.recordFailure(tx, webhook.id());
                        if (failures >= DISABLE_AFTER_FAILURES) {
                            disable(tx, webhook, failures, now);
                        }
                        next.filter(at -> at <= now + IDLE_RECHECK_MILLIS).ifPresent(at -> tx.afterCommit(signal::wake));
                    }
                }
            }
        });
        if (outcome instanceof Outcome.Delivered) {
            delivered.increment();
        } else {
            failed.increment();
            // Per webhook, so an operator sees which receiver is failing (a series per failing webhook).
            meters.counter("herald.webhook.failures", "webhook", webhook.id()).increment();
        }
    }

    private void disable(herald.db.Tx tx, Webhook webhook, int failures, long now) {
        boolean wasEnabled = webhooks.findById(tx, webhook.id()).map(Webhook::enabled).orElse(false);
        if (!wasEnabled) {
            return;
        }
        webhooks.setEnabled(tx, webhook.id(), false, now);
        deliveries.holdWebhook(tx, webhook.id());
        var data = mapper.createObjectNode()
                .put("webhook_id", webhook.id())
                .put("url", webhook.url())
                .put("consecutive_failures", failures)
                .put("disabled_at", Instant.ofEpochMilli(now).toString());
        publisher.publish(tx, webhook.accountId(), "webhook.disabled", data, Optional.empty());
        audit.record(tx, webhook.accountId(), "herald", "webhook.disabled", webhook.id(),
                Map.of("consecutiveFailures", failures));
        log.warn("webhook {} disabled after {} consecutive failed attempts", webhook.id(), failures);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming, then lets the attempts in flight finish and record their outcome (at most one
     * attempt deadline), so a graceful stop leaves no lease behind. What still runs after that is
     * retried when its lease ends.
     */
    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
            if (!slots.tryAcquire(limits.total(), attemptTimeout.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                log.warn("stopping with {} attempts still in flight; they are retried after their lease",
                        limits.total() - slots.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outcomes.close();
        sender.close();
    }
}
