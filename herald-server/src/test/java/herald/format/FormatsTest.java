package herald.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.account.AccountId;
import herald.event.Event;
import herald.event.EventCatalog;
import herald.event.EventId;
import herald.event.EventType;
import herald.problem.Invalid;
import herald.webhook.Format;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (format, catalog event type) pair: either the body has the shape the seed or the chat tool
 * documents, or the subscription is refused naming the type.
 */
class FormatsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventCatalog CATALOG = EventCatalog.load(MAPPER);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String DASHBOARD = "https://herald.example.com";
    private static final long CREATED_AT = Instant.parse("2025-06-16T08:42:17.250Z").toEpochMilli();
    private static final Formats FORMATS = new Formats(MAPPER, DASHBOARD + "/");

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Format format : Format.values()) {
            for (EventType type : CATALOG.types()) {
                pairs.add(Arguments.of(format, type));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("pairs")
    void everyFormatEitherShapesTheCatalogExampleAsDocumentedOrRefusesTheSubscription(Format format, EventType type)
            throws IOException {
        boolean expected = switch (format) {
            case NATIVE, SLACK, DISCORD, TEAMS -> true;
            case EPPO -> EppoFormat.EVENTS.contains(type.name());
            case VWO -> type.name().equals("settings.changed");
        };
        if (!expected) {
            assertThatThrownBy(() -> Formats.requireExpressible(format, List.of(type.name()), CATALOG))
                    .isInstanceOfSatisfying(Invalid.class, e -> {
                        assertThat(e.getMessage()).contains("cannot express " + type.name());
                        assertThat(e.field()).contains("events[0]");
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.code()).isEqualTo("format_cannot_express");
                    });
            return;
        }
        Formats.requireExpressible(format, List.of(type.name()), CATALOG);
        byte[] raw = FORMATS.body("dlv_1", event(type), webhook(format));
        JsonNode body = MAPPER.readTree(raw);
        switch (format) {
            case NATIVE -> assertNative(body, type);
            case EPPO -> assertEppo(raw, body, type);
            case VWO -> assertVwo(body, type);
            case SLACK -> assertSlack(body, type);
            case DISCORD -> assertDiscord(body, type);
            case TEAMS -> assertTeams(body, type);
        }
    }

    private static void assertNative(JsonNode body, EventType type) {
        assertThat(fields(body)).containsExactly("id", "eventId", "type", "createdAt", "accountId", "data");
        assertThat(body.path("data")).isEqualTo(type.example());
    }

    /** The Eppo seed's body, field for field, and the in-body signature by the recipe in docs/api.md. */
    private static void assertEppo(byte[] raw, JsonNode body, EventType type) {
        assertThat(fields(body)).containsExactly("event", "data", "signature");
        assertThat(body.path("event").asText()).isEqualTo(type.name());
        JsonNode data = body.path("data");
        assertThat(data.path("experiment_id").asText()).isEqualTo(type.example().path("experiment_id").asText());
        assertThat(data.path("experiment_key").asText()).isEqualTo(type.example().path("experiment_key").asText());
        if (type.name().equals("experiment.calculated_metrics.updated")) {
            assertThat(fields(data)).containsExactly("experiment_id", "experiment_key", "meta_data");
            assertThat(data.path("meta_data")).isEqualTo(type.example().path("meta_data"));
            assertThat(fields(data.path("meta_data"))).contains("status", "is_manual_refresh", "is_data_updated",
                    "time_taken_seconds", "is_traffic_imbalance", "assignments_scan_start_date");
        } else {
            assertThat(fields(data)).containsExactly("experiment_id", "experiment_key");
        }
        byte[] unsigned = Arrays.copyOf(raw, raw.length - 80 + 1); // the last 80 bytes become one '}'
        unsigned[unsigned.length - 1] = '}';
        assertThat(body.path("signature").asText()).matches("[0-9a-f]{64}").isEqualTo(hmacHex(SECRET, unsigned));
        assertThat(readUnchecked(unsigned)).isEqualTo(withoutSignature(body));
    }

    private static void assertVwo(JsonNode body, EventType type) {
        assertThat(fields(body)).containsExactly("timestamp", "event", "action", "triggered_by");
        assertThat(body.path("timestamp").isIntegralNumber()).isTrue();
        assertThat(body.path("timestamp").asLong()).isEqualTo(CREATED_AT / 1000);
        assertThat(body.path("event").asText()).isEqualTo("settings_changed");
        assertThat(body.path("action").asText()).isEqualTo("campaign_settings_changed");
        assertThat(body.path("triggered_by").asText()).isEqualTo(type.example().path("triggered_by").asText());
    }

    /** Slack: {@code text} plus Block Kit blocks within Slack's limits, linking to the dashboard. */
    private static void assertSlack(JsonNode body, EventType type) {
        assertThat(fields(body)).containsExactly("text", "blocks");
        assertThat(body.path("text").asText()).isNotBlank();
        JsonNode blocks = body.path("blocks");
        assertThat(blocks.size()).isBetween(2, 50);
        for (JsonNode block : blocks) {
            assertThat(block.path("type").asText()).isIn("section", "context");
            if (block.has("text")) {
                assertThat(block.path("text").path("type").asText()).isEqualTo("mrkdwn");
                assertThat(block.path("text").path("text").asText().length()).isBetween(1, 3000);
            }
            if (block.has("fields")) {
                assertThat(block.path("fields").size()).isBetween(1, 10);
                block.path("fields").forEach(f -> assertThat(f.path("text").asText().length()).isBetween(1, 2000));
            }
        }
        String all = blocks.toString();
        assertThat(all).contains("<" + link(type) + "|").contains(type.name()).contains(SlackFormat.escape(subject(type)));
    }

    /** Discord: {@code content} and one embed, inside Discord's documented limits; no mentions parsed. */
    private static void assertDiscord(JsonNode body, EventType type) {
        assertThat(body.path("content").asText().length()).isBetween(1, 2000);
        assertThat(body.path("allowed_mentions").path("parse").isArray()).isTrue();
        assertThat(body.path("allowed_mentions").path("parse")).isEmpty();
        assertThat(body.path("embeds").size()).isEqualTo(1);
        JsonNode embed = body.path("embeds").get(0);
        assertThat(embed.path("title").asText()).hasSizeBetween(1, 256);
        assertThat(embed.toString()).contains(subject(type));
        assertThat(embed.path("url").asText()).isEqualTo(link(type));
        assertThat(embed.path("fields").size()).isLessThanOrEqualTo(25);
        int total = embed.path("title").asText().length() + embed.path("description").asText().length()
                + embed.path("footer").path("text").asText().length();
        for (JsonNode field : embed.path("fields")) {
            assertThat(field.path("name").asText()).hasSizeBetween(1, 256);
            assertThat(field.path("value").asText()).hasSizeBetween(1, 1024);
            total += field.path("name").asText().length() + field.path("value").asText().length();
        }
        assertThat(total).isLessThanOrEqualTo(6000);
        assertThat(embed.path("footer").path("text").asText()).isEqualTo(type.name());
        assertThat(Instant.parse(embed.path("timestamp").asText()).toEpochMilli()).isEqualTo(CREATED_AT);
    }

    /** Teams: a message whose one attachment is an Adaptive Card with a button to the dashboard. */
    private static void assertTeams(JsonNode body, EventType type) {
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("attachments").size()).isEqualTo(1);
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asText()).isEqualTo("1.4");
        assertThat(card.path("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        List<String> kinds = new ArrayList<>();
        card.path("body").forEach(element -> kinds.add(element.path("type").asText()));
        assertThat(kinds).first().isEqualTo("TextBlock");
        assertThat(kinds).contains("FactSet").allMatch(k -> k.equals("TextBlock") || k.equals("FactSet"));
        card.path("body").forEach(element -> {
            if (element.has("facts")) {
                element.path("facts").forEach(f -> assertThat(f.path("title").asText()).isNotBlank());
            }
        });
        assertThat(card.path("body").toString()).contains(subject(type));
        JsonNode action = card.path("actions").get(0);
        assertThat(action.path("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(action.path("url").asText()).isEqualTo(link(type));
    }

    /** What a chat message must name: the experiment, flag, member or webhook the event is about. */
    private static String subject(EventType type) {
        JsonNode example = type.example();
        for (String field : List.of("experiment_key", "flag_key", "user_id", "url", "message")) {
            if (example.has(field)) {
                return example.path(field).asText();
            }
        }
        throw new AssertionError("no subject in the example of " + type.name());
    }

    private static String link(EventType type) {
        JsonNode example = type.example();
        if (example.has("experiment_id")) {
            return DASHBOARD + "/dashboard/experiments/" + example.path("experiment_id").asText();
        }
        if (type.name().startsWith("webhook.")) {
            return DASHBOARD + "/dashboard/webhooks/" + example.path("webhook_id").asText();
        }
        return DASHBOARD + "/dashboard/deliveries/dlv_1";
    }

    @Test
    void aSubscriptionToEverythingIsRefusedForAFormatThatCannotExpressEveryTypeAndNamesTheFirst() {
        assertThatThrownBy(() -> Formats.requireExpressible(Format.EPPO, List.of("*"), CATALOG))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.getMessage()).contains("cannot express experiment.created")
                            .contains("experiment.status.updated");
                    assertThat(e.field()).contains("events");
                });
        assertThatThrownBy(() -> Formats.requireExpressible(Format.VWO, List.of("settings.changed", "flag.created"),
                CATALOG)).isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.field()).contains("events[1]"));
        for (Format chat : List.of(Format.SLACK, Format.DISCORD, Format.TEAMS, Format.NATIVE)) {
            Formats.requireExpressible(chat, List.of("*"), CATALOG);
        }
    }

    @Test
    void aDeliveryQueuedBeforeTheFormatChangedToOneThatCannotExpressItGoesOutInTheNativeEnvelope() throws IOException {
        EventType flag = CATALOG.types().stream().filter(t -> t.name().equals("flag.created")).findFirst().orElseThrow();
        JsonNode body = MAPPER.readTree(FORMATS.body("dlv_1", event(flag), webhook(Format.EPPO)));
        assertThat(body.path("id").asText()).isEqualTo("dlv_1");
        assertThat(body.path("type").asText()).isEqualTo("flag.created");
    }

    @Test
    void eventTextCannotFormatOrPingInAChatToolAndAnUnknownTypeStillReads() throws IOException {
        ObjectNode data = MAPPER.createObjectNode().put("flag_id", "flg_1").put("flag_key", "<!channel> *bold* @everyone")
                .put("project", "a&b");
        Event hostile = new Event(new EventId("evt_1"), new AccountId("acc_1"), "flag.created", data.toString(), Optional.empty(), CREATED_AT);
        JsonNode slack = MAPPER.readTree(FORMATS.body("dlv_1", hostile, webhook(Format.SLACK)));
        assertThat(slack.toString()).doesNotContain("<!channel>").contains("&lt;!channel&gt;").contains("a&amp;b");
        JsonNode discord = MAPPER.readTree(FORMATS.body("dlv_1", hostile, webhook(Format.DISCORD)));
        assertThat(discord.path("content").asText()).contains("\\*bold\\*");
        assertThat(discord.path("allowed_mentions").path("parse")).isEmpty();

        Event later = new Event(new EventId("evt_2"), new AccountId("acc_1"), "quota.exceeded", "{\"quota\":\"events\",\"limit\":1000}",
                Optional.empty(), CREATED_AT);
        JsonNode teams = MAPPER.readTree(FORMATS.body("dlv_9", later, webhook(Format.TEAMS)));
        assertThat(teams.toString()).contains("quota.exceeded").contains("\"title\":\"quota\",\"value\":\"events\"")
                .contains(DASHBOARD + "/dashboard/deliveries/dlv_9");
    }

    @Test
    void aChatMessageOfSettingsChangedShowsTheSettingsVersion() throws IOException {
        EventType type = CATALOG.find("settings.changed").orElseThrow();
        JsonNode teams = MAPPER.readTree(FORMATS.body("dlv_1", event(type), webhook(Format.TEAMS)));
        assertThat(teams.toString()).contains("\"title\":\"Settings version\",\"value\":\""
                + type.example().path("version").asText() + "\"");
    }

    @Test
    void theSameDeliveryAlwaysGetsTheSameBytesSoRetriesAndRedeliveriesMatch() {
        for (Format format : Format.values()) {
            for (EventType type : CATALOG.types()) {
                byte[] first = FORMATS.body("dlv_1", event(type), webhook(format));
                assertThat(FORMATS.body("dlv_1", event(type), webhook(format))).as(format + " " + type.name())
                        .isEqualTo(first);
            }
        }
    }

    private static Event event(EventType type) {
        return new Event(new EventId("evt_1"), new AccountId("acc_1"), type.name(), type.example().toString(), Optional.empty(), CREATED_AT);
    }

    private static Webhook webhook(Format format) {
        return Webhook.builder().id(new WebhookId("wh_1")).accountId(new AccountId("acc_1")).url("https://hooks.example.com/x").events(List.of("*"))
                .format(format).secret(SECRET).build();
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode withoutSignature(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("signature");
        return copy;
    }

    private static JsonNode readUnchecked(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String hmacHex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
