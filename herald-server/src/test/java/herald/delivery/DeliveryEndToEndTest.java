package herald.delivery;

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
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Deliveries end to end: a real Herald, a real receiver on loopback, the contract's wire format and rules. */
@WithHerald(env = "HERALD_ATTEMPT_TIMEOUT=1s")
class DeliveryEndToEndTest {

    static TestHerald herald;
    static Receiver receiver;

    @Test
    void aPublishedEventArrivesWithEveryHeaderAndBothSignaturesVerify() throws Exception {
        Api api = herald.account("growth");
        String webhookId = api.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/signed")
                + "\",\"events\":[\"flag.created\"],\"headers\":{\"x-vwo-auth\":\"static-key\"}}").text("id");
        String secret = api.get("/v1/webhooks/" + webhookId + "/secret").text("secret");
        long before = Instant.now().getEpochSecond();

        Api.Response published = api.post("/v1/events", TestHerald.flagCreated("checkout"));
        assertThat(published.status()).isEqualTo(202);
        String eventId = published.text("id");

        Receiver.Request request = receiver.await("/signed", 1).getFirst();
        JsonNode body = Api.mapper().readTree(request.rawBody());
        assertThat(body.path("eventId").asText()).isEqualTo(eventId);
        assertThat(body.path("type").asText()).isEqualTo("flag.created");
        assertThat(body.path("accountId").asText()).startsWith("acc_");
        assertThat(body.path("data").path("flag_key").asText()).isEqualTo("checkout");
        assertThat(Instant.parse(body.path("createdAt").asText())).isNotNull();
        String deliveryId = body.path("id").asText();
        assertThat(deliveryId).startsWith("dlv_");

        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("Herald-Webhooks/1.0");
        assertThat(request.header("X-Herald-Event")).isEqualTo("flag.created");
        assertThat(request.header("X-Herald-Delivery")).isEqualTo(deliveryId);
        assertThat(request.header("webhook-id")).isEqualTo(deliveryId);
        assertThat(Long.parseLong(request.header("webhook-timestamp"))).isBetween(before, before + 60);
        assertThat(request.header("x-vwo-auth")).isEqualTo("static-key");

