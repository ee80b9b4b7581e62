package herald.delivery;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.Receiver.Reply;
import herald.TestHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code "ordering": "per_subject"}: deliveries about one subject to one webhook are attempted
 * strictly in event order, one at a time; other subjects go on in parallel. The subject of
 * {@code flag.created} is its {@code flag_id}.
 */
class OrderedDeliveryTest {

    /** Ten attempts 20 ms apart: at one failure in five, a delivery goes dead once in ten million. */
    private static final Map<String, String> PATIENT = Map.of(
            "HERALD_RETRY_SCHEDULE", "0s,20ms,20ms,20ms,20ms,20ms,20ms,20ms,20ms,20ms",
            "HERALD_PUBLISH_RATE_LIMIT", "0");

    @Test
    void eachSubjectIsAcceptedInStrictSequenceWhileTheReceiverFailsOneRequestInFive() {
        int subjects = 50;
        int perSubject = 200;
        try (Receiver receiver = new Receiver(); TestHerald herald = TestHerald.start(PATIENT)) {
            Api api = herald.account("growth");
            OrderedReceipts receipts = new OrderedReceipts();
            receipts.listen(receiver, "/ordered", request -> ThreadLocalRandom.current().nextInt(5) == 0
                    ? Reply.status(500) : Reply.ok());
            orderedWebhook(api, receiver.url("/ordered"));
            Set<String> names = new HashSet<>();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < subjects * perSubject; i++) {
                String subject = "flg_s" + (i % subjects);
                names.add(subject);
                events.add(flagEvent(subject, "e" + i));
                if (events.size() == 1_000) {
                    publishBatch(api, events);
                    events.clear();
                }
            }
            receipts.awaitAccepted(subjects * perSubject, Duration.ofSeconds(120));
            receipts.assertStrictOrder(names, perSubject);
            assertThat(receipts.requests()).as("some requests failed and were retried")
                    .isGreaterThan(subjects * perSubject);
        }
    }

    @Test
    void theEnvelopeCarriesTheSubjectAndItsSequenceInPublishOrder() {
        try (Receiver receiver = new Receiver(); TestHerald herald = TestHerald.start(PATIENT)) {
            Api api = herald.account("growth");
            orderedWebhook(api, receiver.url("/ordered"));
            TestHerald.webhook(api, receiver.url("/plain"), "[\"flag.created\"]");
            for (String key : List.of("first", "second", "third")) {
                assertThat(api.post("/v1/events", flagEvent("flg_one", key)).status()).isEqualTo(202);
            }
            List<Receiver.Request> ordered = receiver.await("/ordered", 3);
            for (int i = 0; i < 3; i++) {
                JsonNode body = OrderedReceipts.parse(ordered.get(i));
                assertThat(body.path("subject").asText()).isEqualTo("flg_one");
                assertThat(body.path("sequence").asLong()).isEqualTo(i + 1);
                assertThat(body.path("data").path("flag_key").asText()).isEqualTo(List.of("first", "second", "third").get(i));
            }
            for (Receiver.Request plain : receiver.await("/plain", 3)) {
                JsonNode body = OrderedReceipts.parse(plain);
                assertThat(body.has("subject") || body.has("sequence")).as("an unordered webhook's envelope").isFalse();
            }
            String deliveryId = ordered.getFirst().header("X-Herald-Delivery");
            JsonNode delivery = api.get("/v1/deliveries/" + deliveryId).json();
            assertThat(delivery.path("subject").asText()).isEqualTo("flg_one");
            assertThat(delivery.path("sequence").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aSubjectWhoseReceiverHangsHoldsUpOnlyItself() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Receiver receiver = new Receiver();
             TestHerald herald = TestHerald.start(Map.of("HERALD_ATTEMPT_TIMEOUT", "60s",
                     "HERALD_PUBLISH_RATE_LIMIT", "0"))) {
            Api api = herald.account("growth");
            OrderedReceipts receipts = new OrderedReceipts();
            receipts.listen(receiver, "/ordered", request -> {
                if (OrderedReceipts.parse(request).path("subject").asText().equals("flg_stuck")) {
                    await(release);
                }
                return Reply.ok();
            });
            orderedWebhook(api, receiver.url("/ordered"));
            Set<String> others = new HashSet<>();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(flagEvent("flg_stuck", "stuck" + i));
                for (int s = 0; s < 20; s++) {
                    others.add("flg_other" + s);
                    events.add(flagEvent("flg_other" + s, "e" + i));
                }
            }
            publishBatch(api, events);

            receipts.awaitAccepted(400, Duration.ofSeconds(60));
            for (String subject : others) {
                assertThat(receipts.accepted(subject)).as(subject).hasSize(20);
            }
            assertThat(receipts.accepted("flg_stuck")).as("the stuck subject's head is still in its receiver").isEmpty();
            assertThat(receiver.requests("/ordered").stream().filter(r -> r.body().contains("\"flg_stuck\"")).count())
                    .as("nothing after the stuck subject's head was sent").isEqualTo(1);

            release.countDown();
            receipts.awaitAccepted(420, Duration.ofSeconds(30));
            Set<String> all = new HashSet<>(others);
            all.add("flg_stuck");
            receipts.assertStrictOrder(all, 20);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRedeliveryKeepsItsBodyAndWaitsBehindWhatIsPendingAboutItsSubject() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holding = new AtomicBoolean(false);
        try (Receiver receiver = new Receiver(); TestHerald herald = TestHerald.start(PATIENT)) {
            Api api = herald.account("growth");
            receiver.reply("/ordered", request -> {
                if (holding.get() && request.body().contains("\"second\"")) {
                    await(release);
                }
                return Reply.ok();
            });
            orderedWebhook(api, receiver.url("/ordered"));
            api.post("/v1/events", flagEvent("flg_r", "first"));
            Receiver.Request first = receiver.await("/ordered", 1).getFirst();

            holding.set(true);
            api.post("/v1/events", flagEvent("flg_r", "second"));
            api.post("/v1/events", flagEvent("flg_r", "third"));
            receiver.await("/ordered", 2); // "second" is in the receiver, held; "third" waits behind it
            Api.Response redelivered = api.post("/v1/deliveries/" + first.header("X-Herald-Delivery") + "/redeliver", null);
            assertThat(redelivered.status()).isEqualTo(202);
            Receiver.sleep(300);
            assertThat(receiver.requests("/ordered")).as("nothing overtakes the held head").hasSize(2);

            release.countDown();
            List<Receiver.Request> all = receiver.await("/ordered", 4);
            assertThat(all.stream().map(r -> OrderedReceipts.parse(r).path("data").path("flag_key").asText()))
                    .containsExactly("first", "second", "third", "first");
            assertThat(all.get(3).rawBody()).as("the redelivery sends the same bytes, sequence 1 included")
                    .isEqualTo(first.rawBody());
        } finally {
            release.countDown();
        }
    }

    @Test
    void recoveredDeadDeliveriesGoBehindThePendingOnesInCreationOrder() {
        AtomicBoolean failing = new AtomicBoolean(true);
        try (Receiver receiver = new Receiver();
             TestHerald herald = TestHerald.start(Map.of("HERALD_RETRY_SCHEDULE", "0s,20ms"))) {
            Api api = herald.account("growth");
            receiver.reply("/ordered", request -> failing.get() ? Reply.status(500) : Reply.ok());
            String webhookId = orderedWebhook(api, receiver.url("/ordered"));
            Instant since = Instant.now().minusSeconds(5);
            api.post("/v1/events", flagEvent("flg_d", "one"));
            api.post("/v1/events", flagEvent("flg_d", "two"));
            receiver.await("/ordered", 4); // two attempts each, then dead: "two" only after "one" went dead
            awaitDead(api, webhookId, 2);

            failing.set(false);
            api.post("/v1/events", flagEvent("flg_d", "three"));
            receiver.await("/ordered", 5);
            Api.Response recovered = api.post("/v1/webhooks/" + webhookId + "/recover",
                    "{\"since\":\"" + since + "\"}");
            assertThat(recovered.status()).as(recovered.raw()).isEqualTo(202);
            assertThat(recovered.json().path("count").asLong()).isEqualTo(2);

            List<Receiver.Request> all = receiver.await("/ordered", 7);
            assertThat(all.stream().map(r -> OrderedReceipts.parse(r).path("data").path("flag_key").asText()))
                    .containsExactly("one", "one", "two", "two", "three", "one", "two");
            assertThat(all.subList(4, 7).stream().map(r -> OrderedReceipts.parse(r).path("sequence").asLong()))
                    .as("recovered deliveries keep their sequence").containsExactly(3L, 1L, 2L);
        }
    }

    @Test
    void orderingIsAWebhookOptionAndTheCatalogNamesEachTypesSubject() {
        try (TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            Api.Response plain = TestHerald.webhook(api, "http://127.0.0.1:9/x", "[\"*\"]");
            assertThat(plain.text("ordering")).isEqualTo("none");
            String id = plain.text("id");

            Api.Response bad = api.patch("/v1/webhooks/" + id, "{\"ordering\":\"strict\"}");
            assertError(bad, 422, "invalid_ordering");
            assertThat(api.get("/v1/webhooks/" + id).text("ordering")).as("a refused change changes nothing")
                    .isEqualTo("none");

            Api.Response changed = api.patch("/v1/webhooks/" + id, "{\"ordering\":\"per_subject\"}");
            assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
            assertThat(api.get("/v1/webhooks/" + id).text("ordering")).isEqualTo("per_subject");

            JsonNode types = api.get("/v1/event-types").json().path("data");
            Map<String, String> subjects = new java.util.HashMap<>();
            types.forEach(t -> subjects.put(t.path("name").asText(), t.path("subject").asText()));
            assertThat(subjects).containsEntry("experiment.paused", "experiment_id")
                    .containsEntry("flag.created", "flag_id")
                    .containsEntry("access.project.granted", "user_id")
                    .containsEntry("webhook.ping", "webhook_id");
            assertThat(subjects.values()).doesNotContain("");
        }
    }

    static String orderedWebhook(Api api, String url) {
        Api.Response created = api.post("/v1/webhooks", "{\"url\":\"" + url
                + "\",\"events\":[\"flag.created\"],\"ordering\":\"per_subject\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("ordering")).isEqualTo("per_subject");
        return created.text("id");
    }

    static String flagEvent(String flagId, String key) {
        return "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"" + flagId + "\",\"flag_key\":\"" + key
                + "\",\"project\":\"web\"}}";
    }

    static void publishBatch(Api api, List<String> events) {
        Api.Response published = api.post("/v1/events/batch", "{\"events\":[" + String.join(",", events) + "]}");
        assertThat(published.status()).as(published.raw()).isEqualTo(202);
    }

    private static void awaitDead(Api api, String webhookId, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (api.get("/v1/webhooks/" + webhookId + "/deliveries?status=dead").json().path("data").size() < count) {
            assertThat(System.nanoTime()).as("deliveries dead in time").isLessThan(deadline);
            Receiver.sleep(20);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
