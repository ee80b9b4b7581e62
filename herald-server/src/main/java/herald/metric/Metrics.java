package herald.metric;

import herald.account.Account;
import herald.db.Database;
import herald.key.Keys;
import herald.page.PageRequest;
import herald.problem.Conflict;
import herald.problem.Invalid;
import herald.problem.NotFound;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Metrics and metric collections of an account. */
public final class Metrics {

    private final Database db;
    private final MetricStore store;
    private final Clock clock;

    public Metrics(Database db, MetricStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    public Metric create(Account account, String key, String name, Metric.Type type) {
        Keys.valid(key, "key");
        Metric metric = new Metric(MetricId.next(clock), account.id(), key, Keys.validName(name, "name"), type,
                clock.millis());
        return db.write(tx -> {
            if (store.findByKey(tx, account.id(), key).isPresent()) {
                throw new Conflict("duplicate_key", "a metric with key '" + key + "' already exists", "key");
            }
            store.insert(tx, metric);
            return metric;
        });
    }

    public MetricCollection createCollection(Account account, String key, String name, List<String> metricKeys) {
        Keys.valid(key, "key");
        if (metricKeys.isEmpty()) {
            throw new Invalid("invalid_metrics", "a collection needs at least one metric", "metrics");
        }
        List<String> keys = metricKeys.stream().distinct().toList();
        MetricCollection collection = new MetricCollection(MetricCollectionId.next(clock), account.id(), key,
                Keys.validName(name, "name"), keys, clock.millis());
        return db.write(tx -> {
            if (store.findCollectionByKey(tx, account.id(), key).isPresent()) {
                throw new Conflict("duplicate_key", "a metric collection with key '" + key + "' already exists", "key");
            }
            Set<String> known = store.findByKeys(tx, account.id(), keys).stream().map(Metric::key)
                    .collect(Collectors.toSet());
            // indexes into the request's list, repeats included, so the field names what the caller sent
            for (int i = 0; i < metricKeys.size(); i++) {
                if (!known.contains(metricKeys.get(i))) {
                    throw new Invalid("unknown_metric", "no metric '" + metricKeys.get(i) + "'", "metrics[" + i + "]");
                }
            }
            store.insert(tx, collection);
            return collection;
        });
    }

    public Metric find(Account account, MetricId id) {
        return db.read(tx -> store.find(tx, account.id(), id))
                .orElseThrow(() -> new NotFound("not_found", "no metric " + id));
    }

    public MetricCollection findCollection(Account account, MetricCollectionId id) {
        return db.read(tx -> store.findCollection(tx, account.id(), id))
                .orElseThrow(() -> new NotFound("not_found", "no metric collection " + id));
    }

    public List<Metric> list(Account account, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), page));
    }

    public List<MetricCollection> listCollections(Account account, PageRequest page) {
        return db.read(tx -> store.listCollections(tx, account.id(), page));
    }
}
