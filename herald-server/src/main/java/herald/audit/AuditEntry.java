package herald.audit;

import herald.account.AccountId;

/**
 * One recorded action.
 *
 * @param actor   who acted: the API key's named actor, {@code api key} for a key without one,
 *                {@code operator}, or {@code herald} for Herald's own decisions (auto-disable)
 * @param action  what happened, e.g. {@code webhook.secret.revealed}
 * @param target  the id of the object acted on
 * @param details a JSON object with what changed; never a secret
 */
public record AuditEntry(String id, AccountId accountId, String actor, String action, String target, long at,
                         String details) {}
