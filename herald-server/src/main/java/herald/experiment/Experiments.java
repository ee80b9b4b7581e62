package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import herald.account.AccountId;
import herald.account.Caller;
import herald.db.Database;
import herald.db.Tx;
import herald.loop.Wakeup;
import herald.metric.Metric;
import herald.metric.MetricCollection;
import herald.metric.MetricStore;
import herald.page.PageRequest;
import herald.problem.BadRequest;
import herald.problem.Conflict;
import herald.problem.Invalid;
import herald.problem.NotFound;
import herald.project.Project;
import herald.project.ProjectStore;
import herald.project.Projects;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Experiments of an account: creation, configuration, the life cycle, cloning and their metrics.
 * Every change and the events it emits commit together; a refused change emits nothing.
 */
public final class Experiments {

    private final Database db;
    private final ExperimentStore store;
    private final ProjectStore projects;
    private final MetricStore metrics;
    private final ExperimentEvents events;
    private final Wakeup scheduler;
    private final ObjectMapper mapper;
    private final Clock clock;

    /** Asks for an analysis after a change that alters results: status, cost data or window. */
    @FunctionalInterface
    public interface AnalysisTrigger {
        void request(ExperimentId experimentId, AnalysisReason reason);
    }

    private final AnalysisTrigger analysis;

