package herald.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The {@code data} of a delivery, one record per event type of Herald's catalog ({@code GET /v1/event-types}),
 * with the catalog's field names in camel case ({@code experiment_id} is {@code experimentId()}). A field
 * the catalog does not require is an {@code Optional}. Sealed, so a {@code switch} can cover every type:
 *
 * <pre>{@code
 * switch (delivery.event()) {
 *     case Event.ExperimentStarted e -> rollout.begin(e.experimentKey());
 *     case Event.FlagRemoved e -> flags.evict(e.flagKey());
 *     default -> { }
 * }
 * }</pre>
 *
 * <p>A type newer than this library arrives as {@link Unknown}, with its raw data, rather than failing.
 */
public sealed interface Event {

    /** The catalog name of the type, e.g. {@code experiment.started}. */
    String type();

    /** Every event type this library has a record for. */
    static Set<String> knownTypes() {
        return EventReader.TYPES.keySet();
    }

    /** Statuses of an experiment. */
    enum ExperimentStatus { DRAFT, RUNNING, PAUSED, COMPLETED }

    /** A member's role on a project or the account. */
    enum Role { VIEWER, EDITOR }

    /** Whether a metric was added to an experiment or removed from it. */
    enum MetricAction { ADDED, REMOVED }

    /** Whether an analysis run succeeded. */
    enum AnalysisStatus { SUCCESS, FAILURE }

    /** Why statistics were recomputed. */
    enum ComputeReason { SCHEDULED, MANUAL, STATUS_CHANGED, COST_CHANGED, WINDOW_CHANGED }

    /** Why Herald disabled a webhook: failed attempts in a row, or its receiver answered 410 Gone. */
    enum DisableReason { CONSECUTIVE_FAILURES, GONE }

    /** Every experiment event names the experiment, its project and environment, and who caused it. */
    sealed interface ExperimentEvent extends Event {
        String experimentId();

        String experimentKey();

        String project();

        String environment();

        /** A user id, or {@code scheduler} for automatic changes. */
        Optional<String> actor();
    }

    /** An experiment's status changed from one value to another. */
    sealed interface StatusChange extends ExperimentEvent {
        ExperimentStatus from();

        ExperimentStatus to();
    }

    /** {@code experiment.created}: created in any status (usually draft), also by cloning. */
    record ExperimentCreated(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, Optional<String> name, Optional<ExperimentStatus> status,
            Optional<String> clonedFrom) implements ExperimentEvent {
        public String type() {
            return "experiment.created";
        }
    }

    /** {@code experiment.started}: draft to running. */
    record ExperimentStarted(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, ExperimentStatus from, ExperimentStatus to) implements StatusChange {
        public String type() {
            return "experiment.started";
        }
    }

    /** {@code experiment.paused}: running to paused. */
    record ExperimentPaused(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, ExperimentStatus from, ExperimentStatus to) implements StatusChange {
        public String type() {
            return "experiment.paused";
        }
    }

    /** {@code experiment.resumed}: paused to running. */
    record ExperimentResumed(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, ExperimentStatus from, ExperimentStatus to) implements StatusChange {
        public String type() {
            return "experiment.resumed";
        }
    }

    /** {@code experiment.stopped}: completed by a user. */
    record ExperimentStopped(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, ExperimentStatus from, ExperimentStatus to) implements StatusChange {
        public String type() {
            return "experiment.stopped";
        }
    }

    /** {@code experiment.completed}: completed automatically, e.g. at its end date. */
    record ExperimentCompleted(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, ExperimentStatus from, ExperimentStatus to) implements StatusChange {
        public String type() {
            return "experiment.completed";
        }
    }

    /** {@code experiment.status.updated}: sent with every status change above. */
    record ExperimentStatusUpdated(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, ExperimentStatus from, ExperimentStatus to) implements StatusChange {
        public String type() {
            return "experiment.status.updated";
        }
    }

    /** {@code experiment.configuration.updated}: a user edited the configuration. */
    record ExperimentConfigurationUpdated(String experimentId, String experimentKey, String project,
            String environment, Optional<String> actor, List<ConfigurationChange> changes) implements ExperimentEvent {
        public String type() {
            return "experiment.configuration.updated";
        }
    }

    /** One edited field, with its JSON values before and after. */
    record ConfigurationChange(String field, JsonNode before, JsonNode after) {
    }

    /** {@code experiment.metric.updated}: a metric or a collection's metrics added or removed. */
    record ExperimentMetricUpdated(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, MetricAction action, Optional<String> metric, Optional<String> collection,
            Optional<List<String>> metrics) implements ExperimentEvent {
        public String type() {
            return "experiment.metric.updated";
        }
    }

    /** {@code experiment.calculated_metrics.updated}: an analysis ran, successfully or not. */
    record ExperimentCalculatedMetricsUpdated(String experimentId, String experimentKey, String project,
            String environment, Optional<String> actor, AnalysisRun metaData) implements ExperimentEvent {
        public String type() {
            return "experiment.calculated_metrics.updated";
        }
    }

