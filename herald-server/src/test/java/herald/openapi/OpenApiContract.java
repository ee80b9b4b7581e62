package herald.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.Keyword;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationContext;
import com.networknt.schema.ValidationMessage;
import herald.Api;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holds real answers to the document served at {@code /openapi.json}: the operation must exist, the
 * status must be one it lists, and the body must validate against the schema it gives for that status
 * (JSON Schema 2020-12, references resolved inside the document, formats asserted).
 */
final class OpenApiContract {

    /** Where the schema loader finds the document; never fetched from anywhere. */
    private static final String BASE = "https://herald.invalid/openapi.json";

    private static final Set<String> TOP_LEVEL = Set.of("openapi", "info", "jsonSchemaDialect", "servers", "security",
            "tags", "paths", "components", "webhooks", "externalDocs");

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .locale(Locale.ENGLISH).formatAssertionsEnabled(true).build();

    OpenApiContract(Api anonymous) {
        Api.Response served = anonymous.get("/openapi.json");
        assertThat(served.status()).as(served.raw()).isEqualTo(200);
        this.document = served.json();
        JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .unknownKeywordFactory(OpenApiContract::outsideSchemas).build();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, served.raw()))));
    }

    /**
     * The document's top level is read as a schema resource so that references resolve: its OpenAPI
     * members are not keywords. Any other unknown keyword is a misspelt one in a schema, and fails.
     */
    private static Keyword outsideSchemas(String keyword, ValidationContext context) {
        if (TOP_LEVEL.contains(keyword)) {
            return new NonValidationKeyword(keyword);
        }
        throw new AssertionError("'" + keyword + "' is not a JSON Schema 2020-12 keyword (misspelt in /openapi.json?)");
    }

    JsonNode document() {
        return document;
    }

    /** The schema at a JSON pointer of the document, e.g. {@code /components/schemas/Webhook}. */
    JsonSchema schema(String pointer) {
        return factory.getSchema(SchemaLocation.of(BASE + "#" + pointer), config);
    }

    /**
     * Checks {@code response} against the document's answer for {@code method path} and returns it; when
     * Herald accepted the request, its JSON body must also fit the operation's request schema, so the
     * document never describes a request stricter or looser than one Herald takes.
     */
    Api.Response check(String method, String path, String requestBody, Api.Response response) {
        String template = template(path).orElseThrow(() -> new AssertionError(
                "no path of /openapi.json matches " + path));
        String op = method.toLowerCase(Locale.ROOT);
        JsonNode operation = document.path("paths").path(template).path(op);
        assertThat(operation.isObject()).as("/openapi.json has no %s %s", method, template).isTrue();
        String status = Integer.toString(response.status());
        JsonNode request = operation.path("requestBody").path("content").path("application/json").path("schema");
        if (response.status() / 100 == 2 && requestBody != null && !request.isMissingNode()) {
            String at = "/paths/" + escape(template) + "/" + op + "/requestBody/content/application~1json/schema";
            try {
                assertThat(schema(at).validate(Api.mapper().readTree(requestBody)))
                        .as("%s %s was accepted with %s%nwhich breaks /openapi.json's request schema", method, path, requestBody)
                        .isEmpty();
            } catch (java.io.IOException e) {
                throw new AssertionError("the test sent a body that is not JSON: " + requestBody, e);
            }
        }
        JsonNode answer = operation.path("responses").path(status);
        assertThat(answer.isObject())
                .as("%s %s answered %s (%s), a status its operation in /openapi.json does not list",
                        method, path, status, response.raw())
                .isTrue();
        String pointer = "/paths/" + escape(template) + "/" + op + "/responses/" + status;
        if (answer.has("$ref")) {
            pointer = answer.path("$ref").asText().substring(1);
            answer = document.at(pointer);
        }
        JsonNode content = answer.path("content");
        if (content.isMissingNode()) {
            assertThat(response.raw()).as("%s %s %s has no body in /openapi.json", method, path, status).isEmpty();
            return response;
        }
        if (!content.has("application/json")) {
            assertThat(response.raw()).as("%s %s %s", method, path, status).isNotEmpty();
            return response;
        }
        Set<ValidationMessage> errors = schema(pointer + "/content/application~1json/schema").validate(response.json());
        assertThat(errors).as("%s %s answered %s with %s%nwhich breaks /openapi.json's schema for it",
                method, path, status, response.raw()).isEmpty();
        return response;
    }

    /** The document's path template that a concrete path matches; a literal segment wins over a parameter. */
    private Optional<String> template(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Optional<String> best = Optional.empty();
        int bestLiterals = -1;
        for (Iterator<String> names = document.path("paths").fieldNames(); names.hasNext(); ) {
            String template = names.next();
            String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            if (bare.matches(regex)) {
                int literals = template.replaceAll("\\{[^}/]+}", "").length();
                if (literals > bestLiterals) {
                    best = Optional.of(template);
                    bestLiterals = literals;
                }
            }
        }
        return best;
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }
}
