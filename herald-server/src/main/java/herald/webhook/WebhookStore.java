package herald.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.AccountId;
import herald.account.Plan;
import herald.db.Tx;
import herald.page.PageRequest;
import herald.vault.SecretBox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of webhooks. Every query is scoped by account: another tenant's webhook is simply absent.
 * Signing secrets and custom headers (their values are often credentials) are sealed by the
 * {@link SecretBox} on the way in and opened on the way out, so the database only ever holds their
 * ciphertext, bound to the row and column it sits in. The headers are sealed as one JSON map: one
 * open per webhook read, and a legacy plaintext map ({@code {...}}) cannot be mistaken for ciphertext.
 */
public final class WebhookStore {

    private static final String COLUMNS = "id, account_id, url, description, events, projects, environments, format,"
            + " headers, rate_limit, ordering, enabled, consecutive_failures, secret, previous_secret, previous_secret_until,"
            + " created_at, updated_at";

    private final ObjectMapper mapper;
    private final SecretBox box;

    public WebhookStore(ObjectMapper mapper, SecretBox box) {
        this.mapper = mapper;
        this.box = box;
    }

    public void insert(Tx tx, Webhook w) {
        tx.update("INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                w.id(), w.accountId(), w.url(), w.description(), json(w.events()), json(w.projects()),
                json(w.environments()), w.format().wireName(), sealHeaders(w), w.rateLimit().orElse(null),
                w.ordering().wireName(), w.enabled(), w.consecutiveFailures(), box.seal(w.secret(), secretPlace(w.id())),
                w.previousSecret().map(s -> box.seal(s, previousPlace(w.id()))).orElse(null), w.previousSecretUntil(),
                w.createdAt(), w.updatedAt());
        changed(tx, w.accountId());
    }

    /**
     * Marks the account's webhooks as changed, in the changing transaction, so that every node's
     * {@link Subscriptions} reads them afresh. Every statement here that changes what a delivery
     * needs (filters, URL, headers, secrets, enabled) calls it; counters do not.
     */
    private static void changed(Tx tx, AccountId accountId) {
        tx.update("UPDATE accounts SET webhooks_version = webhooks_version + 1 WHERE id = ?", accountId);
    }

    /**
     * What decides an account's subscriptions: its webhooks' version, which moves on with every change
     * {@link Subscriptions} must see, and whether its plan lets webhooks receive deliveries at all.
     */
    public record Version(long number, boolean entitled) {}

    public Version version(Tx tx, AccountId accountId) {
        return tx.one("SELECT webhooks_version, plan FROM accounts WHERE id = ?",
                rs -> new Version(rs.getLong(1), Plan.parse(rs.getString(2)).allowsWebhooks()), accountId)
                .orElse(new Version(0, false));
    }

    /** Rewrites the user-editable fields and the secrets; counters and state have their own statements. */
    public void update(Tx tx, Webhook w) {
        tx.update("UPDATE webhooks SET url = ?, description = ?, events = ?, projects = ?, environments = ?, format = ?,"
                        + " headers = ?, rate_limit = ?, ordering = ?, secret = ?, previous_secret = ?, previous_secret_until = ?,"
                        + " updated_at = ? WHERE id = ? AND account_id = ?",
                w.url(), w.description(), json(w.events()), json(w.projects()), json(w.environments()),
                w.format().wireName(), sealHeaders(w), w.rateLimit().orElse(null), w.ordering().wireName(),
                box.seal(w.secret(), secretPlace(w.id())),
                w.previousSecret().map(s -> box.seal(s, previousPlace(w.id()))).orElse(null),
                w.previousSecretUntil(), w.updatedAt(), w.id(), w.accountId());
        changed(tx, w.accountId());
    }

    /** How the dispatcher must claim for a webhook: its outbound rate limit, and whether it orders per subject. */
    public record Pacing(Optional<Integer> rateLimit, boolean ordered) {}

    /**
     * The webhooks the dispatcher claims for in a special way (a rate limit, ordering per subject),
     * by id: few, found on partial indexes, read in one query per claim round.
     */
    public Map<WebhookId, Pacing> pacing(Tx tx) {
        Map<WebhookId, Pacing> paced = new HashMap<>();
        tx.query("SELECT id, rate_limit, ordering FROM webhooks WHERE rate_limit IS NOT NULL OR ordering <> 'none'",
                rs -> Map.entry(new WebhookId(rs.getString(1)), new Pacing(Tx.optionalInt(rs, "rate_limit").filter(limit -> limit > 0),
                        !rs.getString(3).equals(Ordering.NONE.wireName()))))
                .forEach(e -> paced.put(e.getKey(), e.getValue()));
        return paced;
    }

    /**
     * Seals, under the box's current key, every stored secret and header map that is not yet:
     * plaintext left by a version before encryption at rest, or ciphertext of an older master key.
     * Idempotent; returns how many webhooks it changed.
     */
    public int sealAll(Tx tx) {
        record Stored(String id, String secret, String previous, String headers) {}
        List<Stored> stale = tx.query("SELECT id, secret, previous_secret, headers FROM webhooks",
                rs -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).stream()
                .filter(s -> !box.sealedUnderCurrentKey(s.secret())
                        || (s.previous() != null && !box.sealedUnderCurrentKey(s.previous()))
                        || !box.sealedUnderCurrentKey(s.headers()))
                .toList();
        for (Stored s : stale) {
            tx.update("UPDATE webhooks SET secret = ?, previous_secret = ?, headers = ? WHERE id = ?",
                    box.seal(plain(s.secret(), secretPlace(s.id())), secretPlace(s.id())),
                    s.previous() == null ? null
                            : box.seal(plain(s.previous(), previousPlace(s.id())), previousPlace(s.id())),
                    box.seal(plain(s.headers(), headersPlace(s.id())), headersPlace(s.id())),
                    s.id());
        }
        return stale.size();
    }

