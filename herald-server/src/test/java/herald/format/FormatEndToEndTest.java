package herald.format;

import static herald.ApiAssertions.awaitResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import herald.Api;
import herald.Receiver;
import herald.Receiver.Reply;
import herald.TestHerald;
import herald.WithHerald;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One delivery per format from a running Herald to a real receiver on loopback, beside a native
 * webhook getting the same event: the same headers, both signatures valid over the format's body,
 * the body in the format's shape, and the chat tools' own success answers taken as success.
 */
@WithHerald(env = "HERALD_PUBLIC_URL=https://herald.example.com")
class FormatEndToEndTest {

    private static TestHerald herald;
    private static Receiver receiver;

    @BeforeAll
    static void start() {
        // What each tool's incoming-webhook URL answers on success.
        receiver.reply("/slack", r -> new Reply(200, "ok", Duration.ZERO));
        receiver.reply("/discord", r -> new Reply(204, "", Duration.ZERO));
        receiver.reply("/teams", r -> new Reply(200, "1", Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "eppo, experiment.calculated_metrics.updated",
            "vwo, settings.changed",
            "slack, experiment.started",
            "discord, flag.created",
            "teams, access.project.granted"})
    void aDeliveryInEachFormatCarriesTheNativeHeadersAndSignaturesAndSucceeds(String format, String type)
            throws Exception {
        Api api = herald.account("growth");
        String path = "/" + format;
        String nativePath = "/native-for-" + format;
        String id = create(api, path, format, type);
        create(api, nativePath, "native", type);
        String secret = api.get("/v1/webhooks/" + id + "/secret").text("secret");

        JsonNode example = example(api, type);
        Api.Response published = api.post("/v1/events", "{\"type\":\"" + type + "\",\"data\":" + example + "}");
        assertThat(published.status()).as(published.raw()).isEqualTo(202);

        Receiver.Request request = receiver.await(path, 1).getFirst();
        Receiver.Request nativeRequest = receiver.await(nativePath, 1).getFirst();
        assertThat(request.headers().keySet()).isEqualTo(nativeRequest.headers().keySet());
        for (String same : List.of("content-type", "user-agent", "x-herald-event", "x-vwo-auth")) {
            assertThat(request.header(same)).as(same).isEqualTo(nativeRequest.header(same)).isNotBlank();
        }
        String deliveryId = request.header("X-Herald-Delivery");
        assertThat(request.header("webhook-id")).isEqualTo(deliveryId).startsWith("dlv_");
        assertThat(request.header("X-Herald-Signature")).isEqualTo("sha256=" + hmacHex(secret, request.rawBody()));
        new Webhook(secret).verify(request.body(), Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature"))));

        JsonNode body = Api.mapper().readTree(request.rawBody());
        assertThat(fieldNames(body)).isEqualTo(switch (format) {
            case "eppo" -> Set.of("event", "data", "signature");
            case "vwo" -> Set.of("timestamp", "event", "action", "triggered_by");
            case "slack" -> Set.of("text", "blocks");
            case "discord" -> Set.of("content", "allowed_mentions", "embeds");
            case "teams" -> Set.of("type", "summary", "attachments");
            default -> throw new AssertionError(format);
        });
        if (format.equals("eppo")) {
            byte[] unsigned = Arrays.copyOf(request.rawBody(), request.rawBody().length - 79);
            unsigned[unsigned.length - 1] = '}';
            assertThat(body.path("signature").asText()).isEqualTo(hmacHex(secret, unsigned));
            assertThat(body.path("data").path("meta_data")).isEqualTo(example.path("meta_data"));
        }
        if (format.equals("slack") || format.equals("teams")) {
            String experimentOrDelivery = example.has("experiment_id")
                    ? "experiments/" + example.path("experiment_id").asText() : "deliveries/" + deliveryId;
            assertThat(request.body()).contains("https://herald.example.com/dashboard/" + experimentOrDelivery);
        }

        Api.Response delivered = awaitResponse(() -> api.get("/v1/deliveries/" + deliveryId),
                r -> r.text("status").equals("success"), Duration.ofSeconds(15));
        assertThat(delivered.json().path("attempts").asInt()).isEqualTo(1);

        // A redelivery sends the very same bytes, so an in-body signature stays valid.
        assertThat(api.post("/v1/deliveries/" + deliveryId + "/redeliver", "").status()).isEqualTo(202);
        assertThat(receiver.await(path, 2).get(1).rawBody()).isEqualTo(request.rawBody());
    }

    private static String create(Api api, String path, String format, String type) {
        Api.Response created = api.post("/v1/webhooks", """
                {"url":"%s","events":["%s"],"format":"%s","headers":{"x-vwo-auth":"static-key"}}"""
                .formatted(receiver.url(path), type, format));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("format")).isEqualTo(format);
        return created.text("id");
    }

    private static JsonNode example(Api api, String type) {
        for (JsonNode entry : api.get("/v1/event-types").json().path("data")) {
            if (entry.path("name").asText().equals(type)) {
                return entry.path("example");
            }
        }
        throw new AssertionError(type + " is not in the catalog");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String hmacHex(String secret, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message));
    }
}
