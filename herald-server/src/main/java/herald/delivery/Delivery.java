package herald.delivery;

import java.util.Optional;

/**
 * One event to one webhook: its state and the outcome of its latest attempt, and, when its webhook
 * orders deliveries per subject, its subject and sequence.
 */
public record Delivery(
        String id,
        String accountId,
        String webhookId,
        String eventId,
        String eventType,
        Status status,
        int attempts,
        Optional<Integer> responseCode,
        Optional<String> responseBody,
        Optional<String> error,
        long createdAt,
        Optional<Long> lastAttemptAt,
        Optional<Long> nextAttemptAt,
        Optional<SubjectSequence> order) {}
