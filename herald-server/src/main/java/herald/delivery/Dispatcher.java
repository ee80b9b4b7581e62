package herald.delivery;

import herald.config.Config.DispatchLimits;
import herald.config.RetrySchedule;
import herald.db.Database;
import herald.event.EventStore;
import herald.loop.Wakeup;
import herald.webhook.WebhookId;
import herald.webhook.WebhookStore;
import herald.webhook.Webhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves deliveries to their receivers, as a pipeline of named steps:
 * <ol>
 *   <li><b>in</b>: fresh deliveries come straight from the publish that created them, leased to this
 *       node in their insert ({@link Handoff}); everything else is claimed from the database
 *       ({@link Claimer}: retries, overflow, redeliveries, other nodes' expired leases);</li>
 *   <li><b>balance</b>: one lane per webhook with an adaptive concurrency limit, all lanes under a
 *       total ({@link Lanes});</li>
 *   <li><b>send</b>: the body in the webhook's format ({@link herald.format.Formats}), the headers and signatures ({@link Signer}), the
 *       POST ({@link Sender}), one virtual thread per attempt;</li>
 *   <li><b>record</b>: the outcome, the retry or dead decision ({@link RetryDecision}) and
 *       auto-disable ({@link OutcomeRecorder}), written in batches.</li>
 * </ol>
 * A webhook's slot is freed as soon as its receiver has answered; the attempt keeps its place in the
 * total until its outcome is recorded, so a crash can repeat at most the total, and the delivery
 * stays leased until then, so nothing else can send it meanwhile.
 */
public final class Dispatcher implements AutoCloseable, Handoff.Sink {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** Deliveries the lanes hold waiting, all together, before fresh ones are left to claims. */
    private static final int MAX_WAITING = 50_000;

    private final Database db;
    private final DeliveryStore deliveries;
    private final Sender sender;
    private final Duration attemptTimeout;
    private final Handoff handoff;
    private final herald.format.Formats formats;
    private final Clock clock;
    private final Lanes lanes;
    private final Claimer claimer;
    private final OutcomeRecorder outcomes;
    private final Counter delivered;
    private final Counter failed;
    private final Timer attemptTimer;
    private final MeterRegistry meters;
    private volatile boolean running = true;

    public Dispatcher(Database db, DeliveryStore deliveries, WebhookStore webhookStore, Webhooks webhooks,
                      EventStore events, Sender sender, RetrySchedule schedule, DispatchLimits limits,
                      Duration attemptTimeout, Handoff handoff, Wakeup signal, Clock clock, MeterRegistry metrics,
                      String nodeId, herald.format.Formats formats) {
        this.db = db;
        this.deliveries = deliveries;
        this.sender = sender;
        this.attemptTimeout = attemptTimeout;
        this.handoff = handoff;
        this.formats = formats;
        this.clock = clock;
        this.lanes = new Lanes(limits.total(), limits.perWebhook(), MAX_WAITING, this::start);
        this.claimer = new Claimer(db, deliveries, webhookStore, events, lanes, lanes::add, lease(attemptTimeout),
                signal, clock, nodeId);
        this.outcomes = new OutcomeRecorder(db, deliveries, webhookStore, webhooks, schedule, signal, clock);
        this.meters = metrics;
        this.delivered = metrics.counter("herald.attempts", "outcome", "success");
        this.failed = metrics.counter("herald.attempts", "outcome", "failure");
        this.attemptTimer = metrics.timer("herald.attempt.duration");
        metrics.gauge("herald.deliveries.in_flight", lanes, Lanes::inFlight);
        metrics.gauge("herald.deliveries.waiting_in_memory", lanes, Lanes::waiting);
    }

    /**
     * How long a claim keeps a delivery from other claims: the attempt's hard limit (deadline + 5 s)
     * plus room to wait in its lane and to record its outcome on a busy database. A node that dies
     * mid-attempt leaves its deliveries to the others after this long.
     */
    public static Duration lease(Duration attemptTimeout) {
        return attemptTimeout.multipliedBy(2).plusSeconds(10);
    }

    /** Starts the claimer and opens the fast path. With the embedded store, first frees leases a previous process left. */
    public Dispatcher start(boolean soleNode) {
        if (soleNode) {
            int released = db.write(tx -> deliveries.releaseAllLeases(tx, clock.millis()));
            if (released > 0) {
                log.info("resuming {} deliveries that were in flight when Herald last stopped", released);
            }
        }
        claimer.start();
        handoff.attach(this);
        return this;
    }

    @Override
    public boolean takes(WebhookId webhookId) {
        return running && lanes.takes(webhookId);
    }

    @Override
    public void accept(List<Ready> fresh) {
        lanes.add(fresh);
    }

    /** Called by the lanes for each delivery they let go: the attempt runs on a virtual thread of its own. */
    private void start(Ready ready) {
        Thread.startVirtualThread(() -> {
            Sent sent = Sent.NOTHING;
            try {
                sent = attempt(ready);
            } catch (RuntimeException e) {
                log.error("attempt of {} failed unexpectedly; it is retried when its lease ends", ready.claim().id(), e);
            } finally {
                lanes.answered(ready.webhookId(), sent.answered());
                claimer.roomMade();
                sent.recording().whenComplete((done, error) -> {
                    lanes.recorded();
                    claimer.roomMade();
                });
            }
        });
    }

    /** What an attempt came to: whether the receiver answered at all, and its outcome's write, if sent. */
    private record Sent(boolean answered, CompletableFuture<Void> recording) {
        static final Sent NOTHING = new Sent(true, CompletableFuture.completedFuture(null));
    }

    /** build body → sign → send → record the outcome (queued, not awaited). */
    private Sent attempt(Ready ready) {
        DeliveryStore.Claim claim = ready.claim();
        long startedAt = clock.millis();
        if (!running || claim.leaseUntil() - startedAt < attemptTimeout.toMillis() + 5_000) {
            // It waited in its lane too long to finish within its lease: claimed afresh once the lease ends.
            return Sent.NOTHING;
        }
        String id = claim.id().value();
        byte[] body = claim.order().map(order -> formats.body(id, ready.event(), ready.webhook(), order))
                .orElseGet(() -> formats.body(id, ready.event(), ready.webhook()));
        Map<String, String> headers = Signer.headers(ready.webhook(), id, ready.event().type(), body, startedAt);
        Outcome outcome;
        try {
            outcome = sender.send(URI.create(ready.webhook().url()), headers, body)
                    .get(attemptTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sent.NOTHING; // shutting down: the lease runs out and the delivery is attempted again
        } catch (ExecutionException | TimeoutException e) {
            outcome = new Outcome.Failed(Optional.empty(), Optional.empty(), "attempt aborted: " + e,
                    clock.millis() - startedAt);
        }
        attemptTimer.record(outcome.durationMillis(), TimeUnit.MILLISECONDS);
        count(ready, outcome);
        CompletableFuture<Void> recording = outcomes.record(ready, startedAt, outcome)
                .exceptionally(error -> {
                    log.error("the outcome of {} could not be recorded; it is retried when its lease ends", claim.id(),
                            error);
                    return null;
                });
        return new Sent(!(outcome instanceof Outcome.Failed f && f.unanswered()), recording);
    }

    private void count(Ready ready, Outcome outcome) {
        if (outcome instanceof Outcome.Delivered) {
            delivered.increment();
        } else {
            failed.increment();
            // Per webhook, so an operator sees which receiver is failing (a series per failing webhook).
            meters.counter("herald.webhook.failures", "webhook", ready.webhookId().value()).increment();
        }
    }

    /**
     * Closes the fast path and stops claiming, then lets the attempts in flight finish and record
     * their outcome (at most one attempt deadline), so a graceful stop leaves no lease behind. What
     * still runs after that, or still waits in a lane, is retried when its lease ends.
     */
    @Override
    public void close() {
        handoff.detach();
        claimer.close();
        running = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(attemptTimeout.toMillis() + 2_000);
        while (lanes.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (lanes.inFlight() > 0) {
            log.warn("stopping with {} attempts still in flight; they are retried after their lease", lanes.inFlight());
        }
        outcomes.close();
        sender.close();
    }
}
