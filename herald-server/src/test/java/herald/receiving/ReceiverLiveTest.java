package herald.receiving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import herald.event.EventType;
import herald.receiver.Deduplicator;
import herald.receiver.Delivery;
import herald.receiver.Event;
import herald.receiver.SignatureMismatchException;
import herald.receiver.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** herald-receiver against deliveries from a running Herald: real signatures, real bodies, every event type. */
@WithHerald
class ReceiverLiveTest {

    static TestHerald herald;
    static Receiver receiver;

    @Test
    void everyPublishableCatalogEventArrivesVerifiedAndTyped() {
        Api api = herald.account("growth");
        String webhookId = TestHerald.webhook(api, receiver.url("/all"), "[\"*\"]").text("id");
        WebhookReceiver verifier = new WebhookReceiver(api.get("/v1/webhooks/" + webhookId + "/secret").text("secret"));
        List<EventType> publishable = ReceiverCatalogTest.CATALOG.stream()
                .filter(type -> !type.name().startsWith("webhook.")).toList();
        for (EventType type : publishable) {
            Api.Response published = api.post("/v1/events",
                    "{\"type\":\"" + type.name() + "\",\"data\":" + type.example() + "}");
            assertThat(published.status()).as(published.raw()).isEqualTo(202);
        }
        assertThat(api.post("/v1/webhooks/" + webhookId + "/test", null).status()).isEqualTo(202);

        List<Receiver.Request> requests = receiver.await("/all", publishable.size() + 1);
        Set<String> received = requests.stream().map(request -> {
            Delivery delivery = verifier.receive(request.rawBody(), request::header);
            verifier.verifyHeraldSignature(request.rawBody(), request::header);
            assertThat(delivery.id()).isEqualTo(request.header("webhook-id"));
            assertThat(delivery.event()).isNotInstanceOf(Event.Unknown.class);
            if (delivery.event() instanceof Event.WebhookPing ping) {
                assertThat(ping.webhookId()).isEqualTo(webhookId);
            }
            return delivery.event().type();
        }).collect(Collectors.toSet());
        assertThat(received).hasSize(publishable.size() + 1).contains("webhook.ping");
    }

    @Test
    void aTamperedBodyOrAnotherWebhooksSecretIsRejected() {
        Api api = herald.account("growth");
        String webhookId = TestHerald.webhook(api, receiver.url("/tamper"), "[\"flag.created\"]").text("id");
        String other = TestHerald.webhook(api, receiver.url("/unused"), "[\"flag.removed\"]").text("id");
        String secret = api.get("/v1/webhooks/" + webhookId + "/secret").text("secret");
        api.post("/v1/events", TestHerald.flagCreated("tamper"));
        Receiver.Request request = receiver.await("/tamper", 1).getFirst();

        byte[] tampered = request.body().replace("tamper", "tamped").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new WebhookReceiver(secret).receive(tampered, request::header))
                .isInstanceOf(SignatureMismatchException.class);
        assertThatThrownBy(() -> new WebhookReceiver(secret).verifyHeraldSignature(tampered, request::header))
                .isInstanceOf(SignatureMismatchException.class);
        WebhookReceiver wrongSecret = new WebhookReceiver(api.get("/v1/webhooks/" + other + "/secret").text("secret"));
        assertThatThrownBy(() -> wrongSecret.receive(request.rawBody(), request::header))
                .isInstanceOf(SignatureMismatchException.class);
    }

    @Test
    void duringARotationsGracePeriodBothSecretsVerify() {
        Api api = herald.account("growth");
        String webhookId = TestHerald.webhook(api, receiver.url("/rotated"), "[\"flag.created\"]").text("id");
        String oldSecret = api.get("/v1/webhooks/" + webhookId + "/secret").text("secret");
        String newSecret = api.post("/v1/webhooks/" + webhookId + "/secret/rotate", "{\"graceSeconds\":600}").text("secret");
        api.post("/v1/events", TestHerald.flagCreated("rotated"));
        Receiver.Request request = receiver.await("/rotated", 1).getFirst();

        assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
        assertThatCode(() -> new WebhookReceiver(oldSecret).receive(request.rawBody(), request::header))
                .doesNotThrowAnyException();
        assertThatCode(() -> new WebhookReceiver(newSecret).receive(request.rawBody(), request::header))
                .doesNotThrowAnyException();
        // X-Herald-Signature carries the newest secret's signature only
        assertThatCode(() -> new WebhookReceiver(newSecret).verifyHeraldSignature(request.rawBody(), request::header))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new WebhookReceiver(oldSecret).verifyHeraldSignature(request.rawBody(), request::header))
                .isInstanceOf(SignatureMismatchException.class);
    }

    @Test
    void aRedeliveryCarriesTheSameIdSoTheDeduplicatorDropsIt() {
        Api api = herald.account("growth");
        String webhookId = TestHerald.webhook(api, receiver.url("/twice"), "[\"flag.created\"]").text("id");
        WebhookReceiver verifier = new WebhookReceiver(api.get("/v1/webhooks/" + webhookId + "/secret").text("secret"));
        Deduplicator seen = new Deduplicator(100);
        api.post("/v1/events", TestHerald.flagCreated("twice"));
        Receiver.Request arrived = receiver.await("/twice", 1).getFirst();
        Delivery first = verifier.receive(arrived.rawBody(), arrived::header);
        assertThat(seen.firstTime(first.id())).isTrue();
        // Herald records the outcome just after the receiver answered; a delivery still pending is not redelivered
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (!api.get("/v1/deliveries/" + first.id()).text("status").equals("success")) {
            assertThat(System.nanoTime()).as(first.id() + " succeeds").isLessThan(deadline);
            Receiver.sleep(20);
        }

        Api.Response redelivered = api.post("/v1/deliveries/" + first.id() + "/redeliver", null);
        assertThat(redelivered.status()).as(redelivered.raw()).isEqualTo(202);
        Receiver.Request again = receiver.await("/twice", 2).get(1);
        Delivery second = verifier.receive(again.rawBody(), again::header);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(seen.firstTime(second.id())).isFalse();
        assertThat(((Event.FlagCreated) second.event()).flagKey()).isEqualTo("twice");
    }
}
