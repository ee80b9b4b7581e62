package herald.format;

import com.fasterxml.jackson.databind.JsonNode;
import herald.format.Summary.Fact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an event into a {@link Summary}: a title per catalog type, the experiment, flag, member or
 * webhook it is about, and the facts that matter for that type. A type without its own wording (one
 * added to the catalog later) still reads well: its name, and its data's plain fields as facts.
 */
final class Summaries {

    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("experiment.created", "Experiment created"),
            Map.entry("experiment.started", "Experiment started"),
            Map.entry("experiment.paused", "Experiment paused"),
            Map.entry("experiment.resumed", "Experiment resumed"),
            Map.entry("experiment.stopped", "Experiment stopped"),
            Map.entry("experiment.completed", "Experiment completed"),
            Map.entry("experiment.status.updated", "Experiment status changed"),
            Map.entry("experiment.configuration.updated", "Experiment configuration changed"),
            Map.entry("experiment.metric.updated", "Experiment metrics changed"),
            Map.entry("experiment.calculated_metrics.updated", "Experiment results recalculated"),
            Map.entry("experiment.stats_updated", "Experiment statistics updated"),
            Map.entry("experiment.reached_significance", "Experiment reached significance"),
            Map.entry("settings.changed", "SDK settings changed"),
            Map.entry("flag.created", "Flag created"),
            Map.entry("flag.removed", "Flag removed"),
            Map.entry("access.project.granted", "Project access granted"),
            Map.entry("access.project.edit_granted", "Project edit access granted"),
            Map.entry("access.project.removed", "Project access removed"),
            Map.entry("access.account.granted", "Account access granted"),
            Map.entry("access.account.edit_granted", "Account edit access granted"),
            Map.entry("access.account.removed", "Account access removed"),
            Map.entry("webhook.ping", "Test delivery from Herald"),
            Map.entry("webhook.disabled", "Webhook disabled"));

    private Summaries() {}

    static Summary of(Rendering r) {
        String type = r.event().type();
        String title = TITLES.getOrDefault(type, type);
        Instant at = Instant.ofEpochMilli(r.event().createdAt());
        List<Fact> facts = new ArrayList<>();
        if (!r.text("experiment_id").isEmpty()) {
            facts(facts, r, "Project", "project", "Environment", "environment");
            return new Summary(title, r.text("experiment_key"), experimentChange(r, type, facts), withActor(facts, r),
                    r.links().experiment(r.text("experiment_id")), type, at);
        }
        String link = r.links().delivery(r.deliveryId());
        return switch (type) {
            case "flag.created", "flag.removed" -> new Summary(title, r.text("flag_key"), Optional.empty(),
                    withActor(facts(facts, r, "Project", "project"), r), link, type, at);
            case "webhook.ping" -> new Summary(title, "", Optional.empty(), facts(facts, r, "Message", "message"),
                    r.links().webhook(r.text("webhook_id")), type, at);
            case "webhook.disabled" -> new Summary(title, r.text("url"),
                    Optional.of("after " + r.text("consecutive_failures") + " consecutive failed attempts"),
                    facts, r.links().webhook(r.text("webhook_id")), type, at);
            default -> type.startsWith("access.")
                    ? new Summary(title, r.text("user_id"), Optional.empty(),
                            withActor(facts(facts, r, "Project", "project", "Role", "role"), r), link, type, at)
                    : new Summary(title, "", Optional.empty(), plainFields(r), link, type, at);
        };
    }

    /** The change an experiment event describes, adding the facts particular to its type. */
    private static Optional<String> experimentChange(Rendering r, String type, List<Fact> facts) {
        JsonNode data = r.data();
        if (data.hasNonNull("from") && data.hasNonNull("to")) {
            return Optional.of(r.text("from") + " → " + r.text("to"));
        }
        switch (type) {
            case "experiment.created" -> facts(facts, r, "Name", "name", "Status", "status");
            case "experiment.configuration.updated" -> {
                List<String> fields = new ArrayList<>();
                data.path("changes").forEach(c -> fields.add(c.path("field").asText()));
                return Optional.of(fields.isEmpty() ? "edited" : String.join(", ", fields) + " edited");
            }
            case "experiment.metric.updated" -> {
                String what = r.text("collection").isEmpty() ? r.text("metric") : r.text("collection");
                return Optional.of((r.text("action") + " " + what).strip());
            }
            case "experiment.calculated_metrics.updated" -> {
                JsonNode meta = data.path("meta_data");
                facts.add(new Fact("Traffic imbalance", meta.path("is_traffic_imbalance").asBoolean() ? "yes" : "no"));
                facts.add(new Fact("Refresh", meta.path("is_manual_refresh").asBoolean() ? "manual" : "scheduled"));
                return Optional.of(meta.path("status").asText());
            }
            case "experiment.stats_updated" -> {
                facts(facts, r, "Reason", "computeReason");
                return Optional.of("as of " + r.text("asOfDate"));
            }
            case "experiment.reached_significance" -> {
                return Optional.of(r.text("variation") + " on " + r.text("metric"));
            }
            case "settings.changed" -> {
                facts(facts, r, "Settings version", "version");
                return Optional.of(r.text("action"));
            }
            default -> { }
        }
        return Optional.empty();
    }

    /** Adds a fact per (label, field) pair whose field has a value. */
    private static List<Fact> facts(List<Fact> facts, Rendering r, String... labelsAndFields) {
        for (int i = 0; i < labelsAndFields.length; i += 2) {
            String value = r.text(labelsAndFields[i + 1]);
            if (!value.isEmpty()) {
                facts.add(new Fact(labelsAndFields[i], value));
            }
        }
        return facts;
    }

    private static List<Fact> withActor(List<Fact> facts, Rendering r) {
        return facts(facts, r, "By", "actor");
    }

    private static List<Fact> plainFields(Rendering r) {
        List<Fact> facts = new ArrayList<>();
        r.data().properties().forEach(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                facts.add(new Fact(e.getKey(), e.getValue().asText()));
            }
        });
        return facts;
    }
}