        // The recipe of the Eraya seed: HMAC-SHA256 of the raw body keyed with the secret string as revealed.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(request.header("X-Herald-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(request.rawBody())));
        // The official Standard Webhooks library verifies the delivery unchanged.
        new Webhook(secret).verify(request.body(), standardHeaders(request));
    }

    @Test
    void aFailingReceiverIsRetriedWithTheSameDeliveryIdUntilDeadAndEveryAttemptIsInHistory() {
        Api api = herald.account("growth");
        receiver.reply("/always-500", r -> new Reply(500, "<h1>down</h1>", Duration.ZERO));
        String webhookId = TestHerald.webhook(api, receiver.url("/always-500"), "[\"*\"]").text("id");

        api.post("/v1/events", TestHerald.flagCreated("retry"));

        List<Receiver.Request> attempts = receiver.await("/always-500", 5);
        Set<String> ids = attempts.stream().map(r -> r.header("X-Herald-Delivery")).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        String deliveryId = ids.iterator().next();
        Api.Response delivery = awaitStatus(api, deliveryId, "dead");
        assertThat(delivery.json().path("attempts").asInt()).isEqualTo(5);
        assertThat(delivery.json().path("responseCode").asInt()).isEqualTo(500);
        assertThat(delivery.json().path("responseBody").asText()).isEqualTo("<h1>down</h1>");
        assertThat(delivery.json().path("attemptLog")).hasSize(5);
        assertThat(delivery.json().path("nextAttemptAt").isNull()).isTrue();
        Receiver.sleep(400);
        assertThat(receiver.requests("/always-500")).as("no sixth attempt").hasSize(5);

        Api.Response dead = api.get("/v1/webhooks/" + webhookId + "/deliveries?status=dead");
        assertThat(dead.json().path("data")).extracting(n -> n.path("id").asText()).containsExactly(deliveryId);
        assertThat(api.get("/v1/webhooks/" + webhookId).json().path("consecutiveFailures").asInt()).isEqualTo(5);
    }

    @Test
    void onceAnAttemptSucceedsTheDeliveryIsNeverPostedAgainAndTheFailureCountResets() {
        Api api = herald.account("growth");
        AtomicInteger calls = new AtomicInteger();
        receiver.reply("/flaky", r -> calls.incrementAndGet() <= 2 ? Reply.status(503) : Reply.ok());
        String webhookId = TestHerald.webhook(api, receiver.url("/flaky"), "[\"*\"]").text("id");

        api.post("/v1/events", TestHerald.flagCreated("flaky"));

        String deliveryId = receiver.await("/flaky", 3).getFirst().header("X-Herald-Delivery");
        Api.Response delivery = awaitStatus(api, deliveryId, "success");
        assertThat(delivery.json().path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.json().path("attemptLog")).extracting(a -> a.path("responseCode").asInt())
                .containsExactly(503, 503, 200);
        Receiver.sleep(500);
        assertThat(receiver.requests("/flaky")).hasSize(3);
        assertThat(api.get("/v1/webhooks/" + webhookId).json().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        Api api = herald.account("growth");
        receiver.reply("/moved", r -> new Reply(302, "", Duration.ZERO));
        TestHerald.webhook(api, receiver.url("/moved"), "[\"*\"]");

        api.post("/v1/events", TestHerald.flagCreated("moved"));

        String deliveryId = receiver.await("/moved", 1).getFirst().header("X-Herald-Delivery");
        Api.Response delivery = awaitAttempts(api, deliveryId, 1);
        assertThat(delivery.json().path("status").asText()).isIn("failed", "pending", "dead");
        assertThat(delivery.json().path("attemptLog").get(0).path("responseCode").asInt()).isEqualTo(302);
        assertThat(delivery.json().path("attemptLog").get(0).path("error").asText()).contains("redirect");
    }

    @Test
    void aReceiverThatHangsPastTheDeadlineFailsWithATimeoutAndDoesNotDelayOtherWebhooks() {
        Api api = herald.account("growth");
        receiver.reply("/hang", r -> new Reply(200, "late", Duration.ofSeconds(3)));
        String slowId = TestHerald.webhook(api, receiver.url("/hang"), "[\"*\"]").text("id");
        TestHerald.webhook(api, receiver.url("/fast"), "[\"*\"]");

        long start = System.currentTimeMillis();
        for (int i = 0; i < 60; i++) {
            api.post("/v1/events", TestHerald.flagCreated("load-" + i));
        }
        List<Receiver.Request> fast = receiver.await("/fast", 60);
        long fastDone = fast.stream().mapToLong(Receiver.Request::receivedAtMillis).max().orElseThrow() - start;
        assertThat(fastDone).as("60 deliveries to the fast webhook while the slow one hangs (ms)").isLessThan(2_500);

        JsonNode history = api.get("/v1/webhooks/" + slowId + "/deliveries?limit=500").json().path("data");
        String anySlow = history.get(history.size() - 1).path("id").asText(); // the oldest goes first
        Api.Response slow = awaitAttempts(api, anySlow, 1);
        assertThat(slow.json().path("attemptLog").get(0).path("error").asText()).contains("timed out");
    }

    @Test
    void afterTwentyConsecutiveFailuresTheWebhookIsDisabledAndOtherWebhooksHearOfIt() {
        Api api = herald.account("growth");
        receiver.reply("/broken", r -> Reply.status(500));
        String brokenId = TestHerald.webhook(api, receiver.url("/broken"), "[\"flag.created\"]").text("id");
        TestHerald.webhook(api, receiver.url("/ops"), "[\"webhook.disabled\"]");

        for (int i = 0; i < 4; i++) { // 4 events × 5 attempts = 20 failures
            api.post("/v1/events", TestHerald.flagCreated("broken-" + i));
        }

        Receiver.Request notice = receiver.await("/ops", 1).getFirst();
        assertThat(notice.header("X-Herald-Event")).isEqualTo("webhook.disabled");
        assertThat(notice.body()).contains(brokenId);
        JsonNode webhook = api.get("/v1/webhooks/" + brokenId).json();
        assertThat(webhook.path("enabled").asBoolean()).isFalse();
        assertThat(webhook.path("consecutiveFailures").asInt()).isEqualTo(20);
        assertThat(receiver.requests("/broken")).hasSize(20);

        // While disabled it gets no new deliveries.
        Api.Response next = api.post("/v1/events", TestHerald.flagCreated("after-disable"));
        assertThat(next.json().path("deliveries").asInt()).isZero();

        JsonNode enabled = api.post("/v1/webhooks/" + brokenId + "/enable", null).json();
        assertThat(enabled.path("enabled").asBoolean()).isTrue();
        assertThat(enabled.path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void pendingDeliveriesWaitWhileTheWebhookIsDisabledAndGoOnWhenItIsEnabled() {
        Api api = herald.account("growth");
        receiver.reply("/paused", r -> Reply.status(500));
        String id = TestHerald.webhook(api, receiver.url("/paused"), "[\"*\"]").text("id");

        api.post("/v1/events", TestHerald.flagCreated("held"));
        receiver.await("/paused", 1);
        api.post("/v1/webhooks/" + id + "/disable", null);
        // A retry already claimed when the disable committed may still go out; nothing after it may.
        int seen = settled(receiver, "/paused");
        receiver.reply("/paused", r -> Reply.ok());
        Receiver.sleep(600);
        assertThat(receiver.requests("/paused")).as("no attempt while disabled").hasSize(seen);

        api.post("/v1/webhooks/" + id + "/enable", null);
        String deliveryId = receiver.await("/paused", seen + 1).getLast().header("X-Herald-Delivery");
        awaitStatus(api, deliveryId, "success");
    }

    /** The number of requests on the path once it has stopped growing for longer than a claim's idle wait. */
    static int settled(Receiver receiver, String path) {
        int before;
        int now = receiver.requests(path).size();
        int rounds = 0;
        do {
            assertThat(++rounds).as("requests on " + path + " keep coming").isLessThan(10);
            before = now;
            Receiver.sleep(1_500);
            now = receiver.requests(path).size();
        } while (now != before);
        return now;
    }

    @Test
    void redeliverSendsTheSameBodyWithTheSameDeliveryIdForAFreshRound() {
        Api api = herald.account("growth");
        TestHerald.webhook(api, receiver.url("/again"), "[\"*\"]");
        api.post("/v1/events", TestHerald.flagCreated("again"));
        Receiver.Request first = receiver.await("/again", 1).getFirst();
        String deliveryId = first.header("X-Herald-Delivery");
        awaitStatus(api, deliveryId, "success");

        Api.Response redelivered = api.post("/v1/deliveries/" + deliveryId + "/redeliver", null);
        assertThat(redelivered.status()).isEqualTo(202);

        Receiver.Request second = receiver.await("/again", 2).get(1);
        assertThat(second.header("X-Herald-Delivery")).isEqualTo(deliveryId);
        assertThat(second.rawBody()).isEqualTo(first.rawBody());
        Api.Response after = awaitAttempts(api, deliveryId, 2);
        assertThat(after.json().path("status").asText()).isEqualTo("success");
    }

    @Test
    void rotationStopsTheOldSecretAtOnceUnlessAGracePeriodIsAsked() throws Exception {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, receiver.url("/rotate"), "[\"*\"]").text("id");
        String original = api.get("/v1/webhooks/" + id + "/secret").text("secret");

        String graceful = api.post("/v1/webhooks/" + id + "/secret/rotate", "{\"graceSeconds\":3600}").text("secret");
        api.post("/v1/events", TestHerald.flagCreated("grace"));
        Receiver.Request during = receiver.await("/rotate", 1).getFirst();
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(graceful).verify(during.body(), standardHeaders(during));
        new Webhook(original).verify(during.body(), standardHeaders(during));

        String immediate = api.post("/v1/webhooks/" + id + "/secret/rotate", null).text("secret");
        api.post("/v1/events", TestHerald.flagCreated("immediate"));
        Receiver.Request after = receiver.await("/rotate", 2).get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        new Webhook(immediate).verify(after.body(), standardHeaders(after));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new Webhook(graceful).verify(after.body(), standardHeaders(after)));
    }

    @Test
    void aTestPingGoesToThatWebhookAloneWhateverItsFilter() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, receiver.url("/ping"), "[\"flag.removed\"]").text("id");
        TestHerald.webhook(api, receiver.url("/bystander"), "[\"*\"]");

        Api.Response test = api.post("/v1/webhooks/" + id + "/test", null);
        assertThat(test.status()).isEqualTo(202);

        Receiver.Request ping = receiver.await("/ping", 1).getFirst();
        assertThat(ping.header("X-Herald-Event")).isEqualTo("webhook.ping");
        assertThat(ping.header("X-Herald-Delivery")).isEqualTo(test.text("deliveryId"));
        Receiver.sleep(300);
        assertThat(receiver.requests("/bystander")).isEmpty();
    }

    @Test
    void eventAndProjectFiltersChooseTheWebhooks() {
        Api api = herald.account("growth");
        api.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/only-web") + "\",\"events\":[\"flag.created\"],"
                + "\"projects\":[\"web\"]}");
        api.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/only-app") + "\",\"events\":[\"*\"],"
                + "\"projects\":[\"app\"]}");
        api.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/only-removed") + "\",\"events\":[\"flag.removed\"]}");

        Api.Response published = api.post("/v1/events", TestHerald.flagCreated("filtered"));

        assertThat(published.json().path("deliveries").asInt()).isEqualTo(1);
        receiver.await("/only-web", 1);
        Receiver.sleep(300);
        assertThat(receiver.requests("/only-app")).isEmpty();
        assertThat(receiver.requests("/only-removed")).isEmpty();
    }

    @Test
    void historyFiltersByStatusAndEventType() {
        Api api = herald.account("growth");
        String id = TestHerald.webhook(api, receiver.url("/history"), "[\"*\"]").text("id");
        api.post("/v1/events", TestHerald.flagCreated("h1"));
        api.post("/v1/events", "{\"type\":\"flag.removed\",\"data\":{\"flag_id\":\"flg_2\",\"flag_key\":\"h2\","
                + "\"project\":\"web\"}}");
        receiver.await("/history", 2);
        for (Receiver.Request r : receiver.requests("/history")) {
            awaitStatus(api, r.header("X-Herald-Delivery"), "success");
        }

        assertThat(api.get("/v1/webhooks/" + id + "/deliveries?eventType=flag.removed").json().path("data"))
                .hasSize(1);
        assertThat(api.get("/v1/webhooks/" + id + "/deliveries?status=success").json().path("data")).hasSize(2);
        assertThat(api.get("/v1/webhooks/" + id + "/deliveries?status=dead").json().path("data")).isEmpty();
        assertThat(api.get("/v1/webhooks/" + id + "/deliveries?status=bogus").status()).isEqualTo(400);
        assertThat(api.get("/v1/webhooks/" + id + "/deliveries?limit=1").json().path("nextCursor").asText())
                .startsWith("dlv_");
    }

    static Map<String, List<String>> standardHeaders(Receiver.Request request) {
        return Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature")));
    }

    static Api.Response awaitStatus(Api api, String deliveryId, String status) {
        long deadline = System.currentTimeMillis() + 15_000;
        Api.Response response;
        do {
            response = api.get("/v1/deliveries/" + deliveryId);
            if (response.json().path("status").asText().equals(status)) {
                return response;
            }
            Receiver.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("delivery " + deliveryId + " never became " + status + ": " + response.raw());
    }

    static Api.Response awaitAttempts(Api api, String deliveryId, int attempts) {
        long deadline = System.currentTimeMillis() + 15_000;
        Api.Response response;
        do {
            response = api.get("/v1/deliveries/" + deliveryId);
            if (response.json().path("attemptLog").size() >= attempts) {
                return response;
            }
            Receiver.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("delivery " + deliveryId + " never had " + attempts + " attempts: " + response.raw());
    }
}
