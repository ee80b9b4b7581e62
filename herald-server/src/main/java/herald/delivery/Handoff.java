package herald.delivery;

import herald.event.Event;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path from a publish to this node's dispatcher. The publisher asks {@link #takes} per
 * target; the deliveries taken are inserted already leased to this node ({@link #owner},
 * {@link #leaseUntil}), and once the publish has committed they go straight to the dispatcher's
 * lanes: no claim query, no reload. The others (and everything once the lanes are full, or a
 * webhook is rate-limited or narrowed by a slow receiver) are inserted due now and claimed from the
 * database, as is every delivery of a webhook that orders them (only a claim knows whether one is its
 * subject's head). The lease keeps it safe: if this node dies first, the deliveries fall due by themselves.
 *
 * <p>Off until a dispatcher {@link #attach}es: it is built after the publisher (it publishes
 * {@code webhook.disabled} through it), so the link is made when it starts.
 */
public final class Handoff {

    /** The dispatcher's side of the fast path. */
    interface Sink {
        boolean takes(WebhookId webhookId);

        void accept(List<Ready> deliveries);
    }

    private final String owner;
    private final Duration lease;
    private volatile Sink sink;

    public Handoff(String owner, Duration lease) {
        this.owner = owner;
        this.lease = lease;
    }

    void attach(Sink dispatcher) {
        this.sink = dispatcher;
    }

    void detach() {
        this.sink = null;
    }

    /** Whether a fresh delivery to this webhook goes straight to this node's dispatcher. */
    public boolean takes(Webhook webhook) {
        Sink current = sink;
        return current != null && webhook.enabled() && webhook.rateLimit().isEmpty() && !webhook.ordered()
                && current.takes(webhook.id());
    }

    public String owner() {
        return owner;
    }

    public long leaseUntil(long now) {
        return now + lease.toMillis();
    }

    /** Hands committed, leased deliveries of one event to the dispatcher, in the webhooks' order. */
    public void hand(Event event, List<Webhook> webhooks, List<DeliveryStore.Claim> claims) {
        Sink current = sink;
        if (current == null) {
            return; // stopping: the leases run out and the deliveries are claimed again
        }
        List<Ready> ready = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            ready.add(new Ready(claims.get(i), webhooks.get(i), event));
        }
        current.accept(ready);
    }
}
