package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.Receiver.Reply;
import herald.TestHerald;
import herald.WithHerald;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The receiver's signals of the Standard Webhooks specification: {@code 410 Gone} disables the webhook
 * at once, and {@code Retry-After} on {@code 429} or {@code 503} delays the next attempt as asked
 * (the test schedule would otherwise retry after 100 ms).
 */
@WithHerald(env = "HERALD_RETRY_SCHEDULE=0s,100ms,100ms,100ms,10s")
class ReceiverSignalsTest {

    static TestHerald herald;
    static Receiver receiver;

    @BeforeAll
    static void start() {
        // A last step of 10 s: Retry-After is honoured up to the schedule's longest delay, never beyond.
    }

    @Test
    void goneDisablesTheWebhookAtOnceSaysWhyAndKeepsTheDeliveryForWhenItIsEnabled() {
        Api api = herald.account("growth");
        receiver.reply("/gone", r -> Reply.status(410));
        String goneId = TestHerald.webhook(api, receiver.url("/gone"), "[\"flag.created\"]").text("id");
        TestHerald.webhook(api, receiver.url("/gone-ops"), "[\"webhook.disabled\"]");

        api.post("/v1/events", TestHerald.flagCreated("gone"));

        Receiver.Request notice = receiver.await("/gone-ops", 1).getFirst();
        assertThat(notice.body()).contains(goneId).contains("\"reason\":\"gone\"");
        JsonNode webhook = api.get("/v1/webhooks/" + goneId).json();
        assertThat(webhook.path("enabled").asBoolean()).isFalse();
        Receiver.sleep(500);
        assertThat(receiver.requests("/gone")).as("no retry after 410").hasSize(1);
        String deliveryId = receiver.requests("/gone").getFirst().header("X-Herald-Delivery");
        assertThat(api.get("/v1/deliveries/" + deliveryId).text("status")).isEqualTo("failed");
        JsonNode audit = api.get("/v1/audit-log?action=webhook.disabled").json().path("data");
        assertThat(audit.toString()).contains(goneId).contains("gone");

        receiver.reply("/gone", r -> Reply.ok());
        api.post("/v1/webhooks/" + goneId + "/enable", null);
        List<Receiver.Request> again = receiver.await("/gone", 2);
        assertThat(again.getLast().header("X-Herald-Delivery")).as("the same delivery, once enabled")
                .isEqualTo(deliveryId);
    }

    @Test
    void retryAfterOn429And503PutsTheNextAttemptNoEarlierThanAsked() {
        Api api = herald.account("growth");
        for (int code : new int[] {429, 503}) {
            String path = "/busy-" + code;
            AtomicInteger calls = new AtomicInteger();
            receiver.reply(path, r -> calls.getAndIncrement() == 0
                    ? Reply.status(code).withHeader("Retry-After", "2") : Reply.ok());
            TestHerald.webhook(api, receiver.url(path), "[\"flag.created\"]");
        }
        api.post("/v1/events", TestHerald.flagCreated("busy"));

        for (int code : new int[] {429, 503}) {
            List<Receiver.Request> attempts = receiver.await("/busy-" + code, 2);
            long waited = attempts.get(1).receivedAtMillis() - attempts.get(0).receivedAtMillis();
            assertThat(waited).as("HTTP " + code + " asked for 2 s; the schedule alone says 100 ms")
                    .isGreaterThanOrEqualTo(1_900);
        }
    }
}
