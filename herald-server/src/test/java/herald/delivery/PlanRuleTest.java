package herald.delivery;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.Receiver.Reply;
import herald.TestHerald;
import herald.WithHerald;
import org.junit.jupiter.api.Test;

/**
 * The plan rule, end to end (webhooks are Growth and above): on {@code free} events and changes
 * create no deliveries and pending ones wait, as a disabled webhook's do, saying why; after an
 * upgrade they go on. A retry comes 3 s after a failure: time enough to change the plan while a
 * delivery is pending.
 */
@WithHerald(env = {"HERALD_ATTEMPT_TIMEOUT=1s", "HERALD_RETRY_SCHEDULE=0s,3s,3s,3s,3s"})
class PlanRuleTest {

    static TestHerald herald;
    static Receiver receiver;

    private record Account(String id, Api api) {}

    private static Account growthAccount() {
        Api.Response created = herald.operator().post("/v1/accounts", "{\"name\":\"Plan rule\",\"plan\":\"growth\"}");
        return new Account(created.text("id"), herald.operator().as(created.text("apiKey")));
    }

    private static void movePlan(Account account, String plan) {
        Api.Response moved = herald.operator().patch("/v1/accounts/" + account.id(), "{\"plan\":\"" + plan + "\"}");
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
    }

    /** Publishes an event to a failing receiver and returns its delivery's id once its first attempt failed. */
    private static String pendingDelivery(Api api, String path) {
        receiver.reply(path, r -> Reply.status(500));
        String webhookId = TestHerald.webhook(api, receiver.url(path), "[\"*\"]").text("id");
        api.post("/v1/events", TestHerald.flagCreated(path.substring(1)));
        receiver.await(path, 1);
        return api.get("/v1/webhooks/" + webhookId + "/deliveries").json().path("data").get(0).path("id").asText();
    }

    @Test
    void onFreeNothingNewIsDeliveredAndPendingDeliveriesWaitSayingWhyUntilAnUpgrade() {
        Account account = growthAccount();
        Api api = account.api();
        String deliveryId = pendingDelivery(api, "/downgraded");

        movePlan(account, "free");
        int seen = DeliveryEndToEndTest.settled(receiver, "/downgraded");
        receiver.reply("/downgraded", r -> Reply.ok());

        Api.Response published = api.post("/v1/events", TestHerald.flagCreated("while-free"));
        assertThat(published.status()).as(published.raw()).isEqualTo(202);
        assertThat(published.json().path("deliveries").asInt()).as("an event on free").isZero();
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        Api.Response flag = api.post("/v1/flags", "{\"key\":\"banner\",\"name\":\"Banner\",\"project\":\"web\"}");
        assertThat(flag.status()).as("a change on free is made").isEqualTo(201);
        Receiver.sleep(600);
        assertThat(receiver.requests("/downgraded")).as("nothing is sent on free").hasSize(seen);

        JsonNode history = api.get("/v1/deliveries").json().path("data");
        assertThat(history).as("no delivery for what happened on free").hasSize(1);
        assertThat(history.get(0).path("status").asText()).isEqualTo("failed");
        assertThat(history.get(0).path("heldReason").asText()).isEqualTo("plan_required");
        assertThat(api.get("/v1/deliveries/" + deliveryId).json().path("heldReason").asText())
                .isEqualTo("plan_required");
        assertError(api.post("/v1/deliveries/" + deliveryId + "/redeliver", null), 403, "plan_required");

        movePlan(account, "growth");

        Receiver.Request sent = receiver.await("/downgraded", seen + 1).getLast();
        assertThat(sent.header("X-Herald-Delivery")).isEqualTo(deliveryId);
        Api.Response delivered = DeliveryEndToEndTest.awaitStatus(api, deliveryId, "success");
        assertThat(delivered.json().path("heldReason").isNull()).as(delivered.raw()).isTrue();
        int after = DeliveryEndToEndTest.settled(receiver, "/downgraded");
        assertThat(receiver.requests("/downgraded").subList(seen, after))
                .as("what was published on free is not sent after the upgrade")
                .allSatisfy(r -> assertThat(r.header("X-Herald-Delivery")).isEqualTo(deliveryId));
        Api.Response next = api.post("/v1/events", TestHerald.flagCreated("after-upgrade"));
        assertThat(next.json().path("deliveries").asInt()).as("an event after the upgrade").isEqualTo(1);
    }

    @Test
    void anUpgradeLeavesADisabledWebhooksDeliveriesWaitingForItsEnable() {
        Account account = growthAccount();
        Api api = account.api();
        String deliveryId = pendingDelivery(api, "/switched-off");
        String webhookId = api.get("/v1/deliveries/" + deliveryId).text("webhookId");
        api.post("/v1/webhooks/" + webhookId + "/disable", null);
        assertThat(api.get("/v1/deliveries/" + deliveryId).text("heldReason")).isEqualTo("webhook_disabled");

        movePlan(account, "free");
        assertThat(api.get("/v1/deliveries/" + deliveryId).text("heldReason"))
                .as("the plan first: enabling the webhook would not help").isEqualTo("plan_required");
        movePlan(account, "growth");
        int seen = DeliveryEndToEndTest.settled(receiver, "/switched-off");
        receiver.reply("/switched-off", r -> Reply.ok());

        assertThat(api.get("/v1/deliveries/" + deliveryId).text("heldReason")).isEqualTo("webhook_disabled");
        Receiver.sleep(600);
        assertThat(receiver.requests("/switched-off")).as("still disabled after the upgrade").hasSize(seen);

        api.post("/v1/webhooks/" + webhookId + "/enable", null);
        assertThat(receiver.await("/switched-off", seen + 1).getLast().header("X-Herald-Delivery")).isEqualTo(deliveryId);
        DeliveryEndToEndTest.awaitStatus(api, deliveryId, "success");
    }
}
