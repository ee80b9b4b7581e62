package herald.delivery;

import herald.config.RetrySchedule;
import herald.db.Database;
import herald.db.Tx;
import herald.loop.Wakeup;
import herald.webhook.WebhookId;
import herald.webhook.Webhooks;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The last step: records what an attempt came to. It stores the attempt, moves the delivery to its
 * next state as {@link RetryDecision} says, counts the webhook's consecutive failures and disables
 * it after {@link #DISABLE_AFTER_FAILURES} of them in a row or at once on {@code 410 Gone}, through
 * {@link Webhooks#disableAutomatically}, the one place a webhook is disabled. Outcomes are written in
 * batches ({@link OutcomeQueue}); the lease number makes a late outcome (the delivery was requeued or
 * reclaimed meanwhile) change nothing.
 */
final class OutcomeRecorder implements AutoCloseable {

    static final int DISABLE_AFTER_FAILURES = 20;
    /** A retry due sooner than this wakes the claimer when its outcome commits, rather than at its next look. */
    private static final long WAKE_FOR_RETRIES_WITHIN_MILLIS = 1_000;

    private final DeliveryStore deliveries;
    private final herald.webhook.WebhookStore webhookStore;
    private final Webhooks webhooks;
    private final RetrySchedule schedule;
    private final Wakeup claimer;
    private final Clock clock;
    private final OutcomeQueue queue;

    OutcomeRecorder(Database db, DeliveryStore deliveries, herald.webhook.WebhookStore webhookStore, Webhooks webhooks,
                    RetrySchedule schedule, Wakeup claimer, Clock clock) {
        this.deliveries = deliveries;
        this.webhookStore = webhookStore;
        this.webhooks = webhooks;
        this.schedule = schedule;
        this.claimer = claimer;
        this.clock = clock;
        this.queue = new OutcomeQueue(db);
    }

    /** Records the outcome with others; the future completes once it has committed. */
    CompletableFuture<Void> record(Ready ready, long startedAt, Outcome outcome) {
        DeliveryStore.Claim claim = ready.claim();
        int attemptNumber = claim.attempts() + 1;
        return queue.submit(ready.webhookId().value(), tx -> write(tx, ready, attemptNumber, startedAt, outcome));
    }

    private void write(Tx tx, Ready ready, int attemptNumber, long startedAt, Outcome outcome) {
        long now = clock.millis();
        DeliveryStore.Claim claim = ready.claim();
        RetryDecision decision = RetryDecision.after(outcome, attemptNumber - claim.roundStart(), schedule, now,
                ThreadLocalRandom.current());
        Attempt attempt = switch (outcome) {
            case Outcome.Delivered ok -> new Attempt(attemptNumber, startedAt, ok.durationMillis(),
                    Optional.of(ok.responseCode()), Optional.of(ok.responseBody()), Optional.empty());
            case Outcome.Failed bad -> new Attempt(attemptNumber, startedAt, bad.durationMillis(), bad.responseCode(),
                    bad.responseBody(), Optional.of(bad.error()));
        };
        if (!deliveries.recordAttempt(tx, claim, decision, attempt)) {
            return; // the lease is no longer ours: the delivery was requeued or reclaimed meanwhile
        }
        WebhookId webhookId = ready.webhookId();
        if (claim.order().isPresent() && decision.status() != Status.PENDING) {
            tx.afterCommit(claimer::wake); // the next delivery about this subject is the head now
        }
        if (decision.status() == Status.SUCCESS) {
            webhookStore.recordSuccess(tx, webhookId);
            return;
        }
        int failures = webhookStore.recordFailure(tx, webhookId);
        if (decision.disableWebhook()) {
            webhooks.disableAutomatically(tx, webhookId, Webhooks.DisableReason.GONE, failures, now);
        } else if (failures >= DISABLE_AFTER_FAILURES) {
            webhooks.disableAutomatically(tx, webhookId, Webhooks.DisableReason.CONSECUTIVE_FAILURES, failures, now);
        } else {
            decision.nextAttemptAt().filter(at -> at <= now + WAKE_FOR_RETRIES_WITHIN_MILLIS)
                    .ifPresent(at -> tx.afterCommit(claimer::wake));
        }
    }

    /** Stops once every outcome queued so far is written. */
    @Override
    public void close() {
        queue.close();
    }
}
