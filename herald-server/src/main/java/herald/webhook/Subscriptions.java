package herald.webhook;

import herald.account.AccountId;
import herald.db.Tx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enabled webhooks of each account, kept in memory for the publish path: reading them, parsing
 * their JSON columns and opening their sealed secrets on every publish cost more than the rest of
 * the publish. An entry is used only while the account's {@code webhooks_version} (one indexed read
 * in the publish's own transaction) is the one it was read at; every change to an account's
 * webhooks moves that number on in the changing transaction, so no node ever publishes to a stale
 * set, and no cross-node message is needed.
 *
 * <p>An account whose plan does not include webhooks ({@code free}) has none to publish to, whatever
 * it had: the plan is read with the version, in the same row, so a downgrade stops new deliveries
 * from the next publish on, on every node.
 */
public final class Subscriptions {

    /** Accounts kept at most; past it the map starts over (a cache, never the truth). */
    private static final int MAX_ACCOUNTS = 10_000;

    private record Entry(long version, List<Webhook> enabled) {}

    private final WebhookStore store;
    private final Map<AccountId, Entry> byAccount = new ConcurrentHashMap<>();

    public Subscriptions(WebhookStore store) {
        this.store = store;
    }

    /** The account's enabled webhooks as of this transaction; none while its plan does not include webhooks. */
    public List<Webhook> enabledOf(Tx tx, AccountId accountId) {
        // The version first: a list read after it is at least as new, so an entry is never newer than it claims.
        WebhookStore.Version current = store.version(tx, accountId);
        if (!current.entitled()) {
            return List.of();
        }
        long version = current.number();
        Entry cached = byAccount.get(accountId);
        if (cached != null && cached.version() == version) {
            return cached.enabled();
        }
        List<Webhook> enabled = List.copyOf(store.enabledOf(tx, accountId));
        if (byAccount.size() >= MAX_ACCOUNTS) {
            byAccount.clear();
        }
        byAccount.put(accountId, new Entry(version, enabled));
        return enabled;
    }
}
