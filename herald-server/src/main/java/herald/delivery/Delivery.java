package herald.delivery;

import herald.account.AccountId;
import herald.account.Plan;
import herald.event.EventId;
import herald.webhook.WebhookId;
import java.util.Locale;
import java.util.Optional;

/**
 * One event to one webhook: its state and the outcome of its latest attempt, and, when its webhook
 * orders deliveries per subject, its subject and sequence.
 *
 * @param held pending but not attempted until released: its webhook is disabled, or its account's
 *             plan does not include webhooks
 */
public record Delivery(
        DeliveryId id,
        AccountId accountId,
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
        Optional<Long> nextAttemptAt,
        boolean held,
        Optional<SubjectSequence> order) {

    /** Why a held delivery waits; the wire name is the history's {@code heldReason}. */
    public enum HeldReason {
        /** The account's plan does not include webhooks: it goes on after an upgrade. */
        PLAN_REQUIRED,
        /** Its webhook is disabled: it goes on when the webhook is enabled. */
        WEBHOOK_DISABLED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Why it waits, when it is held. The plan comes first: while it lacks webhooks, enabling the
     * webhook would not let the delivery go on.
     */
    public Optional<HeldReason> heldReason(Plan plan) {
        if (!held) {
            return Optional.empty();
        }
        return Optional.of(plan.allowsWebhooks() ? HeldReason.WEBHOOK_DISABLED : HeldReason.PLAN_REQUIRED);
    }
}
