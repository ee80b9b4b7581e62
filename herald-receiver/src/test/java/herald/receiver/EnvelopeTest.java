package herald.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    static byte[] body(String type, String data) {
        return ("{\"id\":\"dlv_1\",\"eventId\":\"evt_1\",\"type\":\"" + type + "\",\"createdAt\":\"2026-11-29T10:15:30.123Z\","
                + "\"accountId\":\"acc_1\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theEnvelopeAndATypedEventAreRead() {
        Delivery delivery = WebhookReceiver.parse(body("experiment.paused", """
                {"experiment_id":"exp_1","experiment_key":"checkout","project":"web","environment":"production",
                 "from":"running","to":"paused","actor":"usr_1","added_later":true}"""));
        assertThat(delivery.id()).isEqualTo("dlv_1");
        assertThat(delivery.eventId()).isEqualTo("evt_1");
        assertThat(delivery.accountId()).isEqualTo("acc_1");
        assertThat(delivery.createdAt()).isEqualTo(Instant.parse("2026-11-29T10:15:30.123Z"));
        assertThat(delivery.subject()).isEmpty();
        assertThat(delivery.sequence()).isEmpty();
        assertThat(delivery.data().path("added_later").asBoolean()).isTrue();
        assertThat(delivery.event()).isEqualTo(new Event.ExperimentPaused("exp_1", "checkout", "web", "production",
                Optional.of("usr_1"), Event.ExperimentStatus.RUNNING, Event.ExperimentStatus.PAUSED));
    }

    @Test
    void nestedValuesAreTypedAndJsonNullIsEmpty() {
        Delivery delivery = WebhookReceiver.parse(body("experiment.calculated_metrics.updated", """
                {"experiment_id":"exp_1","experiment_key":"k","project":"web","environment":"production",
                 "meta_data":{"status":"failure","is_manual_refresh":true,"is_data_updated":false,
                   "time_taken_seconds":1.5,"is_traffic_imbalance":false,
                   "assignments_scan_start_date":"2026-11-01","assignments_scan_end_date":null}}"""));
        var event = (Event.ExperimentCalculatedMetricsUpdated) delivery.event();
        assertThat(event.actor()).isEmpty();
        assertThat(event.metaData()).isEqualTo(new Event.AnalysisRun(Event.AnalysisStatus.FAILURE, true, false, 1.5,
                false, Optional.of(LocalDate.parse("2026-11-01")), Optional.empty()));
    }

    @Test
    void subjectAndSequenceAreReadUnderPerSubjectOrdering() {
        byte[] body = ("{\"id\":\"dlv_1\",\"eventId\":\"evt_1\",\"type\":\"flag.removed\",\"createdAt\":\"2026-11-29T10:15:30Z\","
                + "\"accountId\":\"acc_1\",\"subject\":\"flg_1\",\"sequence\":7,"
                + "\"data\":{\"flag_id\":\"flg_1\",\"flag_key\":\"dark-mode\",\"project\":\"web\"}}")
                .getBytes(StandardCharsets.UTF_8);
        Delivery delivery = WebhookReceiver.parse(body);
        assertThat(delivery.subject()).contains("flg_1");
        assertThat(delivery.sequence()).isEqualTo(OptionalLong.of(7));
        assertThat(delivery.event()).isInstanceOf(Event.FlagRemoved.class);
    }

    @Test
    void aTypeNewerThanTheLibraryArrivesAsUnknownWithItsData() {
        Delivery delivery = WebhookReceiver.parse(body("segment.created", "{\"segment_id\":\"seg_1\"}"));
        assertThat(delivery.event()).isInstanceOfSatisfying(Event.Unknown.class, unknown -> {
            assertThat(unknown.type()).isEqualTo("segment.created");
            assertThat(unknown.data().path("segment_id").asText()).isEqualTo("seg_1");
        });
    }

    @Test
    void aMissingOrWronglyTypedFieldIsNamedFromTheTopOfTheBody() {
        assertThatThrownBy(() -> WebhookReceiver.parse(body("flag.created", "{\"flag_id\":\"flg_1\",\"project\":\"web\"}")))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("data.flag_key is missing");
        assertThatThrownBy(() -> WebhookReceiver.parse(body("access.account.granted",
                "{\"user_id\":\"u\",\"role\":\"owner\"}")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("data.role is 'owner', not one of");
        assertThatThrownBy(() -> WebhookReceiver.parse(body("experiment.stats_updated", """
                {"experiment_id":"exp_1","experiment_key":"k","project":"web","environment":"production",
                 "asOfDate":"2026-11-29","computeReason":"manual","variations":[{"key":"a","units":"many"}],
                 "comparisons":[],"sessions":3}""")))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("data.variations[0].units must be an integer");
        assertThatThrownBy(() -> WebhookReceiver.parse(body("webhook.ping", "[]")))
                .isInstanceOf(MalformedPayloadException.class).hasMessage("data must be a JSON object");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsMalformed() {
        for (String bad : new String[] {"", "not json", "{\"id\":\"dlv_1\"} {}", "[1]", "{\"id\":\"dlv_1\"}"}) {
            assertThatThrownBy(() -> WebhookReceiver.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(MalformedPayloadException.class)
                    .extracting(e -> ((InvalidDeliveryException) e).reason()).isEqualTo("malformed_payload");
        }
    }

    @Test
    void receiveVerifiesBeforeParsing() {
        var receiver = StandardWebhooksVectorsTest.receiverAt(StandardWebhooksVectorsTest.TIMESTAMP);
        assertThatThrownBy(() -> receiver.receive(body("webhook.ping", "{}"), name -> null))
                .isInstanceOf(MissingHeaderException.class);
    }
}
