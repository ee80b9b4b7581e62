package herald.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.db.Tx;
import herald.event.Publisher;
import herald.project.ProjectStore;
import herald.project.SettingsVersion;
import java.util.List;

/**
 * Which events each experiment change emits, and what their data holds: the mapping of contract
 * section 5 in one place. Called inside the change's own transaction.
 *
 * <p>{@code settings.changed} (the VWO seed) fires when an experiment is created, when a running or
 * paused experiment's configuration or metrics change, and on every status change — not on clone.
 * It is the one place that emits it, and it moves the environment's settings document
 * ({@code GET /v1/projects/{id}/environments/{env}/settings}) on by one version in the same
 * transaction: the document changes exactly when an event says so, and the event names that version.
 */
final class ExperimentEvents {

    /** One edited field, as {@code experiment.configuration.updated} reports it. */
    record Change(String field, JsonNode before, JsonNode after) {}

    private final Publisher publisher;
    private final ProjectStore projects;
    private final ObjectMapper mapper;

    ExperimentEvents(Publisher publisher, ProjectStore projects, ObjectMapper mapper) {
        this.publisher = publisher;
        this.projects = projects;
        this.mapper = mapper;
    }

    void created(Tx tx, Experiment e, Origin origin) {
        publish(tx, e, "experiment.created", createdData(e, origin));
        settingsChanged(tx, e, origin);
    }

    /** A clone is a draft: it is created, but no settings change until it starts. */
    void cloned(Tx tx, Experiment copy, Experiment source, Origin origin) {
        publish(tx, copy, "experiment.created", createdData(copy, origin).put("cloned_from", source.id().value()));
    }

    private ObjectNode createdData(Experiment e, Origin origin) {
        return base(e, origin).put("name", e.name()).put("status", e.status().wireName());
    }

    void moved(Tx tx, Experiment before, Lifecycle move, Origin origin) {
        for (String type : List.of(move.eventType(), "experiment.status.updated")) {
            publish(tx, before, type, base(before, origin)
                    .put("from", before.status().wireName())
                    .put("to", move.to().wireName()));
        }
        settingsChanged(tx, before, origin);
    }

    void configured(Tx tx, Experiment after, List<Change> changes, Origin origin) {
        ObjectNode data = base(after, origin);
        var list = data.putArray("changes");
        for (Change change : changes) {
            list.addObject().put("field", change.field()).set("before", change.before());
            ((ObjectNode) list.get(list.size() - 1)).set("after", change.after());
        }
        publish(tx, after, "experiment.configuration.updated", data);
        if (after.live()) {
            settingsChanged(tx, after, origin);
        }
    }

    void metricAdded(Tx tx, Experiment e, String field, String key, List<String> metrics, Origin origin) {
        metricChanged(tx, e, "added", field, key, metrics, origin);
    }

    void metricRemoved(Tx tx, Experiment e, String field, String key, List<String> metrics, Origin origin) {
        metricChanged(tx, e, "removed", field, key, metrics, origin);
    }

    private void metricChanged(Tx tx, Experiment e, String action, String field, String key, List<String> metrics,
                               Origin origin) {
        ObjectNode data = base(e, origin).put("action", action).put(field, key);
        if (field.equals("collection")) {
            metrics.forEach(data.putArray("metrics")::add);
        }
        publish(tx, e, "experiment.metric.updated", data);
        if (e.live()) {
            settingsChanged(tx, e, origin);
        }
    }

    private void settingsChanged(Tx tx, Experiment e, Origin origin) {
        // An experiment's project and environment are checked when it is created and never change.
        SettingsVersion settings = projects.advanceSettings(tx, e.accountId(), e.project(), e.environment())
                .orElseThrow(() -> new IllegalStateException("experiment " + e.id() + " names no environment"));
        ObjectNode data = mapper.createObjectNode()
                .put("action", "campaign_settings_changed")
                .put("triggered_by", origin.triggeredBy());
        data.setAll(base(e, origin));
        data.put("version", settings.version()).put("path", settings.path());
        publish(tx, e, "settings.changed", data);
    }

    /** What every experiment event carries: which experiment, where, and who changed it. */
    private ObjectNode base(Experiment e, Origin origin) {
        ObjectNode data = mapper.createObjectNode()
                .put("experiment_id", e.id().value())
                .put("experiment_key", e.key())
                .put("project", e.project())
                .put("environment", e.environment());
        origin.actor().ifPresent(a -> data.put("actor", a));
        return data;
    }

    private void publish(Tx tx, Experiment e, String type, ObjectNode data) {
        publisher.publish(tx, e.accountId(), type, data);
    }
}
