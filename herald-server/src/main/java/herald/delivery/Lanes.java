package herald.delivery;

import herald.webhook.WebhookId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The balancing step: one lane per webhook, holding the leased deliveries waiting for a send, and
 * how many of them may be in flight at once.
 *
 * <p>Isolation: a webhook may have at most its lane's limit in flight, and the limit adapts. A lane
 * starts at {@link #INITIAL_LIMIT}; every answer (any status) raises its limit by one, up to
 * {@code perWebhook}; every attempt that got no answer at all (a timeout, a refused connection)
 * halves it, down to one. So a receiver that hangs holds two slots until its first deadline and one
 * after, not sixteen: with the default total of 4,096, two thousand hanging receivers cannot take
 * the slots of the healthy ones, which reach their full limit after a few answers. All lanes
 * together have at most {@code total} in flight, an attempt counting until its outcome is recorded;
 * lanes with room of their own but no slot wait their turn in arrival order.
 *
 * <p>Thread-safe: one lock, held for bookkeeping only; attempts are started after it is released.
 */
final class Lanes {

    /** A lane that has this many deliveries waiting takes no more from the fast path; claims fill it later. */
    static final int MAX_WAITING_PER_LANE = 1_024;
    /** How many times its limit a lane that answers may hold, sent or waiting, from claims. */
    static final int CLAIM_DEPTH = 8;
    /** Where a new lane's limit starts: a receiver earns more concurrency by answering. */
    static final int INITIAL_LIMIT = 2;

    private static final class Lane {
        final WebhookId webhookId;
        final ArrayDeque<Ready> waiting = new ArrayDeque<>();
        int inFlight;
        int limit;
        /** An attempt got no answer since the limit was last at its top: the fast path leaves this lane alone. */
        boolean narrowed;
        boolean queuedForSlot;

        Lane(WebhookId webhookId, int limit) {
            this.webhookId = webhookId;
            this.limit = limit;
        }
    }

    private final int total;
    private final int perWebhook;
    private final int maxWaiting;
    private final Consumer<Ready> start;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<WebhookId, Lane> lanes = new HashMap<>();
    /** Lanes with a delivery that could go but for the total limit, in the order they asked. */
    private final ArrayDeque<Lane> awaitingSlot = new ArrayDeque<>();
    private int inFlight;
    private int waiting;

    /**
     * @param maxWaiting deliveries held waiting, all lanes together, before the fast path stops
     * @param start      starts an attempt; called without the lock held, and must not block
     */
    Lanes(int total, int perWebhook, int maxWaiting, Consumer<Ready> start) {
        this.total = total;
        this.perWebhook = perWebhook;
        this.maxWaiting = maxWaiting;
        this.start = start;
    }

    /** Queues leased deliveries and starts what their lanes and the total limit allow. */
    void add(List<Ready> deliveries) {
        List<Ready> toStart = new ArrayList<>();
        lock.lock();
        try {
            for (Ready ready : deliveries) {
                Lane lane = lanes.computeIfAbsent(ready.webhookId(), id -> new Lane(id, Math.min(INITIAL_LIMIT, perWebhook)));
                lane.waiting.add(ready);
                waiting++;
                pump(lane, toStart);
            }
        } finally {
            lock.unlock();
        }
        toStart.forEach(start);
    }

    /**
     * An attempt of this webhook has ended and its outcome is recorded: {@link #answered} and
     * {@link #recorded} at once.
     */
    void finished(WebhookId webhookId, boolean answered) {
        answered(webhookId, answered);
        recorded();
    }

    /**
     * The receiver has answered this webhook's attempt (or failed to): its lane's slot is free again.
     * {@code answered} is false when no HTTP answer came at all, which narrows the lane. The attempt
     * keeps its place in the total until {@link #recorded}.
     */
    void answered(WebhookId webhookId, boolean answered) {
        List<Ready> toStart = new ArrayList<>();
        lock.lock();
        try {
            Lane lane = lanes.get(webhookId);
            if (lane != null) {
                lane.inFlight--;
                if (answered) {
                    lane.limit = Math.min(perWebhook, lane.limit + 1);
                    lane.narrowed &= lane.limit < perWebhook;
                } else {
                    lane.limit = Math.max(1, lane.limit / 2);
                    lane.narrowed = true;
                }
                pump(lane, toStart);
                forgetIfIdle(lane);
            }
        } finally {
            lock.unlock();
        }
        toStart.forEach(start);
    }

    /**
     * An attempt's outcome is written (or given up): its place in the total is free. Counting an
     * attempt in the total until then bounds what a crash can make Herald send twice: at most the
     * total, sent but not yet recorded.
     */
    void recorded() {
        List<Ready> toStart = new ArrayList<>();
        lock.lock();
        try {
            inFlight--;
            while (inFlight < total && !awaitingSlot.isEmpty()) {
                Lane next = awaitingSlot.poll();
                next.queuedForSlot = false;
                pump(next, toStart);
                forgetIfIdle(next);
            }
        } finally {
            lock.unlock();
        }
        toStart.forEach(start);
    }

    /** Starts what the lane may start now; the lock is held. */
    private void pump(Lane lane, List<Ready> toStart) {
        while (!lane.waiting.isEmpty() && lane.inFlight < lane.limit) {
            if (inFlight >= total) {
                if (!lane.queuedForSlot) {
                    lane.queuedForSlot = true;
                    awaitingSlot.add(lane);
                }
                return;
            }
            toStart.add(lane.waiting.poll());
            waiting--;
            lane.inFlight++;
            inFlight++;
        }
    }

    private void forgetIfIdle(Lane lane) {
        // An idle lane at its full limit carries nothing worth keeping; another remembers what it earned or why it
        // was narrowed (one small object per webhook at most).
        if (lane.inFlight == 0 && lane.waiting.isEmpty() && lane.limit == perWebhook && !lane.narrowed
                && !lane.queuedForSlot) {
            lanes.remove(lane.webhookId);
        }
    }

    /**
     * How many more deliveries of this webhook a claim may take now. A lane that answers keeps up to
     * {@link #CLAIM_DEPTH} times its limit at hand, so a backlog drains in few claims; a narrowed one
     * only what it may send now, so nothing waits long behind a receiver that hangs.
     */
    int room(WebhookId webhookId) {
        lock.lock();
        try {
            Lane lane = lanes.get(webhookId);
            int depth = lane == null ? Math.min(INITIAL_LIMIT, perWebhook) * CLAIM_DEPTH
                    : lane.narrowed ? lane.limit : lane.limit * CLAIM_DEPTH;
            return lane == null ? depth : Math.max(0, depth - lane.inFlight - lane.waiting.size());
        } finally {
            lock.unlock();
        }
    }

    /** How many deliveries a claim round may take in all: free slots less what already waits for them. */
    int free() {
        lock.lock();
        try {
            return Math.max(0, total - inFlight - waiting);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a fresh delivery to this webhook should go straight to this node's lanes: only while its
     * lane is healthy (not narrowed by unanswered attempts) and not long, and the lanes hold less than
     * their bound. Otherwise it waits in the database for a claim, costing no memory.
     */
    boolean takes(WebhookId webhookId) {
        lock.lock();
        try {
            if (waiting >= maxWaiting) {
                return false;
            }
            Lane lane = lanes.get(webhookId);
            return lane == null || (!lane.narrowed && lane.waiting.size() < MAX_WAITING_PER_LANE);
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Deliveries held in the lanes, waiting for a send. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
