package herald.id;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.AccountId;
import herald.delivery.DeliveryId;
import herald.event.EventId;
import herald.project.ProjectId;
import herald.settings.SettingsKeyId;
import herald.webhook.WebhookId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed ids are only a Java type: on the wire and in text they are the same prefixed strings as before. */
class IdTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void idsSerialiseAsTheirPlainStringWhereverJacksonMeetsThem() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.writeValueAsString(new WebhookId("wh_1"))).isEqualTo("\"wh_1\"");
        assertThat(mapper.writeValueAsString(Map.of("delivery", new DeliveryId("dlv_2"))))
                .isEqualTo("{\"delivery\":\"dlv_2\"}");
        assertThat("no event " + new EventId("evt_3")).isEqualTo("no event evt_3");
    }

    @Test
    void newIdsCarryTheirKindsPrefixAndTheInjectedClocksTime() {
        WebhookId first = WebhookId.next(CLOCK);
        assertThat(first.value()).matches("wh_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(EventId.next(CLOCK).value()).startsWith("evt_");
        assertThat(DeliveryId.at(CLOCK.millis()).value()).startsWith("dlv_");
        assertThat(AccountId.next(CLOCK).value()).startsWith("acc_");
        assertThat(ProjectId.next(CLOCK).value()).startsWith("prj_");
        assertThat(SettingsKeyId.next(CLOCK).value()).startsWith("sk_");
        // the first ten characters hold the time: the same clock gives the same time part
        assertThat(WebhookId.next(CLOCK).value().substring(0, 13)).isEqualTo(first.value().substring(0, 13));
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofSeconds(1));
        assertThat(WebhookId.next(later).value()).isGreaterThan(first.value());
    }
}
