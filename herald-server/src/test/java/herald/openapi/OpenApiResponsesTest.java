package herald.openapi;

import static herald.ApiAssertions.awaitResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Herald's main flows, run for real against a receiver on loopback, with every answer held to
 * {@code /openapi.json}: its status must be one the operation lists and its body must validate against
 * the schema given for that status. Every delivery the receiver gets is held to the document's
 * {@code webhooks} schema for its event type.
 */
@WithHerald
class OpenApiResponsesTest {

    private static TestHerald herald;
    private static Receiver receiver;
    private static OpenApiContract contract;

    @BeforeAll
    static void start() {
        contract = new OpenApiContract(herald.anonymous());
    }

    private static Api.Response call(Api api, String method, String path, String body) {
        return contract.check(method, path, body, api.send(method, path, body));
    }

    private static Api.Response call(Api api, String method, String path) {
        return call(api, method, path, null);
    }

    @Test
    void operationsAndAccountsAnswerAsDescribed() {
        Api anonymous = herald.anonymous();
        Api operator = herald.operator();

        assertThat(call(anonymous, "GET", "/healthz").status()).isEqualTo(200);
        assertThat(call(anonymous, "GET", "/readyz").status()).isEqualTo(200);
        assertThat(call(anonymous, "GET", "/metrics").status()).isEqualTo(200);
        assertThat(call(anonymous, "GET", "/openapi.json").status()).isEqualTo(200);

        Api.Response account = call(operator, "POST", "/v1/accounts", "{\"name\":\"Acme\",\"plan\":\"free\"}");
        assertThat(account.status()).isEqualTo(201);
        String id = account.text("id");
        assertThat(call(operator, "GET", "/v1/accounts?limit=1").status()).isEqualTo(200);
        assertThat(call(operator, "GET", "/v1/accounts/" + id).status()).isEqualTo(200);
        assertThat(call(operator, "PATCH", "/v1/accounts/" + id, "{\"plan\":\"growth\"}").status()).isEqualTo(200);
        assertThat(call(operator, "POST", "/v1/accounts/" + id + "/api-keys", "{\"actor\":\"alice@example.com\"}").status())
                .isEqualTo(201);
        assertThat(call(operator, "POST", "/v1/accounts/" + id + "/api-keys", null).json().path("actor").isNull()).isTrue();

        assertThat(call(operator, "POST", "/v1/accounts", "{\"name\":").status()).isEqualTo(400);
        assertThat(call(operator, "POST", "/v1/accounts", "{\"name\":\"A\",\"plan\":\"gold\"}").status()).isEqualTo(422);
        assertThat(call(operator, "PATCH", "/v1/accounts/acc_01JD0000000000000000000000", "{\"plan\":\"growth\"}").status())
                .isEqualTo(404);
        assertThat(call(anonymous, "GET", "/v1/accounts").status()).isEqualTo(401);
        assertThat(call(operator.as(account.text("apiKey")), "GET", "/v1/accounts").status()).isEqualTo(403);
    }

