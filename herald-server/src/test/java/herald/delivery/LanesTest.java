package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.account.AccountId;
import herald.event.Event;
import herald.event.EventId;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The balancing step alone: per-webhook limits that adapt, a total, and who goes next. */
class LanesTest {

    private final List<Ready> started = new ArrayList<>();

    @Test
    void aNewLaneStartsAtTwoInFlightAndEarnsOneMorePerAnswerUpToItsLimit() {
        Lanes lanes = new Lanes(100, 4, 1_000, started::add);
        lanes.add(deliveries("wh_a", 10));
        assertThat(started).hasSize(Lanes.INITIAL_LIMIT);

        lanes.finished(new WebhookId("wh_a"), true); // limit 3, one in flight: two more go
        assertThat(started).hasSize(4);
        lanes.finished(new WebhookId("wh_a"), true); // limit 4: two more go
        lanes.finished(new WebhookId("wh_a"), true); // limit stays 4: one more goes
        assertThat(started).hasSize(7);
        assertThat(lanes.inFlight()).isEqualTo(4);
        assertThat(lanes.waiting()).isEqualTo(3);
    }

    @Test
    void unansweredAttemptsHalveTheLaneDownToOneAndTheFastPathLeavesItAlone() {
        Lanes lanes = new Lanes(100, 16, 1_000, started::add);
        lanes.add(deliveries("wh_slow", 40));
        for (int i = 0; i < 14; i++) {
            lanes.finished(new WebhookId("wh_slow"), true);
        }
        assertThat(lanes.inFlight()).isEqualTo(16);
        assertThat(lanes.takes(new WebhookId("wh_slow"))).isTrue();

        lanes.finished(new WebhookId("wh_slow"), false); // 16 -> 8: nothing new starts until fewer than 8 are in flight
        assertThat(lanes.inFlight()).isEqualTo(15);
        assertThat(lanes.takes(new WebhookId("wh_slow"))).as("a narrowed lane takes nothing from the fast path").isFalse();
        for (int i = 0; i < 4; i++) {
            lanes.finished(new WebhookId("wh_slow"), false); // 8 -> 4 -> 2 -> 1 -> 1
        }
        assertThat(lanes.inFlight()).isEqualTo(11);
        assertThat(lanes.room(new WebhookId("wh_slow"))).isZero();
        assertThat(lanes.takes(new WebhookId("wh_other"))).as("other webhooks are not affected").isTrue();
    }

    @Test
    void hangingLanesCannotTakeTheSlotsOfAHealthyOne() {
        // 10 receivers that never answer, a total of 40: each holds two until its first deadline.
        Lanes lanes = new Lanes(40, 16, 1_000, started::add);
        for (int i = 0; i < 10; i++) {
            lanes.add(deliveries("wh_hang" + i, 50));
        }
        lanes.add(deliveries("wh_ok", 50));
        long healthyStarted = started.stream().filter(r -> r.webhookId().value().equals("wh_ok")).count();
        assertThat(healthyStarted).isEqualTo(Lanes.INITIAL_LIMIT);
        for (int round = 0; round < 20; round++) {
            lanes.finished(new WebhookId("wh_ok"), true);
        }
        // Each answer frees a slot and raises the limit: two more each time up to 16 in flight, then one.
        assertThat(started.stream().filter(r -> r.webhookId().value().equals("wh_ok")).count())
                .as("the healthy lane grows to its full limit while the hanging ones hold their two each")
                .isEqualTo(2 + 14 * 2 + 6);
        assertThat(lanes.inFlight()).isEqualTo(10 * 2 + 16);
    }

    @Test
    void aFullTotalQueuesLanesInArrivalOrderAndFreedSlotsGoToThem() {
        Lanes lanes = new Lanes(2, 2, 1_000, started::add);
        lanes.add(deliveries("wh_a", 2));
        lanes.add(deliveries("wh_b", 1));
        lanes.add(deliveries("wh_c", 1));
        assertThat(started).extracting(r -> r.webhookId().value()).containsExactly("wh_a", "wh_a");
        assertThat(lanes.free()).isZero();

        lanes.finished(new WebhookId("wh_a"), true);
        lanes.finished(new WebhookId("wh_a"), true);
        assertThat(started).extracting(r -> r.webhookId().value()).containsExactly("wh_a", "wh_a", "wh_b", "wh_c");
    }

    @Test
    void anAnsweredAttemptFreesItsLaneAtOnceAndItsPlaceInTheTotalOnlyOnceRecorded() {
        Lanes lanes = new Lanes(2, 2, 1_000, started::add);
        lanes.add(deliveries("wh_a", 3));
        lanes.add(deliveries("wh_b", 1));
        assertThat(started).extracting(r -> r.webhookId().value()).containsExactly("wh_a", "wh_a");

        lanes.answered(new WebhookId("wh_a"), true); // the lane has room, the total has not: sent but not yet recorded
        assertThat(started).hasSize(2);
        assertThat(lanes.inFlight()).isEqualTo(2);
        lanes.recorded(); // wh_b asked for a slot first
        assertThat(started).extracting(r -> r.webhookId().value()).containsExactly("wh_a", "wh_a", "wh_b");
        lanes.finished(new WebhookId("wh_a"), true);
        assertThat(started).extracting(r -> r.webhookId().value()).containsExactly("wh_a", "wh_a", "wh_b", "wh_a");
    }

    @Test
    void theFastPathStopsAtTheBoundOfDeliveriesHeldWaiting() {
        Lanes lanes = new Lanes(1, 1, 3, started::add);
        lanes.add(deliveries("wh_a", 4)); // one in flight, three waiting
        assertThat(lanes.takes(new WebhookId("wh_b"))).isFalse();
        lanes.finished(new WebhookId("wh_a"), true);
        assertThat(lanes.takes(new WebhookId("wh_b"))).isTrue();
    }

    private static List<Ready> deliveries(String webhookId, int n) {
        Webhook webhook = Webhook.builder().id(new WebhookId(webhookId)).accountId(new AccountId("acc_1")).url("http://127.0.0.1/")
                .events(List.of("*")).secret("whsec_x").build();
        Event event = new Event(new EventId("evt_1"), new AccountId("acc_1"), "flag.created", "{}", Optional.empty(), 0);
        List<Ready> ready = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ready.add(new Ready(new DeliveryStore.Claim(new DeliveryId("dlv_" + webhookId + i), new WebhookId(webhookId),
                    new EventId("evt_1"), 0, 0, 1, 0),
                    webhook, event));
        }
        return ready;
    }
}