    public Experiments(Database db, ExperimentStore store, ProjectStore projects, MetricStore metrics,
                       herald.event.Publisher publisher, Wakeup scheduler, AnalysisTrigger analysis,
                       ObjectMapper mapper, Clock clock) {
        this.analysis = analysis;
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.metrics = metrics;
        this.events = new ExperimentEvents(publisher, projects, mapper);
        this.scheduler = scheduler;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Experiment create(Caller caller, ExperimentRequest request) {
        AccountId accountId = caller.account().id();
        ExperimentRequest r = request.valid();
        String key = r.key().orElseThrow(() -> missing("key"));
        String name = r.name().orElseThrow(() -> missing("name"));
        String projectKey = r.project().orElseThrow(() -> missing("project"));
        List<Experiment.Variation> variations = r.variations().orElseThrow(() -> missing("variations"));
        List<String> metricKeys = r.metrics().orElse(List.of()).stream().distinct().toList();
        return db.write(tx -> {
            Project project = projects.findByKey(tx, accountId, projectKey).orElseThrow(() ->
                    new Invalid("unknown_project", "no project '" + projectKey + "'", "project"));
            String environment = r.environment().orElse(Projects.DEFAULT_ENVIRONMENT);
            if (project.environments().stream().noneMatch(e -> e.key().equals(environment))) {
                throw new Invalid("unknown_environment", "project '" + projectKey + "' has no environment '"
                        + environment + "'", "environment");
            }
            requireMetrics(tx, accountId, metricKeys);
            if (store.keyTaken(tx, accountId, key)) {
                throw new Conflict("duplicate_key", "an experiment with key '" + key + "' already exists", "key");
            }
            long now = clock.millis();
            Experiment.Builder created = Experiment.builder().id(ExperimentId.next(clock)).accountId(accountId).key(key)
                    .name(name).project(projectKey).environment(environment).hypothesis(r.hypothesis().orElse(""))
                    .variations(variations).metrics(metricKeys)
                    .targeting(r.targeting().orElse(mapper.createObjectNode()))
                    .costData(r.costData().orElse(mapper.createObjectNode()))
                    .settings(settings(r, Experiment.Settings.DEFAULT)).createdAt(now).updatedAt(now);
            r.startAt().flatMap(t -> t).ifPresent(created::startAt);
            r.endAt().flatMap(t -> t).ifPresent(created::endAt);
            Experiment e = checkWindow(created.build());
            store.insert(tx, e);
            events.created(tx, e, Origin.of(caller));
            return e;
        });
    }

    public Experiment find(Caller caller, ExperimentId id) {
        return db.read(tx -> store.find(tx, caller.account().id(), id)).orElseThrow(() -> notFound(id));
    }

    /** A page of the account's experiments that the filter keeps, newest first. */
    public List<Experiment> list(Caller caller, ExperimentFilter filter, PageRequest page) {
        return db.read(tx -> store.list(tx, caller.account().id(), filter, page));
    }

    /**
     * Edits configuration and emits {@code experiment.configuration.updated} with every changed field;
     * an edit that changes nothing emits nothing. A completed experiment cannot be edited (409).
     */
    public Experiment configure(Caller caller, ExperimentId id, ExperimentRequest request) {
        ExperimentRequest r = request.valid();
        return db.write(tx -> {
            Experiment before = existing(tx, caller, id);
            if (before.status() == Experiment.Status.COMPLETED) {
                throw new Conflict("invalid_state", "experiment " + before.key() + " is completed; its configuration"
                        + " can no longer change");
            }
            List<Experiment.Variation> variations = r.variations().orElse(before.variations());
            if (before.status() != Experiment.Status.DRAFT && !keys(variations).equals(keys(before.variations()))) {
                throw new Conflict("invalid_state", "variations can be added or removed only while the experiment"
                        + " is a draft; once started, only their names and weights change", "variations");
            }
            Experiment.Builder edited = before.toBuilder().variations(variations)
                    .settings(settings(r, before.settings())).updatedAt(clock.millis());
            r.startAt().ifPresent(startAt -> startAt.ifPresentOrElse(edited::startAt, edited::noStartAt));
            r.endAt().ifPresent(endAt -> endAt.ifPresentOrElse(edited::endAt, edited::noEndAt));
            r.name().ifPresent(edited::name);
            r.hypothesis().ifPresent(edited::hypothesis);
            r.targeting().ifPresent(edited::targeting);
            r.costData().ifPresent(edited::costData);
            Experiment after = checkWindow(edited.build());
            List<ExperimentEvents.Change> changes = changes(before, after);
            if (changes.isEmpty()) {
                return before;
            }
            store.update(tx, after);
            events.configured(tx, after, changes, Origin.of(caller));
            if (!Objects.equals(before.endAt(), after.endAt())) {
                scheduler.wakeAfterCommit(tx);
            }
            if (!before.costData().equals(after.costData())) {
                tx.afterCommit(() -> analysis.request(after.id(), AnalysisReason.COST_CHANGED));
            } else if (!Objects.equals(before.startAt(), after.startAt()) || !Objects.equals(before.endAt(), after.endAt())) {
                tx.afterCommit(() -> analysis.request(after.id(), AnalysisReason.WINDOW_CHANGED));
            }
            return after;
        });
    }

    /** Moves the experiment through its life; a move its status does not allow is a 409 and emits nothing. */
    public Experiment move(Caller caller, ExperimentId id, Lifecycle move) {
        return db.write(tx -> move(tx, existing(tx, caller, id), move, Origin.of(caller)));
    }

    Experiment move(Tx tx, Experiment before, Lifecycle move, Origin origin) {
        if (!move.allowedFrom(before.status())) {
            throw new Conflict("invalid_transition", "cannot " + move.name().toLowerCase() + " experiment "
                    + before.key() + ": it is " + before.status().wireName());
        }
        Experiment after = before.withStatus(move.to(), clock.millis());
        store.update(tx, after);
        events.moved(tx, before, move, origin);
        if (after.status() == Experiment.Status.RUNNING) {
            scheduler.wakeAfterCommit(tx);
        }
        tx.afterCommit(() -> analysis.request(after.id(), AnalysisReason.STATUS_CHANGED));
        return after;
    }

    /** A new draft with the same configuration; emits {@code experiment.created} only (not settings.changed). */
    public Experiment cloneOf(Caller caller, ExperimentId id, CloneRequest request) {
        return db.write(tx -> {
            Experiment source = existing(tx, caller, id);
            String key = request.key().map(k -> herald.key.Keys.valid(k, "key")).orElseGet(() -> freeCopyKey(tx, source));
            if (store.keyTaken(tx, source.accountId(), key)) {
                throw new Conflict("duplicate_key", "an experiment with key '" + key + "' already exists", "key");
            }
            long now = clock.millis();
            Experiment copy = source.toBuilder().id(ExperimentId.next(clock)).key(key)
                    .name(request.name().map(n -> herald.key.Keys.validName(n, "name")).orElse(source.name() + " (copy)"))
                    .status(Experiment.Status.DRAFT).createdAt(now).updatedAt(now).build();
            store.insert(tx, copy);
            events.cloned(tx, copy, source, Origin.of(caller));
            return copy;
        });
    }

    /** Adds a metric; {@code experiment.metric.updated} names it. */
    public Experiment addMetric(Caller caller, ExperimentId id, String key) {
        return db.write(tx -> {
            Experiment e = open(tx, caller, id);
            requireMetrics(tx, e.accountId(), List.of(key));
            if (e.metrics().contains(key)) {
                throw new Conflict("duplicate_metric", "metric '" + key + "' is already on " + e.key(), "metric");
            }
            return added(tx, caller, e.withMetrics(append(e.metrics(), key), e.collections(), clock.millis()),
                    "metric", key, List.of());
        });
    }

    /** Adds a whole collection; {@code experiment.metric.updated} names it and its metrics. */
    public Experiment addCollection(Caller caller, ExperimentId id, String key) {
        return db.write(tx -> {
            Experiment e = open(tx, caller, id);
            MetricCollection collection = metrics.findCollectionByKey(tx, e.accountId(), key).orElseThrow(() ->
                    new Invalid("unknown_collection", "no metric collection '" + key + "'", "collection"));
            if (e.collections().contains(key)) {
                throw new Conflict("duplicate_metric", "collection '" + key + "' is already on " + e.key(), "collection");
            }
            return added(tx, caller, e.withMetrics(e.metrics(), append(e.collections(), key), clock.millis()),
                    "collection", key, collection.metrics());
        });
    }

    /** The experiment to change the metrics of: a 409 once it is completed. */
    private Experiment open(Tx tx, Caller caller, ExperimentId id) {
        Experiment e = existing(tx, caller, id);
        requireNotCompleted(e);
        return e;
    }

    /** Stores the experiment with a metric or collection added, and emits the event that names it. */
    private Experiment added(Tx tx, Caller caller, Experiment after, String field, String key, List<String> members) {
        store.update(tx, after);
        events.metricAdded(tx, after, field, key, members, Origin.of(caller));
        return after;
    }

    /** Removes a metric or collection by key (metrics are looked up first). 404 when it is not on the experiment. */
    public Experiment removeMetric(Caller caller, ExperimentId id, String key) {
        return db.write(tx -> {
            Experiment e = open(tx, caller, id);
            long now = clock.millis();
            if (e.metrics().contains(key)) {
                Experiment after = e.withMetrics(without(e.metrics(), key), e.collections(), now);
                store.update(tx, after);
                events.metricRemoved(tx, after, "metric", key, List.of(), Origin.of(caller));
                return after;
            }
            if (e.collections().contains(key)) {
                List<String> members = metrics.findCollectionByKey(tx, e.accountId(), key)
                        .map(MetricCollection::metrics).orElse(List.of());
                Experiment after = e.withMetrics(e.metrics(), without(e.collections(), key), now);
                store.update(tx, after);
                events.metricRemoved(tx, after, "collection", key, members, Origin.of(caller));
                return after;
            }
            throw new NotFound("not_found", "experiment " + e.key() + " has no metric or collection '" + key + "'");
        });
    }

    /** Completes running experiments whose end date has passed; returns how many. For the scheduler. */
    int completeEnded() {
        int completed = 0;
        while (true) {
            int n = db.write(tx -> {
                List<Experiment> ended = store.endedBy(tx, clock.millis(), 100);
                ended.forEach(e -> move(tx, e, Lifecycle.COMPLETE, Origin.SCHEDULER));
                return ended.size();
            });
            completed += n;
            if (n < 100) {
                return completed;
            }
        }
    }

    Optional<Long> nextEnd() {
        return db.read(store::nextEnd);
    }

    private List<ExperimentEvents.Change> changes(Experiment before, Experiment after) {
        List<ExperimentEvents.Change> changes = new ArrayList<>();
        compare(changes, "name", text(before.name()), text(after.name()));
        compare(changes, "hypothesis", text(before.hypothesis()), text(after.hypothesis()));
        compare(changes, "variations", mapper.valueToTree(before.variations()), mapper.valueToTree(after.variations()));
        compare(changes, "targeting", before.targeting(), after.targeting());
        compare(changes, "costData", before.costData(), after.costData());
        compare(changes, "startAt", time(before, Experiment::startAt), time(after, Experiment::startAt));
        compare(changes, "endAt", time(before, Experiment::endAt), time(after, Experiment::endAt));
        compare(changes, "alpha", mapper.valueToTree(before.settings().alpha()), mapper.valueToTree(after.settings().alpha()));
        compare(changes, "minUnits", mapper.valueToTree(before.settings().minUnits()),
                mapper.valueToTree(after.settings().minUnits()));
        compare(changes, "method", text(before.settings().method().wireName()),
                text(after.settings().method().wireName()));
        compare(changes, "correction", text(before.settings().correction()), text(after.settings().correction()));
        compare(changes, "prior", mapper.valueToTree(before.settings().prior().orElse(null)),
                mapper.valueToTree(after.settings().prior().orElse(null)));
        compare(changes, "cupedLookbackDays", mapper.valueToTree(before.settings().cupedLookbackDays()),
                mapper.valueToTree(after.settings().cupedLookbackDays()));
        return changes;
    }

    private static void compare(List<ExperimentEvents.Change> changes, String field, JsonNode before, JsonNode after) {
        if (!before.equals(after)) {
            changes.add(new ExperimentEvents.Change(field, before, after));
        }
    }

    private static Experiment.Settings settings(ExperimentRequest r, Experiment.Settings base) {
        Experiment.Settings next = new Experiment.Settings(r.alpha().orElse(base.alpha()),
                r.minUnits().orElse(base.minUnits()), r.method().orElse(base.method()),
                r.correction().orElse(base.correction()), r.prior().orElse(base.prior()),
                r.cupedLookbackDays().map(Long::intValue).orElse(base.cupedLookbackDays()));
        // A correction adjusts p-values; the Bayesian method has none, so the pair would be silently ignored.
        if (next.bayesian() && !next.correction().equals("none")) {
            throw new Invalid("invalid_correction", "the bayesian method reports no p-values to correct;"
                    + " set correction to none, or use the fixed or sequential method", "correction");
        }
        return next;
    }

    private static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }

