package herald.metric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.AccountId;
import herald.db.Tx;
import herald.page.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The SQL of metrics and metric collections, scoped by account. */
public final class MetricStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private final ObjectMapper mapper;

    public MetricStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void insert(Tx tx, Metric m) {
        tx.update("INSERT INTO metrics (id, account_id, key, name, type, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                m.id(), m.accountId(), m.key(), m.name(), m.type().wireName(), m.createdAt());
    }

    public void insert(Tx tx, MetricCollection c) {
        try {
            tx.update("INSERT INTO metric_collections (id, account_id, key, name, metrics, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", c.id(), c.accountId(), c.key(), c.name(),
                    mapper.writeValueAsString(c.metrics()), c.createdAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of keys always serialises", e);
        }
    }

    public Optional<Metric> find(Tx tx, AccountId accountId, MetricId id) {
        return tx.one("SELECT * FROM metrics WHERE id = ? AND account_id = ?", MetricStore::metric, id, accountId);
    }

    public Optional<Metric> findByKey(Tx tx, AccountId accountId, String key) {
        return tx.one("SELECT * FROM metrics WHERE key = ? AND account_id = ?", MetricStore::metric, key, accountId);
    }

    public List<Metric> findByKeys(Tx tx, AccountId accountId, Collection<String> keys) {
        return tx.queryIn("SELECT * FROM metrics WHERE key IN (%s) AND account_id = ?", keys, MetricStore::metric,
                accountId);
    }

    public List<Metric> list(Tx tx, AccountId accountId, PageRequest page) {
        return tx.query("SELECT * FROM metrics WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                MetricStore::metric, accountId, page.below(), page.limit());
    }

    public Optional<MetricCollection> findCollection(Tx tx, AccountId accountId,
                                                   MetricCollectionId id) {
        return tx.one("SELECT * FROM metric_collections WHERE id = ? AND account_id = ?", this::collection, id, accountId);
    }

    public Optional<MetricCollection> findCollectionByKey(Tx tx, AccountId accountId, String key) {
        return tx.one("SELECT * FROM metric_collections WHERE key = ? AND account_id = ?", this::collection, key,
                accountId);
    }

    public List<MetricCollection> listCollections(Tx tx, AccountId accountId, PageRequest page) {
        return tx.query("SELECT * FROM metric_collections WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                this::collection, accountId, page.below(), page.limit());
    }

    private static Metric metric(ResultSet rs) throws SQLException {
        return new Metric(new MetricId(rs.getString("id")), new AccountId(rs.getString("account_id")), rs.getString("key"), rs.getString("name"),
                Metric.Type.parse(rs.getString("type")), rs.getLong("created_at"));
    }

    private MetricCollection collection(ResultSet rs) throws SQLException {
        try {
            return new MetricCollection(new MetricCollectionId(rs.getString("id")), new AccountId(rs.getString("account_id")), rs.getString("key"),
                    rs.getString("name"), mapper.readValue(rs.getString("metrics"), STRINGS), rs.getLong("created_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt metrics column", e);
        }
    }
}
