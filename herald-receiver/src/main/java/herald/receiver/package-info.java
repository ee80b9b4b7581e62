/**
 * Receiving Herald webhooks in Java: {@link herald.receiver.WebhookReceiver} verifies a delivery's
 * signature from the raw body and parses its envelope into a typed {@link herald.receiver.Event};
 * {@link herald.receiver.Deduplicator} drops deliveries seen before; every reason to refuse a request
 * is its own {@link herald.receiver.InvalidDeliveryException}.
 */
package herald.receiver;