    @Test
    void webhooksEventsAndDeliveriesAnswerAsDescribedAndEveryDeliveryMatchesItsWebhookSchema() {
        Api api = herald.account("growth");
        String hook = receiver.url("/contract");

        assertThat(call(herald.account("free"), "POST", "/v1/webhooks",
                "{\"url\":\"" + hook + "\",\"events\":[\"*\"]}").status()).isEqualTo(403);
        assertThat(call(api, "POST", "/v1/webhooks", "{\"url\":\"ftp://x\",\"events\":[\"*\"]}").status()).isEqualTo(422);
        assertThat(call(api, "POST", "/v1/webhooks", "{\"events\":[\"*\"]}").status()).isEqualTo(400);
        Api.Response created = call(api, "POST", "/v1/webhooks", """
                {"url":"%s","description":"everything","events":["*"],"headers":{"x-vwo-auth":"k3y"}}""".formatted(hook));
        assertThat(created.status()).isEqualTo(201);
        String webhook = created.text("id");
        String path = "/v1/webhooks/" + webhook;
        assertThat(call(api, "GET", "/v1/webhooks").status()).isEqualTo(200);
        assertThat(call(api, "GET", path).status()).isEqualTo(200);
        assertThat(call(api, "GET", "/v1/webhooks/wh_01JD0000000000000000000000").status()).isEqualTo(404);
        assertThat(call(api, "PATCH", path, "{\"description\":\"all of it\",\"rateLimit\":100}").status()).isEqualTo(200);
        assertThat(call(api, "GET", path + "/secret").status()).isEqualTo(200);
        assertThat(call(api, "POST", path + "/secret/rotate", "{\"graceSeconds\":60}").status()).isEqualTo(200);
        assertThat(call(api, "POST", path + "/test").status()).isEqualTo(202);
        assertThat(call(api, "POST", path + "/disable").status()).isEqualTo(200);
        assertThat(call(api, "POST", path + "/enable").status()).isEqualTo(200);

        assertThat(call(api, "GET", "/v1/event-types").status()).isEqualTo(200);
        Api.Response published = call(api, "POST", "/v1/events", TestHerald.flagCreated("contract"));
        assertThat(published.status()).isEqualTo(202);
        assertThat(call(api, "POST", "/v1/events", "{\"type\":\"flag.created\",\"data\":{}}").status()).isEqualTo(422);
        assertThat(call(api, "POST", "/v1/events", "{\"type\":\"no.such\",\"data\":{}}").status()).isEqualTo(422);
        assertThat(call(api, "GET", "/v1/events?type=flag.created").status()).isEqualTo(200);
        assertThat(call(api, "GET", "/v1/events/" + published.text("id")).status()).isEqualTo(200);

        receiver.await("/contract", 2);
        // the outcome is written just after the receiver answered
        JsonNode history = awaitResponse(() -> call(api, "GET", path + "/deliveries?status=success"),
                r -> !r.json().path("data").isEmpty(), Duration.ofSeconds(15)).json();
        String delivery = history.path("data").get(0).path("id").asText();
        assertThat(call(api, "GET", "/v1/deliveries/" + delivery).status()).isEqualTo(200);
        assertThat(call(api, "POST", "/v1/deliveries/" + delivery + "/redeliver").status()).isEqualTo(202);
        assertThat(call(api, "GET", path + "/deliveries?limit=0").status()).isEqualTo(400);
        assertThat(call(api, "GET", "/v1/audit-log?action=webhook.created").status()).isEqualTo(200);

        assertDeliveriesMatchTheirWebhookSchema("/contract", Set.of("webhook.ping", "flag.created"));
        assertThat(call(api, "DELETE", path).status()).isEqualTo(204);
    }

