package herald.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.AccountId;
import herald.db.Tx;
import herald.page.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of experiments, scoped by account, and the scheduler's query for due end dates. */
public final class ExperimentStore {

    private static final TypeReference<List<Experiment.Variation>> VARIATIONS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, account_id, key, name, project, environment, hypothesis, status,"
            + " variations, metrics, collections, targeting, cost_data, start_at, end_at, alpha, min_units, method,"
            + " correction, prior_mean, prior_std_dev, cuped_lookback_days, created_at, updated_at";

    private final ObjectMapper mapper;

    public ExperimentStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void insert(Tx tx, Experiment e) {
        tx.update("INSERT INTO experiments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(), e.accountId(), e.key(), e.name(), e.project(), e.environment(), e.hypothesis(),
                e.status().wireName(), json(e.variations()), json(e.metrics()), json(e.collections()),
                json(e.targeting()), json(e.costData()), e.startAt().orElse(null), e.endAt().orElse(null),
                e.settings().alpha(), e.settings().minUnits(), e.settings().method().wireName(), e.settings().correction(),
                priorMean(e), priorStdDev(e), e.settings().cupedLookbackDays(), e.createdAt(), e.updatedAt());
    }

    public void update(Tx tx, Experiment e) {
        tx.update("UPDATE experiments SET name = ?, hypothesis = ?, status = ?, variations = ?, metrics = ?,"
                        + " collections = ?, targeting = ?, cost_data = ?, start_at = ?, end_at = ?, alpha = ?, min_units = ?,"
                        + " method = ?, correction = ?, prior_mean = ?, prior_std_dev = ?, cuped_lookback_days = ?,"
                        + " updated_at = ?"
                        + " WHERE id = ? AND account_id = ?",
                e.name(), e.hypothesis(), e.status().wireName(), json(e.variations()), json(e.metrics()),
                json(e.collections()), json(e.targeting()), json(e.costData()), e.startAt().orElse(null),
                e.endAt().orElse(null), e.settings().alpha(), e.settings().minUnits(), e.settings().method().wireName(),
                e.settings().correction(), priorMean(e), priorStdDev(e), e.settings().cupedLookbackDays(),
                e.updatedAt(), e.id(), e.accountId());
    }

    public Optional<Experiment> find(Tx tx, AccountId accountId, ExperimentId id) {
        return tx.one("SELECT " + COLUMNS + " FROM experiments WHERE id = ? AND account_id = ?", this::map, id, accountId);
    }

    /** {@link #find}, locking the row until the transaction ends: for work that changes it. */
    public Optional<Experiment> findForUpdate(Tx tx, AccountId accountId, ExperimentId id) {
        return tx.one("SELECT " + COLUMNS + " FROM experiments WHERE id = ? AND account_id = ?"
                + tx.dialect().forUpdate(), this::map, id, accountId);
    }

    public boolean keyTaken(Tx tx, AccountId accountId, String key) {
        return tx.count("SELECT COUNT(*) FROM experiments WHERE account_id = ? AND key = ?", accountId, key) > 0;
    }

    public List<Experiment> list(Tx tx, AccountId accountId, ExperimentFilter filter, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM experiments WHERE account_id = ? AND id < ?");
        List<Object> args = new ArrayList<>(List.of(accountId, page.below()));
        filter.status().ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s.wireName());
        });
        filter.project().ifPresent(p -> {
            sql.append(" AND project = ?");
            args.add(p);
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(page.limit());
        return tx.query(sql.toString(), this::map, args.toArray());
    }

    /** Running experiments of every account, for the daily analysis. */
    public List<Experiment> running(Tx tx) {
        return tx.query("SELECT " + COLUMNS + " FROM experiments WHERE status = 'running'", this::map);
    }

    /** The running experiments of one project environment of an account, oldest first: what SDKs there run. */
    public List<Experiment> running(Tx tx, AccountId accountId, String project, String environment) {
        return tx.query("SELECT " + COLUMNS + " FROM experiments WHERE account_id = ? AND project = ? AND environment = ?"
                + " AND status = 'running' ORDER BY id", this::map, accountId, project, environment);
    }

    /** Any account's experiment; for the analysis, which runs across tenants. */
    public Optional<Experiment> findById(Tx tx, ExperimentId id) {
        return tx.one("SELECT " + COLUMNS + " FROM experiments WHERE id = ?", this::map, id);
    }

    /** Running experiments whose end date has passed, any account, oldest end first. */
    public List<Experiment> endedBy(Tx tx, long now, int limit) {
        return tx.query("SELECT " + COLUMNS + " FROM experiments WHERE status = 'running' AND end_at <= ?"
                + " ORDER BY end_at LIMIT ?" + tx.dialect().forUpdate(), this::map, now, limit);
    }

    /** The earliest end date of a running experiment, if any. */
    public Optional<Long> nextEnd(Tx tx) {
        return tx.one("SELECT MIN(end_at) FROM experiments WHERE status = 'running'", rs -> {
            long min = rs.getLong(1);
            return rs.wasNull() ? null : min;
        });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("experiment fields always serialise", e);
        }
    }

    private static Double priorMean(Experiment e) {
        return e.settings().prior().map(Experiment.Prior::mean).orElse(null);
    }

    private static Double priorStdDev(Experiment e) {
        return e.settings().prior().map(Experiment.Prior::stdDev).orElse(null);
    }

    private static Optional<Experiment.Prior> prior(ResultSet rs) throws SQLException {
        double mean = rs.getDouble("prior_mean");
        boolean flat = rs.wasNull();
        double stdDev = rs.getDouble("prior_std_dev");
        return flat || rs.wasNull() ? Optional.empty() : Optional.of(new Experiment.Prior(mean, stdDev));
    }

    private Experiment map(ResultSet rs) throws SQLException {
        try {
            Experiment.Builder row = Experiment.builder()
                    .id(new ExperimentId(rs.getString("id")))
                    .accountId(new AccountId(rs.getString("account_id")))
                    .key(rs.getString("key"))
                    .name(rs.getString("name"))
                    .project(rs.getString("project"))
                    .environment(rs.getString("environment"))
                    .hypothesis(rs.getString("hypothesis"))
                    .status(Experiment.Status.parse(rs.getString("status")).orElseThrow())
                    .variations(mapper.readValue(rs.getString("variations"), VARIATIONS))
                    .metrics(mapper.readValue(rs.getString("metrics"), STRINGS))
                    .collections(mapper.readValue(rs.getString("collections"), STRINGS))
                    .targeting(mapper.readTree(rs.getString("targeting")))
                    .costData(mapper.readTree(rs.getString("cost_data")))
                    .settings(new Experiment.Settings(rs.getDouble("alpha"), rs.getLong("min_units"),
                            Experiment.Method.parse(rs.getString("method")).orElseThrow(),
                            rs.getString("correction"), prior(rs), rs.getInt("cuped_lookback_days")))
                    .createdAt(rs.getLong("created_at"))
                    .updatedAt(rs.getLong("updated_at"));
            Tx.optionalLong(rs, "start_at").ifPresent(row::startAt);
            Tx.optionalLong(rs, "end_at").ifPresent(row::endAt);
            return row.build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt experiment row " + rs.getString("id"), e);
        }
    }
}
