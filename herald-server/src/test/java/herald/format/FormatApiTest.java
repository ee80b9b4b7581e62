package herald.format;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import org.junit.jupiter.api.Test;

/** {@code format} on {@code /v1/webhooks}: which subscriptions each format accepts, on create and on PATCH. */
@WithHerald
class FormatApiTest {

    private static final String URL = "http://127.0.0.1:9/hook";
    private static TestHerald herald;

    @Test
    void eachFormatIsAcceptedForTheEventTypesItCanExpress() {
        Api api = herald.account("growth");
        String eppo = "[\"experiment.metric.updated\",\"experiment.configuration.updated\",\"experiment.status.updated\","
                + "\"experiment.calculated_metrics.updated\"]";
        assertThat(create(api, "eppo", eppo).text("format")).isEqualTo("eppo");
        assertThat(create(api, "vwo", "[\"settings.changed\"]").text("format")).isEqualTo("vwo");
        for (String chat : new String[] {"slack", "discord", "teams"}) {
            Api.Response created = create(api, chat, "[\"*\"]");
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            assertThat(api.get("/v1/webhooks/" + created.text("id")).text("format")).isEqualTo(chat);
        }
    }

    @Test
    void aFormatThatCannotExpressAnEventTypeIsRefusedAtCreationNamingTheTypeAndNothingIsCreated() {
        Api api = herald.account("growth");
        JsonNode error = assertError(create(api, "eppo", "[\"experiment.status.updated\",\"experiment.created\"]"),
                422, "format_cannot_express");
        assertThat(error.path("message").asText()).contains("experiment.created");
        assertThat(error.path("field").asText()).isEqualTo("events[1]");
        assertThat(assertError(create(api, "vwo", "[\"*\"]"), 422, "format_cannot_express").path("message").asText())
                .contains("cannot express experiment.created");
        assertThat(assertError(create(api, "vwo", "[\"webhook.disabled\"]"), 422, "format_cannot_express")
                .path("message").asText()).contains("webhook.disabled");
        assertError(create(api, "markdown", "[\"*\"]"), 422, "invalid_format", "format");
        assertThat(api.get("/v1/webhooks").json().path("data")).isEmpty();
    }

    @Test
    void aPatchToAFormatOrEventsThatDoNotFitIsRefusedAndChangesNothing() {
        Api api = herald.account("growth");
        String id = create(api, "native", "[\"*\"]").text("id");

        assertThat(assertError(api.patch("/v1/webhooks/" + id, "{\"format\":\"eppo\"}"), 422, "format_cannot_express")
                .path("message").asText()).contains("cannot express experiment.created");
        assertThat(api.get("/v1/webhooks/" + id).text("format")).isEqualTo("native");

        Api.Response both = api.patch("/v1/webhooks/" + id, "{\"format\":\"vwo\",\"events\":[\"settings.changed\"]}");
        assertThat(both.status()).as(both.raw()).isEqualTo(200);
        assertThat(both.text("format")).isEqualTo("vwo");

        assertThat(assertError(api.patch("/v1/webhooks/" + id, "{\"events\":[\"settings.changed\",\"flag.created\"]}"),
                422, "format_cannot_express").path("message").asText()).contains("flag.created");
        JsonNode unchanged = api.get("/v1/webhooks/" + id).json();
        assertThat(unchanged.path("events").toString()).isEqualTo("[\"settings.changed\"]");
        assertThat(unchanged.path("format").asText()).isEqualTo("vwo");
    }

    @Test
    void aTestPingIsRefusedForAFormatThatCannotExpressItAndQueuesNothing() {
        Api api = herald.account("growth");
        String id = create(api, "eppo", "[\"experiment.status.updated\"]").text("id");
        assertThat(assertError(api.post("/v1/webhooks/" + id + "/test", ""), 422, "format_cannot_express")
                .path("message").asText()).contains("webhook.ping");
        assertThat(api.get("/v1/webhooks/" + id + "/deliveries").json().path("data")).isEmpty();

        String slack = create(api, "slack", "[\"flag.created\"]").text("id");
        assertThat(api.post("/v1/webhooks/" + slack + "/test", "").status()).isEqualTo(202);
    }

    private static Api.Response create(Api api, String format, String events) {
        return api.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":" + events + ",\"format\":\"" + format
                + "\"}");
    }
}