    @Test
    void thePlatformExperimentsAndAnalysisAnswerAsDescribed() {
        Api api = herald.account("growth");
        String hook = receiver.url("/platform");
        assertThat(call(api, "POST", "/v1/webhooks", "{\"url\":\"" + hook + "\",\"events\":[\"*\"]}").status()).isEqualTo(201);

        Api.Response project = call(api, "POST", "/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        assertThat(project.status()).isEqualTo(201);
        String projectPath = "/v1/projects/" + project.text("id");
        assertThat(call(api, "POST", "/v1/projects", "{\"key\":\"web\",\"name\":\"Again\"}").status()).isEqualTo(409);
        assertThat(call(api, "GET", "/v1/projects").status()).isEqualTo(200);
        assertThat(call(api, "GET", projectPath).status()).isEqualTo(200);
        assertThat(call(api, "POST", projectPath + "/environments", "{\"key\":\"staging\",\"name\":\"Staging\"}").status())
                .isEqualTo(201);

        Api.Response metric = call(api, "POST", "/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        assertThat(metric.status()).isEqualTo(201);
        assertThat(call(api, "POST", "/v1/metrics", "{\"key\":\"revenue\",\"name\":\"Revenue\",\"type\":\"continuous\"}").status())
                .isEqualTo(201);
        assertThat(call(api, "GET", "/v1/metrics").status()).isEqualTo(200);
        assertThat(call(api, "GET", "/v1/metrics/" + metric.text("id")).status()).isEqualTo(200);
        Api.Response collection = call(api, "POST", "/v1/metric-collections",
                "{\"key\":\"money\",\"name\":\"Money\",\"metrics\":[\"revenue\"]}");
        assertThat(collection.status()).isEqualTo(201);
        assertThat(call(api, "GET", "/v1/metric-collections").status()).isEqualTo(200);
        assertThat(call(api, "GET", "/v1/metric-collections/" + collection.text("id")).status()).isEqualTo(200);

        Api.Response experiment = call(api, "POST", "/v1/experiments", """
                {"key":"button","name":"Button","project":"web","hypothesis":"green sells",
                 "variations":[{"key":"control","name":"Blue","weight":50},{"key":"green","weight":50}],
                 "metrics":["purchase"],"targeting":{"country":"DE"}}""");
        assertThat(experiment.status()).isEqualTo(201);
        String exp = "/v1/experiments/" + experiment.text("id");
        assertThat(call(api, "POST", "/v1/experiments", "{\"key\":\"x\"}").status()).isIn(400, 422);
        assertThat(call(api, "GET", "/v1/experiments?status=draft&project=web").status()).isEqualTo(200);
        assertThat(call(api, "GET", exp).status()).isEqualTo(200);
        assertThat(call(api, "PATCH", exp, "{\"endAt\":\"2099-01-01T00:00:00Z\",\"alpha\":0.1}").status()).isEqualTo(200);
        assertThat(call(api, "POST", exp + "/metrics", "{\"collection\":\"money\"}").status()).isEqualTo(200);
        assertThat(call(api, "DELETE", exp + "/metrics/money").status()).isEqualTo(200);
        assertThat(call(api, "POST", exp + "/pause").status()).isEqualTo(409);
        assertThat(call(api, "GET", exp + "/results").status()).isEqualTo(404);
        assertThat(call(api, "POST", exp + "/start").status()).isEqualTo(200);
        assertThat(call(api, "POST", exp + "/pause").status()).isEqualTo(200);
        assertThat(call(api, "POST", exp + "/resume").status()).isEqualTo(200);
        assertThat(call(api, "POST", exp + "/clone", "{\"key\":\"button-2\"}").status()).isEqualTo(201);

        String now = Instant.now().toString();
        StringBuilder assignments = new StringBuilder("[");
        StringBuilder conversions = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            assignments.append(i == 0 ? "" : ",").append("{\"unitId\":\"u").append(i).append("\",\"variation\":\"")
                    .append(i % 2 == 0 ? "control" : "green").append("\",\"timestamp\":\"").append(now).append("\"}");
            if (i % 3 == 0) {
                conversions.append(conversions.length() == 1 ? "" : ",").append("{\"unitId\":\"u").append(i)
                        .append("\",\"metric\":\"purchase\",\"timestamp\":\"").append(now).append("\"}");
            }
        }
        assertThat(call(api, "POST", exp + "/assignments", assignments.append("]").toString()).status()).isEqualTo(202);
        assertThat(call(api, "POST", exp + "/conversions", conversions.append("]").toString()).status()).isEqualTo(202);
        assertThat(call(api, "POST", exp + "/assignments", "[{\"unitId\":\"u1\",\"variation\":\"red\",\"timestamp\":\""
                + now + "\"}]").status()).isEqualTo(422);
        Api.Response run = call(api, "POST", exp + "/analyze");
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().path("results").isObject()).as(run.raw()).isTrue();
        assertThat(call(api, "GET", exp + "/results").status()).isEqualTo(200);
        assertThat(call(api, "POST", exp + "/stop").status()).isEqualTo(200);

        String settings = projectPath + "/environments/production/settings";
        Api.Response document = call(api, "GET", settings);
        assertThat(document.status()).isEqualTo(200);
        assertThat(call(api, "GET", projectPath + "/environments/nope/settings").status()).isEqualTo(404);
        Api.Response key = call(api, "POST", settings + "-keys", "{\"description\":\"iOS app\"}");
        assertThat(key.status()).isEqualTo(201);
        assertThat(call(api, "GET", settings + "-keys").status()).isEqualTo(200);
        Api sdk = api.as(key.text("key"));
        assertThat(call(sdk, "GET", settings).status()).isEqualTo(200);
        assertThat(call(api, "DELETE", "/v1/settings-keys/" + key.text("id")).status()).isEqualTo(204);
        assertThat(call(sdk, "GET", settings).status()).isEqualTo(401);

        Api.Response flag = call(api, "POST", "/v1/flags", "{\"key\":\"checkout\",\"name\":\"Checkout\",\"project\":\"web\"}");
        assertThat(call(api, "POST", "/v1/flags", "{\"key\":\"staged\",\"name\":\"Staged\",\"project\":\"web\","
                + "\"environment\":\"staging\"}").status()).isEqualTo(201);
        assertThat(flag.status()).isEqualTo(201);
        assertThat(call(api, "GET", "/v1/flags?project=web").status()).isEqualTo(200);
        assertThat(call(api, "GET", "/v1/flags/" + flag.text("id")).status()).isEqualTo(200);
        assertThat(call(api, "DELETE", "/v1/flags/" + flag.text("id")).status()).isEqualTo(204);

        assertThat(call(api, "PUT", "/v1/members/usr_1", "{\"role\":\"editor\"}").status()).isEqualTo(200);
        assertThat(call(api, "PUT", "/v1/members/usr_1", "{\"role\":\"owner\"}").status()).isEqualTo(422);
        assertThat(call(api, "GET", "/v1/members").status()).isEqualTo(200);
        assertThat(call(api, "DELETE", "/v1/members/usr_1").status()).isEqualTo(204);
        assertThat(call(api, "PUT", projectPath + "/members/usr_2", "{\"role\":\"viewer\"}").status()).isEqualTo(200);
        assertThat(call(api, "GET", projectPath + "/members").status()).isEqualTo(200);
        assertThat(call(api, "DELETE", projectPath + "/members/usr_2").status()).isEqualTo(204);

        assertDeliveriesMatchTheirWebhookSchema("/platform", Set.of("experiment.created", "experiment.started",
                "experiment.calculated_metrics.updated", "flag.created", "flag.removed", "access.account.edit_granted",
                "access.project.granted", "access.project.removed"));
    }

    /** Every request the receiver got on {@code path} validates against the webhook schema of its event type. */
    private static void assertDeliveriesMatchTheirWebhookSchema(String path, Set<String> mustInclude) {
        // deliveries are attempted in parallel: wait for each type rather than for the last one published
        for (String type : mustInclude) {
            receiver.await(r -> r.path().equals(path) && type.equals(r.header("X-Herald-Event")), 1, Duration.ofSeconds(15));
        }
        Set<String> seen = new TreeSet<>();
        for (Receiver.Request request : receiver.requests(path)) {
            String type = request.header("X-Herald-Event");
            seen.add(type);
            JsonNode body;
            try {
                body = Api.mapper().readTree(request.rawBody());
            } catch (java.io.IOException e) {
                throw new AssertionError(request.body(), e);
            }
            assertThat(contract.document().path("webhooks").has(type)).as("webhook %s in /openapi.json", type).isTrue();
            assertThat(contract.schema("/webhooks/" + type + "/post/requestBody/content/application~1json/schema")
                    .validate(body)).as("the delivery %s against its webhook schema", request.body()).isEmpty();
        }
        assertThat(seen).containsAll(mustInclude);
    }
}
