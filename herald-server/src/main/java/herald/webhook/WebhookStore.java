package herald.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.db.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of webhooks. Every query is scoped by account: another tenant's webhook is simply absent. */
public final class WebhookStore {

    private static final String COLUMNS = "id, account_id, url, description, events, projects, environments, format,"
            + " headers, enabled, consecutive_failures, secret, previous_secret, previous_secret_until, created_at, updated_at";

    private final ObjectMapper mapper;

    public WebhookStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void insert(Tx tx, Webhook w) {
        tx.update("INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                w.id(), w.accountId(), w.url(), w.description(), json(w.events()), json(w.projects()),
                json(w.environments()), w.format().wireName(), json(w.headers()), w.enabled(), w.consecutiveFailures(),
                w.secret(), w.previousSecret().orElse(null), w.previousSecretUntil(), w.createdAt(), w.updatedAt());
    }

    /** Rewrites the user-editable fields and the secrets; counters and state have their own statements. */
    public void update(Tx tx, Webhook w) {
        tx.update("UPDATE webhooks SET url = ?, description = ?, events = ?, projects = ?, environments = ?, format = ?,"
                        + " headers = ?, secret = ?, previous_secret = ?, previous_secret_until = ?, updated_at = ?"
                        + " WHERE id = ? AND account_id = ?",
                w.url(), w.description(), json(w.events()), json(w.projects()), json(w.environments()),
                w.format().wireName(), json(w.headers()), w.secret(), w.previousSecret().orElse(null),
                w.previousSecretUntil(), w.updatedAt(), w.id(), w.accountId());
    }

    public Optional<Webhook> find(Tx tx, String accountId, String id) {
        return tx.one("SELECT " + COLUMNS + " FROM webhooks WHERE id = ? AND account_id = ?", this::map, id, accountId);
    }

    /** Any account's webhook; for the dispatcher, which works across tenants. */
    public Optional<Webhook> findById(Tx tx, String id) {
        return tx.one("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?", this::map, id);
    }

    /** Webhooks by id, any account; for the dispatcher, which loads a claimed batch at once. */
    public Map<String, Webhook> findAll(Tx tx, Collection<String> ids) {
        Map<String, Webhook> found = new HashMap<>();
        tx.queryIn("SELECT " + COLUMNS + " FROM webhooks WHERE id IN (%s)", ids, this::map)
                .forEach(w -> found.put(w.id(), w));
        return found;
    }

    public List<Webhook> list(Tx tx, String accountId, Optional<String> after, int limit) {
        return tx.query("SELECT " + COLUMNS + " FROM webhooks WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                this::map, accountId, after.orElse("~"), limit);
    }

    public List<Webhook> enabledOf(Tx tx, String accountId) {
        return tx.query("SELECT " + COLUMNS + " FROM webhooks WHERE account_id = ? AND enabled = 1", this::map, accountId);
    }

    public long countOf(Tx tx, String accountId) {
        return tx.count("SELECT COUNT(*) FROM webhooks WHERE account_id = ?", accountId);
    }

    public void delete(Tx tx, String accountId, String id) {
        tx.update("DELETE FROM webhooks WHERE id = ? AND account_id = ?", id, accountId);
    }

    public void setEnabled(Tx tx, String id, boolean enabled, long now) {
        if (enabled) {
            tx.update("UPDATE webhooks SET enabled = 1, consecutive_failures = 0, updated_at = ? WHERE id = ?", now, id);
        } else {
            tx.update("UPDATE webhooks SET enabled = 0, updated_at = ? WHERE id = ?", now, id);
        }
    }

    /** Records a failed attempt and returns the new count of consecutive failures. */
    public int recordFailure(Tx tx, String id) {
        tx.update("UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = ?", id);
        return tx.one("SELECT consecutive_failures FROM webhooks WHERE id = ?", rs -> rs.getInt(1), id).orElse(0);
    }

    public void recordSuccess(Tx tx, String id) {
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
        return new Webhook(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getString("url"),
                rs.getString("description"),
                parse(rs.getString("events"), STRINGS),
                parse(rs.getString("projects"), STRINGS),
                parse(rs.getString("environments"), STRINGS),
                Format.parse(rs.getString("format")),
                parse(rs.getString("headers"), HEADERS),
                rs.getInt("enabled") == 1,
                rs.getInt("consecutive_failures"),
                rs.getString("secret"),
                Tx.optionalString(rs, "previous_secret"),
                rs.getLong("previous_secret_until"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }
}
