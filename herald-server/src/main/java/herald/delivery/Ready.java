package herald.delivery;

import herald.event.Event;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;

/** A delivery leased to this node with everything its attempt needs: ready to send. */
record Ready(DeliveryStore.Claim claim, Webhook webhook, Event event) {

    WebhookId webhookId() {
        return webhook.id();
    }
}
