package herald.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A webhook's {@code environments} filter end to end, as the AB Tasty seed scopes webhooks: every kind
 * of event is made through the API and delivered to real receivers on loopback. An event about one
 * environment reaches the webhooks of that environment only; an event about no single environment (a
 * flag of every environment, project and account access) reaches them all.
 */
@WithHerald
class EnvironmentFilterTest {

    private static TestHerald herald;
    private static Receiver receiver;


    private static Api.Response webhook(Api api, String path, String environments) {
        Api.Response created = api.post("/v1/webhooks", "{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"*\"]"
                + ",\"environments\":" + environments + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created;
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isBetween(200, 204);
    }

    /** What one receiver got: type and, where the data names one, flag or experiment key, in arrival order. */
    private static List<String> received(String path) {
        return receiver.requests(path).stream().map(r -> {
            try {
                JsonNode data = Api.mapper().readTree(r.rawBody()).path("data");
                String subject = data.has("flag_key") ? data.path("flag_key").asText()
                        : data.has("experiment_key") ? data.path("experiment_key").asText()
                        : data.path("user_id").asText();
                return r.header("X-Herald-Event") + " " + subject;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void eventsOfOneEnvironmentReachOnlyItsWebhooksAndEventsOfNoSingleEnvironmentReachAll() {
        Api api = herald.account("growth");
        String project = api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}").text("id");
        ok(api.post("/v1/projects/" + project + "/environments", "{\"key\":\"staging\",\"name\":\"Staging\"}"));
        assertThat(webhook(api, "/staging", "[\"staging\"]").json().path("environments"))
                .extracting(JsonNode::asText).containsExactly("staging");
        webhook(api, "/production", "[\"production\"]");
        webhook(api, "/all", "[]");

        ok(api.post("/v1/flags", "{\"key\":\"stage-flag\",\"name\":\"S\",\"project\":\"web\",\"environment\":\"staging\"}"));
        ok(api.post("/v1/flags", "{\"key\":\"prod-flag\",\"name\":\"P\",\"project\":\"web\",\"environment\":\"production\"}"));
        ok(api.post("/v1/flags", "{\"key\":\"every-flag\",\"name\":\"E\",\"project\":\"web\"}"));
        ok(api.post("/v1/experiments", "{\"key\":\"stage-exp\",\"name\":\"S\",\"project\":\"web\",\"environment\":"
                + "\"staging\",\"variations\":[{\"key\":\"a\",\"weight\":1},{\"key\":\"b\",\"weight\":1}]}"));
        ok(api.post("/v1/experiments", "{\"key\":\"prod-exp\",\"name\":\"P\",\"project\":\"web\","
                + "\"variations\":[{\"key\":\"a\",\"weight\":1},{\"key\":\"b\",\"weight\":1}]}"));
        ok(api.put("/v1/projects/" + project + "/members/usr_project", "{\"role\":\"viewer\"}"));
        ok(api.put("/v1/members/usr_account", "{\"role\":\"editor\"}"));

        List<String> noSingleEnvironment = List.of("flag.created every-flag", "access.project.granted usr_project",
                "access.account.edit_granted usr_account");
        receiver.await(r -> r.path().equals("/all"), 9, Duration.ofSeconds(15));
        receiver.await(r -> r.path().equals("/staging"), 6, Duration.ofSeconds(15));
        receiver.await(r -> r.path().equals("/production"), 6, Duration.ofSeconds(15));
        Receiver.sleep(300);

        assertThat(received("/staging")).containsExactlyInAnyOrder("flag.created stage-flag",
                "experiment.created stage-exp", "settings.changed stage-exp", noSingleEnvironment.get(0),
                noSingleEnvironment.get(1), noSingleEnvironment.get(2));
        assertThat(received("/production")).containsExactlyInAnyOrder("flag.created prod-flag",
                "experiment.created prod-exp", "settings.changed prod-exp", noSingleEnvironment.get(0),
                noSingleEnvironment.get(1), noSingleEnvironment.get(2));
        assertThat(received("/all")).hasSize(9).containsAll(received("/staging")).containsAll(received("/production"));
    }

    @Test
    void aFlagsEnvironmentIsCarriedInItsEventsAndDeletingItReachesTheSameWebhooks() throws IOException {
        Api api = herald.account("growth");
        String project = api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}").text("id");
        ok(api.post("/v1/projects/" + project + "/environments", "{\"key\":\"qa\",\"name\":\"QA\"}"));
        webhook(api, "/qa", "[\"qa\"]");
        webhook(api, "/prod-only", "[\"production\"]");
        String flag = api.post("/v1/flags", "{\"key\":\"qa-flag\",\"name\":\"Q\",\"project\":\"web\",\"environment\":\"qa\"}")
                .text("id");
        ok(api.delete("/v1/flags/" + flag));

        List<Receiver.Request> got = receiver.await(r -> r.path().equals("/qa"), 2, Duration.ofSeconds(15));
        Receiver.sleep(300);
        assertThat(got).extracting(r -> r.header("X-Herald-Event")).containsExactlyInAnyOrder("flag.created", "flag.removed");
        for (Receiver.Request r : got) {
            assertThat(Api.mapper().readTree(r.rawBody()).path("data").path("environment").asText()).isEqualTo("qa");
        }
        assertThat(receiver.requests("/prod-only")).isEmpty();
    }
}