    /** One of an experiment's times as a change reports it: an RFC 3339 time, or null when unset. */
    private static JsonNode time(Experiment e, java.util.function.Function<Experiment, Optional<Long>> field) {
        return field.apply(e).<JsonNode>map(m -> TextNode.valueOf(Instant.ofEpochMilli(m).toString())).orElse(NullNode.getInstance());
    }

    private void requireMetrics(Tx tx, AccountId accountId, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Set<String> known = metrics.findByKeys(tx, accountId, keys).stream().map(Metric::key).collect(Collectors.toSet());
        for (int i = 0; i < keys.size(); i++) {
            if (!known.contains(keys.get(i))) {
                throw new Invalid("unknown_metric", "no metric '" + keys.get(i) + "'",
                        keys.size() == 1 ? "metric" : "metrics[" + i + "]");
            }
        }
    }

    /** Returns {@code e} when it ends after it starts (or lacks either); else a 422. */
    private static Experiment checkWindow(Experiment e) {
        if (e.startAt().isPresent() && e.endAt().isPresent() && e.endAt().get() <= e.startAt().get()) {
            throw new Invalid("invalid_window", "endAt must be after startAt", "endAt");
        }
        return e;
    }

    private static void requireNotCompleted(Experiment e) {
        if (e.status() == Experiment.Status.COMPLETED) {
            throw new Conflict("invalid_state", "experiment " + e.key() + " is completed");
        }
    }

    private String freeCopyKey(Tx tx, Experiment source) {
        String base = source.key().length() > 90 ? source.key().substring(0, 90) : source.key();
        for (int n = 1; ; n++) {
            String candidate = base + "-copy" + (n == 1 ? "" : "-" + n);
            if (!store.keyTaken(tx, source.accountId(), candidate)) {
                return candidate;
            }
        }
    }

    private Experiment existing(Tx tx, Caller caller, ExperimentId id) {
        return store.findForUpdate(tx, caller.account().id(), id).orElseThrow(() -> notFound(id));
    }

    private static List<String> keys(List<Experiment.Variation> variations) {
        return variations.stream().map(Experiment.Variation::key).toList();
    }

    private static List<String> append(List<String> list, String item) {
        List<String> result = new ArrayList<>(list);
        result.add(item);
        return List.copyOf(result);
    }

    private static List<String> without(List<String> list, String item) {
        return list.stream().filter(i -> !i.equals(item)).toList();
    }

    private static BadRequest missing(String field) {
        return new BadRequest("missing_field", "'" + field + "' is required", field);
    }

    private static NotFound notFound(ExperimentId id) {
        return new NotFound("not_found", "no experiment " + id);
    }
}