    /** How an analysis run went ({@code meta_data}, as in Eppo's webhook). */
    record AnalysisRun(AnalysisStatus status, boolean isManualRefresh, boolean isDataUpdated, double timeTakenSeconds,
            boolean isTrafficImbalance, Optional<LocalDate> assignmentsScanStartDate,
            Optional<LocalDate> assignmentsScanEndDate) {
    }

    /** {@code experiment.stats_updated}: statistics recomputed. */
    record ExperimentStatsUpdated(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, LocalDate asOfDate, ComputeReason computeReason, List<VariationUnits> variations,
            List<Comparison> comparisons, long sessions) implements ExperimentEvent {
        public String type() {
            return "experiment.stats_updated";
        }
    }

    /** Units assigned to a variation. */
    record VariationUnits(String key, long units) {
    }

    /**
     * A variation against control on one metric. Relative figures and the p-value are empty when they
     * cannot be computed (e.g. a control mean of zero).
     */
    record Comparison(String metric, String variation, String control, OptionalDouble relativeLift,
            OptionalDouble ciLow, OptionalDouble ciHigh, double absoluteLift, double absoluteCiLow,
            double absoluteCiHigh, OptionalDouble pValue, boolean significant) {
    }

    /**
     * {@code experiment.reached_significance}: a variation crossed the threshold on a metric for the first time;
     * {@code comparisons} and {@code variations} are the whole run's, as in {@link ExperimentStatsUpdated}.
     */
    record ExperimentReachedSignificance(String experimentId, String experimentKey, String project,
            String environment, Optional<String> actor, String variation, String metric, List<VariationUnits> variations,
            List<Comparison> comparisons, LocalDate asOfDate) implements ExperimentEvent {
        public String type() {
            return "experiment.reached_significance";
        }
    }

    /**
     * {@code settings.changed}: the SDK settings running experiments depend on changed (VWO's webhook). The
     * environment's settings document is at {@code path}, at {@code version} or later.
     */
    record SettingsChanged(String experimentId, String experimentKey, String project, String environment,
            Optional<String> actor, String action, String triggeredBy, long version, String path)
            implements ExperimentEvent {
        public String type() {
            return "settings.changed";
        }
    }

    /** {@code flag.created}; {@code environment} is empty for a flag of every environment of its project. */
    record FlagCreated(String flagId, String flagKey, String project, Optional<String> environment,
            Optional<String> actor) implements Event {
        public String type() {
            return "flag.created";
        }
    }

    /** {@code flag.removed}; {@code environment} is empty for a flag of every environment of its project. */
    record FlagRemoved(String flagId, String flagKey, String project, Optional<String> environment,
            Optional<String> actor) implements Event {
        public String type() {
            return "flag.removed";
        }
    }

    /** {@code access.project.granted}: a member was given access to a project. */
    record ProjectAccessGranted(String userId, String project, Role role, Optional<String> actor) implements Event {
        public String type() {
            return "access.project.granted";
        }
    }

    /** {@code access.project.edit_granted}: a member's role on a project changed. */
    record ProjectAccessEditGranted(String userId, String project, Role role, Optional<String> actor)
            implements Event {
        public String type() {
            return "access.project.edit_granted";
        }
    }

    /** {@code access.project.removed}: a member lost access to a project. */
    record ProjectAccessRemoved(String userId, String project, Optional<String> actor) implements Event {
        public String type() {
            return "access.project.removed";
        }
    }

    /** {@code access.account.granted}: a member was given access to the account. */
    record AccountAccessGranted(String userId, Role role, Optional<String> actor) implements Event {
        public String type() {
            return "access.account.granted";
        }
    }

    /** {@code access.account.edit_granted}: a member's account role changed. */
    record AccountAccessEditGranted(String userId, Role role, Optional<String> actor) implements Event {
        public String type() {
            return "access.account.edit_granted";
        }
    }

    /** {@code access.account.removed}: a member lost access to the account. */
    record AccountAccessRemoved(String userId, Optional<String> actor) implements Event {
        public String type() {
            return "access.account.removed";
        }
    }

    /** {@code webhook.ping}: sent by the webhook's test action. */
    record WebhookPing(String message, String webhookId) implements Event {
        public String type() {
            return "webhook.ping";
        }
    }

    /** {@code webhook.disabled}: Herald disabled another webhook of the account, and says why. */
    record WebhookDisabled(String webhookId, String url, long consecutiveFailures, Instant disabledAt,
                           Optional<DisableReason> reason) implements Event {
        public String type() {
            return "webhook.disabled";
        }
    }

    /** An event type this library does not know yet; {@code data} is as sent. */
    record Unknown(String type, JsonNode data) implements Event {
    }
}
