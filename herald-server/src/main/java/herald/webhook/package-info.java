/**
 * Webhook subscriptions: where to POST which events, their filters, custom headers (sealed, masked,
 * revealed on an audited route), signing secrets (reveal, rotation with grace) and the address policy
 * that keeps Herald from being pointed at its own network.
 */
package herald.webhook;
