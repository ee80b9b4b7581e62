package herald.receiver;

import herald.receiver.Event.AnalysisRun;
import herald.receiver.Event.AnalysisStatus;
import herald.receiver.Event.Comparison;
import herald.receiver.Event.ComputeReason;
import herald.receiver.Event.ConfigurationChange;
import herald.receiver.Event.ExperimentStatus;
import herald.receiver.Event.MetricAction;
import herald.receiver.Event.Role;
import herald.receiver.Event.VariationUnits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Builds the typed {@link Event} of each catalog type from a delivery's {@code data}. */
final class EventReader {

    /** One reader per type; herald-server's tests check this table against the catalog both ways. */
    static final Map<String, Function<Fields, Event>> TYPES = table();

    private EventReader() {}

    /** The typed event, or empty for a type this library does not know. */
    static Optional<Event> read(String type, Fields data) {
        return Optional.ofNullable(TYPES.get(type)).map(reader -> reader.apply(data));
    }

    private static Map<String, Function<Fields, Event>> table() {
        Map<String, Function<Fields, Event>> types = new LinkedHashMap<>();
        types.put("experiment.created", d -> new Event.ExperimentCreated(d.text("experiment_id"),
                d.text("experiment_key"), d.text("project"), d.text("environment"), d.optionalText("actor"),
                d.optionalText("name"), d.optionalChoice("status", ExperimentStatus.class),
                d.optionalText("cloned_from")));
        types.put("experiment.started", statusChange(Event.ExperimentStarted::new));
        types.put("experiment.paused", statusChange(Event.ExperimentPaused::new));
        types.put("experiment.resumed", statusChange(Event.ExperimentResumed::new));
        types.put("experiment.stopped", statusChange(Event.ExperimentStopped::new));
        types.put("experiment.completed", statusChange(Event.ExperimentCompleted::new));
        types.put("experiment.status.updated", statusChange(Event.ExperimentStatusUpdated::new));
        types.put("experiment.configuration.updated", d -> new Event.ExperimentConfigurationUpdated(
                d.text("experiment_id"), d.text("experiment_key"), d.text("project"), d.text("environment"),
                d.optionalText("actor"), d.objects("changes").stream()
                        .map(c -> new ConfigurationChange(c.text("field"), c.any("before"), c.any("after")))
                        .toList()));
        types.put("experiment.metric.updated", d -> new Event.ExperimentMetricUpdated(d.text("experiment_id"),
                d.text("experiment_key"), d.text("project"), d.text("environment"), d.optionalText("actor"),
                d.choice("action", MetricAction.class), d.optionalText("metric"), d.optionalText("collection"),
                d.optionalTexts("metrics")));
        types.put("experiment.calculated_metrics.updated", d -> new Event.ExperimentCalculatedMetricsUpdated(
                d.text("experiment_id"), d.text("experiment_key"), d.text("project"), d.text("environment"),
                d.optionalText("actor"), analysisRun(d.object("meta_data"))));
        types.put("experiment.stats_updated", d -> new Event.ExperimentStatsUpdated(d.text("experiment_id"),
                d.text("experiment_key"), d.text("project"), d.text("environment"), d.optionalText("actor"),
                d.date("asOfDate"), d.choice("computeReason", ComputeReason.class),
                variations(d), comparisons(d), d.integer("sessions")));
        types.put("experiment.reached_significance", d -> new Event.ExperimentReachedSignificance(
                d.text("experiment_id"), d.text("experiment_key"), d.text("project"), d.text("environment"),
                d.optionalText("actor"), d.text("variation"), d.text("metric"), variations(d), comparisons(d),
                d.date("asOfDate")));
        types.put("settings.changed", d -> new Event.SettingsChanged(d.text("experiment_id"), d.text("experiment_key"),
                d.text("project"), d.text("environment"), d.optionalText("actor"), d.text("action"),
                d.text("triggered_by"), d.integer("version"), d.text("path")));
        types.put("flag.created", d -> new Event.FlagCreated(d.text("flag_id"), d.text("flag_key"), d.text("project"),
                d.optionalText("environment"), d.optionalText("actor")));
        types.put("flag.removed", d -> new Event.FlagRemoved(d.text("flag_id"), d.text("flag_key"), d.text("project"),
                d.optionalText("environment"), d.optionalText("actor")));
        types.put("access.project.granted", d -> new Event.ProjectAccessGranted(d.text("user_id"), d.text("project"),
                d.choice("role", Role.class), d.optionalText("actor")));
        types.put("access.project.edit_granted", d -> new Event.ProjectAccessEditGranted(d.text("user_id"),
                d.text("project"), d.choice("role", Role.class), d.optionalText("actor")));
        types.put("access.project.removed", d -> new Event.ProjectAccessRemoved(d.text("user_id"), d.text("project"),
                d.optionalText("actor")));
        types.put("access.account.granted", d -> new Event.AccountAccessGranted(d.text("user_id"),
                d.choice("role", Role.class), d.optionalText("actor")));
        types.put("access.account.edit_granted", d -> new Event.AccountAccessEditGranted(d.text("user_id"),
                d.choice("role", Role.class), d.optionalText("actor")));
        types.put("access.account.removed", d -> new Event.AccountAccessRemoved(d.text("user_id"),
                d.optionalText("actor")));
        types.put("webhook.ping", d -> new Event.WebhookPing(d.text("message"), d.text("webhook_id")));
        types.put("webhook.disabled", d -> new Event.WebhookDisabled(d.text("webhook_id"), d.text("url"),
                d.integer("consecutive_failures"), d.instant("disabled_at"),
                d.optionalChoice("reason", Event.DisableReason.class)));
        return java.util.Collections.unmodifiableMap(types);
    }

    /** The six status-change types share one shape: the experiment, then {@code from} and {@code to}. */
    @FunctionalInterface
    private interface StatusChangeRecord {
        Event make(String experimentId, String experimentKey, String project, String environment,
                Optional<String> actor, ExperimentStatus from, ExperimentStatus to);
    }

    private static Function<Fields, Event> statusChange(StatusChangeRecord record) {
        return d -> record.make(d.text("experiment_id"), d.text("experiment_key"), d.text("project"),
                d.text("environment"), d.optionalText("actor"), d.choice("from", ExperimentStatus.class),
                d.choice("to", ExperimentStatus.class));
    }

    private static AnalysisRun analysisRun(Fields m) {
        return new AnalysisRun(m.choice("status", AnalysisStatus.class), m.bool("is_manual_refresh"),
                m.bool("is_data_updated"), m.number("time_taken_seconds"), m.bool("is_traffic_imbalance"),
                m.nullableDate("assignments_scan_start_date"), m.nullableDate("assignments_scan_end_date"));
    }

    private static List<VariationUnits> variations(Fields d) {
        return d.objects("variations").stream().map(v -> new VariationUnits(v.text("key"), v.integer("units"))).toList();
    }

    private static List<Comparison> comparisons(Fields d) {
        return d.objects("comparisons").stream().map(EventReader::comparison).toList();
    }

    private static Comparison comparison(Fields c) {
        return new Comparison(c.text("metric"), c.text("variation"), c.text("control"), c.nullableNumber("relativeLift"),
                c.nullableNumber("ciLow"), c.nullableNumber("ciHigh"), c.number("absoluteLift"),
                c.number("absoluteCiLow"), c.number("absoluteCiHigh"), c.nullableNumber("pValue"),
                c.bool("significant"));
    }
}
