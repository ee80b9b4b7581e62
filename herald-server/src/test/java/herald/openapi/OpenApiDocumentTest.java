package herald.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import herald.account.Plan;
import herald.delivery.Status;
import herald.http.ApiServer;
import herald.member.Role;
import herald.webhook.Format;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} cannot drift from the server: every route served is described and every route
 * described is served; an independent OpenAPI parser finds nothing wrong; every catalog event type is a
 * webhook carrying the catalog's own schema.
 */
@WithHerald
class OpenApiDocumentTest {

    static final String SOURCE = "herald-server/src/main/resources/herald/openapi/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static TestHerald herald;
    private static OpenApiContract contract;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        contract = new OpenApiContract(herald.anonymous());
        document = contract.document();
        saveForLinters(herald.anonymous().get("/openapi.json").raw());
    }

    /** CI lints the document as served (webhooks included) with a second, independent tool: see .ci/run. */
    private static void saveForLinters(String json) {
        try {
            Files.writeString(Path.of("target", "openapi.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyRouteTheServerAnswersIsInTheDocument() {
        Set<String> described = described();
        List<String> missing = served().stream().filter(route -> !described.contains(route)).toList();

        assertThat(missing).as(() -> String.join("\n", missing.stream().map(route -> route
                + " is served but /openapi.json does not describe it: add paths.\"" + route.substring(route.indexOf(' ') + 1)
                + "\"." + route.substring(0, route.indexOf(' ')).toLowerCase() + " to " + SOURCE
                + " (copy a neighbouring operation: parameters, request body, every status it answers)").toList()))
                .isEmpty();
    }

    @Test
    void everyRouteInTheDocumentIsServed() {
        Set<String> served = served();
        List<String> extra = described().stream().filter(route -> !served.contains(route)).toList();

        assertThat(extra).as(() -> String.join("\n", extra.stream().map(route -> route
                + " is described in " + SOURCE + " but the server has no such route: remove it or register it").toList()))
                .isEmpty();
    }

    @Test
    void anIndependentOpenApiParserFindsTheDocumentValid() {
        Api.Response served = herald.anonymous().get("/openapi.json");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served.raw(), null, options);

        assertThat(result.getMessages()).as("messages of swagger-parser").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).hasSize(document.path("paths").size());
        assertThat(result.getOpenAPI().getWebhooks()).hasSize(document.path("webhooks").size());
    }

    @Test
    void everyPathParameterIsDeclaredAndEveryOperationIdIsUnique() {
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            String id = op.getValue().path("operationId").asText();
            if (id.isEmpty() || !operationIds.add(id)) {
                problems.add(op.getKey() + " " + path.getKey() + ": operationId missing or repeated: '" + id + "'");
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : op.getValue().path("parameters")) {
                JsonNode resolved = parameter.has("$ref") ? document.at(parameter.path("$ref").asText().substring(1)) : parameter;
                if (resolved.path("in").asText().equals("path")) {
                    declared.add(resolved.path("name").asText());
                }
            }
            Set<String> inPath = new TreeSet<>();
            Matcher names = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (names.find()) {
                inPath.add(names.group(1));
            }
            if (!declared.equals(inPath)) {
                problems.add(op.getKey() + " " + path.getKey() + ": path parameters " + inPath + " but declared " + declared);
            }
            if (!op.getValue().path("responses").isObject() || op.getValue().path("responses").isEmpty()) {
                problems.add(op.getKey() + " " + path.getKey() + ": no responses");
            }
        }));

        assertThat(problems).isEmpty();
    }

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        List<String> problems = new ArrayList<>();
        examples(document, "", problems);

        assertThat(problems).isEmpty();
    }

    /** Finds every media type with an example beside its schema, anywhere in the document. */
    private static void examples(JsonNode node, String pointer, List<String> problems) {
        if (node.isObject() && node.has("schema") && node.has("example")) {
            var errors = contract.schema(pointer + "/schema").validate(node.path("example"));
            if (!errors.isEmpty()) {
                problems.add(pointer + ": " + errors);
            }
        }
        if (node.isContainerNode()) {
            node.properties().forEach(member -> examples(member.getValue(),
                    pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1"), problems));
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                examples(node.get(i), pointer + "/" + i, problems);
            }
        }
    }

    @Test
    void theDocumentsEnumerationsAreTheServersOwn() {
        assertThat(enumeration("Format")).containsExactlyElementsOf(
                Stream.of(Format.values()).map(Format::wireName).toList());
        assertThat(enumeration("DeliveryStatus")).containsExactlyInAnyOrderElementsOf(
                Stream.of(Status.values()).map(Status::wireName).toList());
        assertThat(enumeration("Plan")).containsExactlyElementsOf(Stream.of(Plan.values()).map(Plan::wireName).toList());
        assertThat(enumeration("Role")).containsExactlyInAnyOrderElementsOf(
                Stream.of(Role.values()).map(Role::wireName).toList());
    }

    private static List<String> enumeration(String schema) {
        List<String> values = new ArrayList<>();
        document.path("components").path("schemas").path(schema).path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void everyCatalogEventTypeIsAWebhookWithTheCatalogsSchemaAndAValidExample() {
        Api api = herald.account("growth");
        JsonNode catalog = api.get("/v1/event-types").json().path("data");
        List<String> names = new ArrayList<>();
        catalog.forEach(type -> names.add(type.path("name").asText()));

        assertThat(iterable(document.path("webhooks").fieldNames())).containsExactlyElementsOf(names);
        for (JsonNode type : catalog) {
            String name = type.path("name").asText();
            String pointer = "/webhooks/" + name + "/post/requestBody/content/application~1json";
            JsonNode data = document.at(pointer + "/schema/allOf/1/properties/data");
            JsonNode expected = type.path("schema").deepCopy();
            ((ObjectNode) expected).remove("$schema");
            expected.findParents("errorMessage").forEach(parent -> ((ObjectNode) parent).remove("errorMessage"));
            assertThat(data).as(name).isEqualTo(expected);
            assertThat(document.at(pointer + "/example/data")).as(name).isEqualTo(type.path("example"));
            assertThat(contract.schema(pointer + "/schema").validate(document.at(pointer + "/example")))
                    .as("the example of %s against its webhook schema", name).isEmpty();
        }
    }

    @Test
    void aWebhookSchemaRefusesAnEnvelopeOfAnotherTypeOrWithoutItsRequiredData() {
        String pointer = "/webhooks/flag.created/post/requestBody/content/application~1json";
        JsonNode example = document.at(pointer + "/example");
        var schema = contract.schema(pointer + "/schema");

        var otherType = example.deepCopy();
        ((ObjectNode) otherType).put("type", "flag.removed");
        var noData = example.deepCopy();
        ((ObjectNode) noData).putObject("data");

        assertThat(schema.validate(example)).isEmpty();
        assertThat(schema.validate(otherType)).isNotEmpty();
        assertThat(schema.validate(noData)).isNotEmpty();
    }

    /** "GET /v1/webhooks/{id}" for every API route; the dashboard's HTML pages are for browsers, not the API. */
    private static Set<String> served() {
        Set<String> routes = new LinkedHashSet<>();
        for (ApiServer.Route route : herald.app().routes()) {
            if (route.path().equals("/dashboard") || route.path().startsWith("/dashboard/")) {
                continue;
            }
            routes.add(route.method() + " " + route.path().replaceAll("<([^>]+)>", "{$1}"));
        }
        return routes;
    }

    private static Set<String> described() {
        Set<String> routes = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (METHODS.contains(method)) {
                    routes.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return routes;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
