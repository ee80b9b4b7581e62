package herald.delivery;

import herald.db.Database;
import herald.db.DatabaseException;
import herald.db.Tx;
import herald.event.Event;
import herald.event.EventId;
import herald.event.EventStore;
import herald.limit.TokenBucket;
import herald.loop.Wakeup;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;
import herald.webhook.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim step: takes due deliveries from the database for the ones the fast path did not carry —
 * retries, deliveries published while the lanes were full, a rate-limited webhook's, redeliveries,
 * and those whose lease ran out on a node that died.
 *
 * <p>One loop claims webhook by webhook, earliest due first, each up to the room of its lane, all
 * together up to the free slots, then loads the claimed deliveries' events and webhooks in two
 * queries and hands them to the lanes. It sleeps until the next delivery is due or until woken (new
 * deliveries committed, or room made in lanes it had to leave work in), never polling faster.
 *
 * <p>Outbound rate limits: a webhook with a {@code rateLimit} has a token bucket here (one second's
 * worth of burst); a round takes no more of its deliveries than the bucket holds, and when it is
 * empty the webhook is not claimed for until the next token is due. Its deliveries stay in the
 * queue, not in memory.
 */
final class Claimer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Claimer.class);
    private static final long IDLE_RECHECK_MILLIS = 1_000;

    private final Database db;
    private final DeliveryStore deliveries;
    private final WebhookStore webhooks;
    private final EventStore events;
    private final Lanes lanes;
    private final Consumer<List<Ready>> sink;
    private final Duration lease;
    private final Wakeup signal;
    private final Clock clock;
    private final String nodeId;
    /** Buckets of the rate-limited webhooks; touched only by the loop's thread. */
    private final Map<WebhookId, TokenBucket> buckets = new HashMap<>();
    private final Thread loop;
    /** Set when a round left due work behind for want of room: a finished attempt then wakes the loop. */
    private volatile boolean waitingForRoom;
    private volatile boolean running = true;

    Claimer(Database db, DeliveryStore deliveries, WebhookStore webhooks, EventStore events, Lanes lanes,
            Consumer<List<Ready>> sink, Duration lease, Wakeup signal, Clock clock, String nodeId) {
        this.db = db;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.events = events;
        this.lanes = lanes;
        this.sink = sink;
        this.lease = lease;
        this.signal = signal;
        this.clock = clock;
        this.nodeId = nodeId;
        this.loop = Thread.ofPlatform().name("herald-claimer").unstarted(this::run);
    }

    void start() {
        loop.start();
    }

    /** Room was made in the lanes: if a round left work behind for want of it, claim again now. */
    void roomMade() {
        if (waitingForRoom) {
            signal.wake();
        }
    }

    /** A round's next due time while it has seen none: later than any, so the first one seen replaces it. */
    private static final long NOTHING_DUE = Long.MAX_VALUE;

    /** What one claim round got, and when the next delivery not blocked by a cap is due. */
    private record Round(List<DeliveryStore.Claim> claims, Optional<Long> nextDue, boolean moreDue) {}

    private void run() {
        while (running) {
            try {
                int free = lanes.free();
                Round round = free > 0 ? db.write(tx -> claimRound(tx, free)) : new Round(List.of(), Optional.empty(), true);
                if (!round.claims().isEmpty()) {
                    sink.accept(load(round.claims()));
                }
                waitingForRoom = round.moreDue();
                if (round.moreDue() && lanes.free() > 0 && !round.claims().isEmpty()) {
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
                if (DatabaseException.isStorageUnavailable(e)) {
                    log.warn("claiming waits for the storage ({}); retrying in 1 s", DatabaseException.rootMessage(e));
                } else {
                    log.error("claim loop failed; retrying in 1 s", e);
                }
                OutcomeQueue.sleep(1_000);
            }
        }
    }

    /**
     * Claims due deliveries webhook by webhook, earliest due first, each webhook up to its lane's
     * room, all together up to {@code free}. Webhooks without room are not read at all.
     */
    private Round claimRound(Tx tx, int free) {
        long now = clock.millis();
        List<DeliveryStore.Queue> queues = new ArrayList<>(deliveries.queues(tx));
        queues.sort(Comparator.comparingLong(DeliveryStore.Queue::due));
        List<DeliveryStore.Claim> claims = new ArrayList<>();
        long nextDue = NOTHING_DUE;
        boolean moreDue = false;
        Map<WebhookId, WebhookStore.Pacing> paced = webhooks.pacing(tx);
        refreshBuckets(paced);
        long nowNanos = System.nanoTime();
        for (DeliveryStore.Queue queue : queues) {
            if (queue.due() > now) {
                nextDue = Math.min(nextDue, queue.due());
                continue;
            }
            int capacity = lanes.room(queue.webhookId());
            if (capacity <= 0) {
                moreDue = true; // a finished attempt of this webhook makes room and wakes the loop
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
                nextDue = Math.min(nextDue, now + bucket.nanosUntilOne() / 1_000_000 + 1);
                continue; // its rate limit is spent: claim nothing for it until the next token
            }
            int want = Math.min(Math.min(capacity, room), allowed);
            boolean ordered = paced.containsKey(queue.webhookId()) && paced.get(queue.webhookId()).ordered();
            List<DeliveryStore.Claim> got = ordered
                    ? deliveries.claimOrdered(tx, queue.webhookId(), now, now + lease.toMillis(), nodeId, want)
                    : deliveries.claim(tx, queue.webhookId(), now, now + lease.toMillis(), nodeId, want);
            claims.addAll(got);
            if (bucket != null) {
                bucket.take(got.size());
            }
            if (got.size() == want) {
                if (want == allowed) {
                    nextDue = Math.min(nextDue, now + bucket.nanosUntilOne() / 1_000_000 + 1);
                } else {
                    moreDue = true; // this webhook may have more due than its room allowed now
                }
            }
        }
        return new Round(claims, Optional.of(nextDue).filter(due -> due != NOTHING_DUE), moreDue);
    }

    /**
     * Loads what the claimed deliveries need in two queries. A delivery whose webhook or event is
     * gone (deleted meanwhile) is left to its lease.
     */
    private List<Ready> load(List<DeliveryStore.Claim> claims) {
        Map<EventId, Event> eventsById = db.read(tx -> events.findAll(tx,
                claims.stream().map(DeliveryStore.Claim::eventId).toList()));
        Map<WebhookId, Webhook> webhooksById = db.read(tx -> webhooks.findAll(tx,
                claims.stream().map(DeliveryStore.Claim::webhookId).toList()));
        List<Ready> ready = new ArrayList<>(claims.size());
        for (DeliveryStore.Claim claim : claims) {
            Event event = eventsById.get(claim.eventId());
            Webhook webhook = webhooksById.get(claim.webhookId());
            if (event != null && webhook != null) {
                ready.add(new Ready(claim, webhook, event));
            }
        }
        return ready;
    }

    /** Keeps one bucket per rate-limited webhook, a new one when its limit changed, none when it has none. */
    private void refreshBuckets(Map<WebhookId, WebhookStore.Pacing> paced) {
        Map<WebhookId, Integer> rateLimits = new HashMap<>();
        paced.forEach((id, pacing) -> pacing.rateLimit().ifPresent(limit -> rateLimits.put(id, limit)));
        buckets.keySet().retainAll(rateLimits.keySet());
        long now = System.nanoTime();
        rateLimits.forEach((id, perSecond) -> {
            TokenBucket bucket = buckets.get(id);
            if (bucket == null || bucket.perSecond() != perSecond) {
                buckets.put(id, new TokenBucket(perSecond, Math.max(1, perSecond), now));
            }
        });
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
