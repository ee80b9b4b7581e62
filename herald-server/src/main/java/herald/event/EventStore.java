package herald.event;

import herald.account.AccountId;
import herald.db.Tx;
import herald.page.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of events. */
public final class EventStore {

    private static final String COLUMNS = "id, account_id, type, data, idempotency_key, created_at";

    public void insert(Tx tx, Event e) {
        tx.update("INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                e.id(), e.accountId(), e.type(), e.data(), e.idempotencyKey().orElse(null), e.createdAt());
    }

    public Optional<Event> find(Tx tx, AccountId accountId, EventId id) {
        return tx.one("SELECT " + COLUMNS + " FROM events WHERE id = ? AND account_id = ?", EventStore::map, id, accountId);
    }

    /** Any account's event; for the dispatcher, which works across tenants. */
    public Optional<Event> findById(Tx tx, EventId id) {
        return tx.one("SELECT " + COLUMNS + " FROM events WHERE id = ?", EventStore::map, id);
    }

    /** Events by id, any account; for the dispatcher, which loads a claimed batch at once. */
    public Map<EventId, Event> findAll(Tx tx, Collection<EventId> ids) {
        Map<EventId, Event> found = new HashMap<>();
        tx.queryIn("SELECT " + COLUMNS + " FROM events WHERE id IN (%s)", ids, EventStore::map)
                .forEach(e -> found.put(e.id(), e));
        return found;
    }

    public Optional<Event> findByIdempotencyKey(Tx tx, AccountId accountId, String key) {
        return tx.one("SELECT " + COLUMNS + " FROM events WHERE account_id = ? AND idempotency_key = ?",
                EventStore::map, accountId, key);
    }

    public List<Event> list(Tx tx, AccountId accountId, PageRequest page) {
        return tx.query("SELECT " + COLUMNS + " FROM events WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                EventStore::map, accountId, page.below(), page.limit());
    }

    public List<Event> list(Tx tx, AccountId accountId, String type, PageRequest page) {
        return tx.query("SELECT " + COLUMNS + " FROM events WHERE account_id = ? AND type = ? AND id < ?"
                + " ORDER BY id DESC LIMIT ?", EventStore::map, accountId, type, page.below(), page.limit());
    }

    /**
     * The newest events whose data names this experiment. Events keep their data as JSON text, so
     * this scans the account's events with a LIKE on the compact {@code "experiment_id":"…"} member;
     * the caller confirms each match on the parsed data.
     */
    public List<Event> mentioningExperiment(Tx tx, AccountId accountId, String experimentId, int limit) {
        return tx.query("SELECT " + COLUMNS + " FROM events WHERE account_id = ? AND data LIKE ? ORDER BY id DESC LIMIT ?",
                EventStore::map, accountId, "%\"experiment_id\":\"" + experimentId + "\"%", limit);
    }

    /** Deletes up to {@code batch} events older than {@code before} that no delivery still refers to. */
    public int purge(Tx tx, long before, int batch) {
        return tx.update("DELETE FROM events WHERE id IN (SELECT e.id FROM events e WHERE e.created_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id) LIMIT ?)", before, batch);
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(new EventId(rs.getString("id")), new AccountId(rs.getString("account_id")), rs.getString("type"), rs.getString("data"),
                Tx.optionalString(rs, "idempotency_key"), rs.getLong("created_at"));
    }
}
