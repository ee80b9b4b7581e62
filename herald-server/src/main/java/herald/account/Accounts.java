package herald.account;

import herald.audit.AuditLog;
import herald.db.Database;
import herald.delivery.DeliveryStore;
import herald.loop.Wakeup;
import herald.page.PageRequest;
import herald.problem.NotFound;
import herald.problem.Unauthorized;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts, API keys and the operator token: creating them, and telling who a bearer token is (a
 * read-only settings key too). Keys and the operator token are stored only as SHA-256 hashes: a key
 * is found by its hash, and the operator token's hash is compared in constant time. Every key made is
 * in the audit log.
 */
public final class Accounts {

    /** A created account with its first API key, which is shown only in this response. */
    public record Created(Account account, String apiKey) {}

    static final String API_KEY_PREFIX = "hk_";
    /** Read-only settings keys ({@code herald.settings}): told apart by prefix, so a token costs one lookup. */
    public static final String SETTINGS_KEY_PREFIX = "hsk_";
    static final String OPERATOR_TOKEN_PREFIX = "hop_";
    private static final String OPERATOR_HASH_SETTING = "operator_token_sha256";

    private final Database db;
    private final AccountStore store;
    private final DeliveryStore deliveries;
    private final Wakeup signal;
    private final Clock clock;
    private final String operatorTokenHash;
    private final AuditLog audit;
    /**
     * API keys recently seen valid, by hash, each until a moment in real time: every request is
     * authenticated, and a database read per request cost as much as the rest of a publish. A key
     * stays known at most {@link #KNOWN_FOR_NANOS}; a plan changed on this node clears them all at
     * once, on another node it is seen within that time.
     */
    private final Map<String, Known> knownKeys = new ConcurrentHashMap<>();
    private static final long KNOWN_FOR_NANOS = 1_000_000_000L;
    private static final int MAX_KNOWN_KEYS = 10_000;

    private record Known(Caller caller, long untilNanos) {}

    /**
     * @param operatorTokenHash the SHA-256 of the operator token (see {@link #establishOperatorToken})
     */
    public Accounts(Database db, AccountStore store, DeliveryStore deliveries, Wakeup signal, Clock clock,
                    String operatorTokenHash, AuditLog audit) {
        this.db = db;
        this.deliveries = deliveries;
        this.signal = signal;
        this.store = store;
        this.clock = clock;
        this.operatorTokenHash = operatorTokenHash;
        this.audit = audit;
    }

    /**
     * The operator token's hash when none is configured: of the token generated on first start.
     * Returns the generated token too, the one time it exists in clear.
     */
    public static OperatorToken establishOperatorToken(Database db, AccountStore store) {
        return db.write(tx -> store.setting(tx, OPERATOR_HASH_SETTING)
                .map(hash -> new OperatorToken(hash, Optional.<String>empty()))
                .orElseGet(() -> {
                    String token = Secrets.newToken(OPERATOR_TOKEN_PREFIX);
                    String hash = Secrets.hash(token);
                    store.putSetting(tx, OPERATOR_HASH_SETTING, hash);
                    return new OperatorToken(hash, Optional.of(token));
                }));
    }

    /** The operator token's hash, and the token itself only when it was generated just now. */
    public record OperatorToken(String hash, Optional<String> generated) {

        /** The token given by {@code HERALD_OPERATOR_TOKEN}: nothing is generated or stored. */
        public static OperatorToken configured(String token) {
            return new OperatorToken(Secrets.hash(token), Optional.empty());
        }
    }

    public Created create(String name, Plan plan) {
        long now = clock.millis();
        Account account = new Account(AccountId.next(clock), name, plan, now);
        String key = Secrets.newToken(API_KEY_PREFIX);
        db.write(tx -> {
            store.insert(tx, account);
            store.addKey(tx, Secrets.hash(key), new Caller.AccountKey(account), now);
            audit.record(tx, account.id(), "operator", "api_key.created", account.id().value(), java.util.Map.of("first", true));
            return null;
        });
        return new Created(account, key);
    }

    public Account find(AccountId id) {
        return db.read(tx -> store.find(tx, id)).orElseThrow(() -> notFound(id));
    }

    public List<Account> list(PageRequest page) {
        return db.read(tx -> store.list(tx, page));
    }

    /**
     * Moves the account to another plan. Onto one without webhooks, its pending deliveries are held
     * as a disabled webhook's are (and publishing creates none, see {@code Subscriptions}); back onto
     * one with webhooks, they go on, except those of its disabled webhooks.
     */
    public Account changePlan(AccountId id, Plan plan) {
        return db.write(tx -> {
            Account account = store.find(tx, id).orElseThrow(() -> notFound(id));
            store.updatePlan(tx, id, plan);
            if (!plan.allowsWebhooks()) {
                deliveries.holdAccount(tx, id);
            } else if (!account.plan().allowsWebhooks() && deliveries.releaseAccount(tx, id) > 0) {
                signal.wakeAfterCommit(tx);
            }
            tx.afterCommit(knownKeys::clear);
            return new Account(account.id(), account.name(), plan, account.createdAt());
        });
    }

    /** A new API key for the account; {@code actor} names who will use it, for the events' audit. */
    public String newApiKey(AccountId accountId, String actor) {
        return newApiKey(accountId, account -> new Caller.AccountKey(account, actor));
    }

    /** A new API key for the account that names no actor. */
    public String newApiKey(AccountId accountId) {
        return newApiKey(accountId, Caller.AccountKey::new);
    }

    private String newApiKey(AccountId accountId, java.util.function.Function<Account, Caller.AccountKey> holderOf) {
        String key = Secrets.newToken(API_KEY_PREFIX);
        db.write(tx -> {
            Caller.AccountKey holder = holderOf.apply(store.find(tx, accountId).orElseThrow(() -> notFound(accountId)));
            store.addKey(tx, Secrets.hash(key), holder, clock.millis());
            audit.record(tx, accountId, "operator", "api_key.created", accountId.value(),
                    java.util.Map.of("keyActor", holder.actor().orElse("")));
            return null;
        });
        return key;
    }

    /** Who holds this bearer token; a 401 when nobody does. */
    public Caller authenticate(String token) {
        String hash = Secrets.hash(token);
        if (Secrets.hashesMatch(hash, operatorTokenHash)) {
            return new Caller.Operator();
        }
        long now = System.nanoTime();
        Known known = knownKeys.get(hash);
        if (known != null && now - known.untilNanos() < 0) {
            return known.caller();
        }
        Caller key = db.read(tx -> token.startsWith(SETTINGS_KEY_PREFIX)
                        ? store.findSettingsKeyByHash(tx, hash).map(Caller.class::cast)
                        : store.findByKeyHash(tx, hash).map(Caller.class::cast))
                .orElseThrow(() -> new Unauthorized("invalid_token", "the bearer token is not valid"));
        if (knownKeys.size() >= MAX_KNOWN_KEYS) {
            knownKeys.clear();
        }
        knownKeys.put(hash, new Known(key, now + KNOWN_FOR_NANOS));
        return key;
    }

    /** Forgets the keys seen valid, so that a key revoked on this node is refused from its next request. */
    public void forgetKnownKeys() {
        knownKeys.clear();
    }

    private static NotFound notFound(AccountId id) {
        return new NotFound("not_found", "no account " + id);
    }
}
