package herald.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import herald.problem.Invalid;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class EventCatalogTest {

    /** Contract section 5, in the table's order. */
    static final List<String> CONTRACT_TYPES = List.of(
            "experiment.created",
            "experiment.started",
            "experiment.paused",
            "experiment.resumed",
            "experiment.stopped",
            "experiment.completed",
            "experiment.status.updated",
            "experiment.configuration.updated",
            "experiment.metric.updated",
            "experiment.calculated_metrics.updated",
            "experiment.stats_updated",
            "experiment.reached_significance",
            "settings.changed",
            "flag.created",
            "flag.removed",
            "access.project.granted",
            "access.project.edit_granted",
            "access.project.removed",
            "access.account.granted",
            "access.account.edit_granted",
            "access.account.removed",
            "webhook.ping",
            "webhook.disabled");

    static final List<String> EXPERIMENT_TYPES =
            CONTRACT_TYPES.stream().filter(name -> name.startsWith("experiment.")).toList();

    static final List<String> EXPERIMENT_FIELDS = List.of("experiment_id", "experiment_key", "project", "environment");

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventCatalog catalog = EventCatalog.load(mapper);

    @Test
    void listsEveryContractEventTypeInTheContractsOrder() {
        assertThat(catalog.types()).extracting(EventType::name).containsExactlyElementsOf(CONTRACT_TYPES);
    }

    @Test
    void everyTypeHasADescriptionASchemaAndAnObjectExample() {
        for (EventType type : catalog.types()) {
            assertThat(type.description()).as(type.name()).isNotBlank().endsWith(".");
            assertThat(type.schema().path("$schema").asText())
                    .as(type.name()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(type.schema().path("type").asText()).as(type.name()).isEqualTo("object");
            assertThat(type.example().isObject()).as(type.name()).isTrue();
        }
    }

    @Test
    void everySchemaIsAValidDraft202012Schema() {
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (EventType type : catalog.types()) {
            assertThat(metaSchema.validate(type.schema())).as(type.name()).isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("CONTRACT_TYPES")
    void exampleValidates(String name) {
        EventType type = catalog.find(name).orElseThrow();
        assertThatCode(() -> catalog.validate(name, type.example())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @FieldSource("EXPERIMENT_TYPES")
    void experimentEventsRequireTheFourExperimentFields(String name) {
        for (String field : EXPERIMENT_FIELDS) {
            ObjectNode data = example(name);
            data.remove(field);

            Invalid invalid = invalid(name, data);

            assertThat(invalid.code()).as(field).isEqualTo("invalid_data");
            assertThat(invalid.field()).as(field).contains("data." + field);
            assertThat(invalid.getMessage()).as(field).contains("data." + field, "required");
        }
    }

    @ParameterizedTest
    @FieldSource("EXPERIMENT_TYPES")
    void experimentIdMustBeAString(String name) {
        ObjectNode data = example(name);
        data.put("experiment_id", 42);

        Invalid invalid = invalid(name, data);

        assertThat(invalid.code()).isEqualTo("invalid_data");
        assertThat(invalid.field()).contains("data.experiment_id");
        assertThat(invalid.getMessage()).contains("integer", "string");
    }

    @Test
    void platformEventsAllowAnActorButNotOfTheWrongType() {
        for (String name : CONTRACT_TYPES.stream().filter(n -> !n.startsWith("webhook.")).toList()) {
            ObjectNode data = example(name);
            data.put("actor", "usr_1");
            assertThatCode(() -> catalog.validate(name, data)).as(name).doesNotThrowAnyException();
            data.put("actor", 7);
            assertThat(invalid(name, data).field()).as(name).contains("data.actor");
        }
    }

    @Test
    void publishersMayAddFields() {
        ObjectNode data = example("flag.created");
        data.put("flag_name", "New checkout");

        assertThatCode(() -> catalog.validate("flag.created", data)).doesNotThrowAnyException();
    }

    @Test
    void reportsTheFirstErrorByLocation() {
        ObjectNode data = example("experiment.started");
        data.remove("project");
        data.remove("experiment_key");
        data.put("to", "paused");

        Invalid invalid = invalid("experiment.started", data);

        assertThat(invalid.field()).contains("data.experiment_key");
    }

    @Test
    void locatesErrorsInsideArraysByIndex() {
        ObjectNode data = example("experiment.configuration.updated");
        ((ObjectNode) data.withArray("changes").get(1)).remove("after");

        assertThat(invalid("experiment.configuration.updated", data).field()).contains("data.changes[1].after");
    }

    @Test
    void statusChangesOnlyAcceptKnownStatuses() {
        ObjectNode data = example("experiment.status.updated");
        data.put("to", "archived");

        Invalid invalid = invalid("experiment.status.updated", data);

        assertThat(invalid.field()).contains("data.to");
        assertThat(invalid.getMessage()).contains("draft", "running", "paused", "completed");
    }

    @Test
    void lifecycleEventsPinTheirTransition() {
        ObjectNode data = example("experiment.started");
        data.put("from", "paused");

        assertThat(invalid("experiment.started", data).field()).contains("data.from");
    }

    @Test
    void aMetricChangeNamesExactlyOneOfMetricAndCollection() {
        ObjectNode neither = example("experiment.metric.updated");
        neither.remove("collection");
        ObjectNode both = example("experiment.metric.updated");
        both.put("metric", "purchase");
        ObjectNode metricOnly = example("experiment.metric.updated");
        metricOnly.remove("collection");
        metricOnly.put("metric", "purchase");

        for (ObjectNode data : List.of(neither, both)) {
            Invalid invalid = invalid("experiment.metric.updated", data);
            assertThat(invalid.field()).contains("data");
            assertThat(invalid.getMessage()).contains("exactly one of metric and collection");
        }
        assertThatCode(() -> catalog.validate("experiment.metric.updated", metricOnly)).doesNotThrowAnyException();
    }

    @Test
    void aFailedAnalysisRunMayHaveNoScanDatesButASuccessfulOneMust() {
        ObjectNode data = example("experiment.calculated_metrics.updated");
        ObjectNode metaData = data.withObject("meta_data");
        metaData.putNull("assignments_scan_start_date");
        metaData.putNull("assignments_scan_end_date");

        assertThat(invalid("experiment.calculated_metrics.updated", data).field())
                .contains("data.meta_data.assignments_scan_end_date");

        metaData.put("status", "failure");
        assertThatCode(() -> catalog.validate("experiment.calculated_metrics.updated", data))
                .doesNotThrowAnyException();
    }

    @Test
    void checksDateFormats() {
        ObjectNode data = example("webhook.disabled");
        data.put("disabled_at", "yesterday");

        assertThat(invalid("webhook.disabled", data).field()).contains("data.disabled_at");
    }

    @Test
    void rejectsAnUnknownEventType() {
        Invalid invalid = invalid("experiment.exploded", example("experiment.created"));

        assertThat(invalid.code()).isEqualTo("unknown_event_type");
        assertThat(invalid.field()).contains("type");
        assertThat(invalid.getMessage()).contains("experiment.exploded");
    }

    @Test
    void rejectsDataThatIsNotAnObject() {
        ArrayNode array = mapper.createArrayNode().add(example("experiment.created"));
        for (JsonNode data : List.of(array, mapper.getNodeFactory().textNode("exp_1"), mapper.nullNode())) {
            Invalid invalid = invalid("experiment.created", data);
            assertThat(invalid.code()).as(data.toString()).isEqualTo("invalid_data");
            assertThat(invalid.field()).as(data.toString()).contains("data");
        }
        assertThat(invalid("experiment.created", null).code()).isEqualTo("invalid_data");
    }

    @Test
    void findsAndContainsOnlyCatalogTypes() {
        assertThat(catalog.find("webhook.ping")).map(EventType::name).contains("webhook.ping");
        assertThat(catalog.find("webhook.pong")).isEmpty();
        assertThat(catalog.find("*")).isEmpty();
        assertThat(catalog.contains("settings.changed")).isTrue();
        assertThat(catalog.contains("Settings.Changed")).isFalse();
        assertThat(catalog.contains("test.started")).isFalse();
    }

    /** The Eraya seed: "test.reached_significance ... additionally includes the computed comparisons, variations, asOfDate". */
    @Test
    void theSignificanceBodyFollowsTheErayaSeed() {
        JsonNode schema = catalog.find("experiment.reached_significance").orElseThrow().schema();
        JsonNode stats = catalog.find("experiment.stats_updated").orElseThrow().schema();
        assertThat(schema.path("required")).extracting(JsonNode::asText)
                .contains("variation", "metric", "comparisons", "variations", "asOfDate").doesNotContain("comparison");
        assertThat(schema.path("properties").has("comparison")).isFalse();
        assertThat(schema.path("properties").path("comparisons").path("items"))
                .isEqualTo(stats.path("properties").path("comparisons").path("items"));
        assertThat(schema.path("properties").path("variations").path("items"))
                .isEqualTo(stats.path("properties").path("variations").path("items"));
        ObjectNode one = example("experiment.reached_significance");
        one.set("comparisons", one.path("comparisons").get(0));
        assertThat(invalid("experiment.reached_significance", one).field()).contains("data.comparisons");
    }

    @Test
    void settingsChangedNamesTheVersionAndPathOfTheSettingsDocument() {
        JsonNode schema = catalog.find("settings.changed").orElseThrow().schema();
        assertThat(schema.path("required")).extracting(JsonNode::asText).contains("version", "path");
        for (String path : List.of("/v1/projects/prj_1/environments/production", "https://example.com/settings",
                "/v1/projects/prj_1/environments/a/b/settings")) {
            ObjectNode data = example("settings.changed").put("path", path);
            assertThat(invalid("settings.changed", data).field()).as(path).contains("data.path");
        }
        assertThat(invalid("settings.changed", example("settings.changed").put("version", 0)).field())
                .contains("data.version");
    }

    @Test
    void flagEventsMayNameTheFlagsEnvironment() {
        for (String type : List.of("flag.created", "flag.removed")) {
            ObjectNode data = example(type);
            assertThat(data.path("environment").asText()).isEqualTo("production");
            data.remove("environment");
            catalog.validate(type, data);
            assertThat(invalid(type, data.put("environment", "")).field()).contains("data.environment");
        }
    }

    private ObjectNode example(String name) {
        return (ObjectNode) catalog.find(name).orElseThrow().example().deepCopy();
    }

    private Invalid invalid(String type, JsonNode data) {
        Invalid invalid = catchThrowableOfType(Invalid.class, () -> catalog.validate(type, data));
        assertThat(invalid).as("%s with %s", type, data).isNotNull();
        assertThat(invalid.status()).isEqualTo(422);
        return invalid;
    }
}
