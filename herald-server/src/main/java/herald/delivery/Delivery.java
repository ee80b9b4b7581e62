package herald.delivery;

import herald.event.EventId;
import herald.webhook.WebhookId;
import java.util.Optional;

/** One event to one webhook: its state and the outcome of its latest attempt. */
public record Delivery(
        DeliveryId id,
        String accountId,
        WebhookId webhookId,
        EventId eventId,
        String eventType,
        Status status,
        int attempts,
        Optional<Integer> responseCode,
        Optional<String> responseBody,
        Optional<String> error,
        long createdAt,
        Optional<Long> lastAttemptAt,
        Optional<Long> nextAttemptAt) {}