    private String plain(String stored, String place) {
        return SecretBox.isSealed(stored) ? box.open(stored, place) : stored;
    }

    private static String secretPlace(Object webhookId) {
        return "webhooks/" + webhookId + "/secret";
    }

    private static String previousPlace(Object webhookId) {
        return "webhooks/" + webhookId + "/previous_secret";
    }

    private static String headersPlace(Object webhookId) {
        return "webhooks/" + webhookId + "/headers";
    }

    private String sealHeaders(Webhook w) {
        return box.seal(json(w.headers()), headersPlace(w.id()));
    }

    public Optional<Webhook> find(Tx tx, AccountId accountId, WebhookId id) {
        return tx.one("SELECT " + COLUMNS + " FROM webhooks WHERE id = ? AND account_id = ?", this::map, id, accountId);
    }

    /** Any account's webhook; for the dispatcher, which works across tenants. */
    public Optional<Webhook> findById(Tx tx, WebhookId id) {
        return tx.one("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?", this::map, id);
    }

    /** Webhooks by id, any account; for the dispatcher, which loads a claimed batch at once. */
    public Map<WebhookId, Webhook> findAll(Tx tx, Collection<WebhookId> ids) {
        Map<WebhookId, Webhook> found = new HashMap<>();
        tx.queryIn("SELECT " + COLUMNS + " FROM webhooks WHERE id IN (%s)", ids, this::map)
                .forEach(w -> found.put(w.id(), w));
        return found;
    }

    public List<Webhook> list(Tx tx, AccountId accountId, PageRequest page) {
        return tx.query("SELECT " + COLUMNS + " FROM webhooks WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                this::map, accountId, page.below(), page.limit());
    }

    public List<Webhook> enabledOf(Tx tx, AccountId accountId) {
        return tx.query("SELECT " + COLUMNS + " FROM webhooks WHERE account_id = ? AND enabled = 1", this::map, accountId);
    }

    public long countOf(Tx tx, AccountId accountId) {
        return tx.count("SELECT COUNT(*) FROM webhooks WHERE account_id = ?", accountId);
    }

    public void delete(Tx tx, AccountId accountId, WebhookId id) {
        tx.update("DELETE FROM webhooks WHERE id = ? AND account_id = ?", id, accountId);
        changed(tx, accountId);
    }

    public void setEnabled(Tx tx, WebhookId id, boolean enabled, long now) {
        if (enabled) {
            tx.update("UPDATE webhooks SET enabled = 1, consecutive_failures = 0, updated_at = ? WHERE id = ?", now, id);
        } else {
            tx.update("UPDATE webhooks SET enabled = 0, updated_at = ? WHERE id = ?", now, id);
        }
        tx.update("UPDATE accounts SET webhooks_version = webhooks_version + 1"
                + " WHERE id = (SELECT account_id FROM webhooks WHERE id = ?)", id);
    }

    /** Records a failed attempt and returns the new count of consecutive failures. */
    public int recordFailure(Tx tx, WebhookId id) {
        tx.update("UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = ?", id);
        return tx.one("SELECT consecutive_failures FROM webhooks WHERE id = ?", rs -> rs.getInt(1), id).orElse(0);
    }

    public void recordSuccess(Tx tx, WebhookId id) {
        tx.update("UPDATE webhooks SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures <> 0", id);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists and maps of strings always serialise", e);
        }
    }

    private <T> T parse(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + json, e);
        }
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private Webhook map(ResultSet rs) throws SQLException {
        WebhookId id = new WebhookId(rs.getString("id"));
        Webhook.Builder row = Webhook.builder()
                .id(id)
                .accountId(new AccountId(rs.getString("account_id")))
                .url(rs.getString("url"))
                .description(rs.getString("description"))
                .events(parse(rs.getString("events"), STRINGS))
                .projects(parse(rs.getString("projects"), STRINGS))
                .environments(parse(rs.getString("environments"), STRINGS))
                .format(Format.parse(rs.getString("format")))
                .headers(parse(box.open(rs.getString("headers"), headersPlace(id)), HEADERS))
                .ordering(Ordering.parse(rs.getString("ordering")))
                .enabled(rs.getInt("enabled") == 1)
                .consecutiveFailures(rs.getInt("consecutive_failures"))
                .secret(box.open(rs.getString("secret"), secretPlace(id)))
                .previousSecretUntil(rs.getLong("previous_secret_until"))
                .createdAt(rs.getLong("created_at"))
                .updatedAt(rs.getLong("updated_at"));
        Optional.of(rs.getInt("rate_limit")).filter(limit -> limit > 0).ifPresent(row::rateLimit);
        Tx.optionalString(rs, "previous_secret").map(s -> box.open(s, previousPlace(id))).ifPresent(row::previousSecret);
        return row.build();
    }
}
