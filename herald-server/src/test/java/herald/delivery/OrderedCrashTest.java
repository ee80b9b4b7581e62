package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.HeraldProcess;
import herald.Receiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-subject order survives SIGKILL: a real Herald process is killed while events about twenty
 * subjects pour in and deliveries to an ordered webhook are in flight, then started again on the
 * same data. Every acknowledged event arrives, each subject's deliveries are first accepted in
 * sequence order, and a subject never has two requests in the receiver at once, before or after.
 */
class OrderedCrashTest {

    @Test
    void orderHoldsAcrossAKillNineAndRestart(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("HERALD_RETRY_SCHEDULE", "0s,50ms,50ms,50ms,50ms,50ms,50ms,50ms",
                "HERALD_PUBLISH_RATE_LIMIT", "0");
        OrderedReceipts receipts = new OrderedReceipts();
        try (Receiver receiver = new Receiver()) {
            receipts.listen(receiver, "/ordered", request -> new Receiver.Reply(200, "ok", Duration.ofMillis(3)));
            HeraldProcess first = HeraldProcess.start(dataDir, env);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Api api;
            try {
                Api operator = first.operator();
                api = operator.as(operator.post("/v1/accounts", "{\"name\":\"o\",\"plan\":\"growth\"}").text("apiKey"));
                OrderedDeliveryTest.orderedWebhook(api, receiver.url("/ordered"));
                AtomicBoolean publishing = new AtomicBoolean(true);
                Thread publisher = Thread.startVirtualThread(() -> {
                    // Batches of 100 build a backlog faster than twenty subjects one at a time can drain it.
                    for (int batch = 0; publishing.get(); batch++) {
                        List<String> events = new ArrayList<>();
                        for (int i = batch * 100; i < (batch + 1) * 100; i++) {
                            events.add(OrderedDeliveryTest.flagEvent("flg_c" + (i % 20), "e" + i));
                        }
                        try {
                            Api.Response r = api.post("/v1/events/batch", "{\"events\":[" + String.join(",", events) + "]}");
                            if (r.status() == 202) {
                                r.json().path("data").forEach(e -> acknowledged.add(e.path("id").asText()));
                            }
                        } catch (RuntimeException e) {
                            return; // the server died under us: this batch was never acknowledged
                        }
                    }
                });
                long deadline = System.currentTimeMillis() + 30_000;
                while ((acknowledged.size() < 2_000 || receipts.acceptedCount() < 300)
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                first.kill();
                publishing.set(false);
                publisher.join(TimeUnit.SECONDS.toMillis(10));
            } finally {
                first.kill();
            }
            int beforeRestart = receipts.acceptedCount();
            assertThat(acknowledged.size()).as("events acknowledged before the kill").isGreaterThan(beforeRestart);

            try (HeraldProcess second = HeraldProcess.start(dataDir, env)) {
                long deadline = System.currentTimeMillis() + 60_000;
                while (!receipts.acceptedEvents().containsAll(acknowledged) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(receipts.acceptedEvents()).as("every acknowledged event delivered").containsAll(acknowledged);
                assertThat(receipts.acceptedCount()).as("the restart delivered the rest").isGreaterThan(beforeRestart);
                receipts.assertStrictOrder();
            }
        }
    }
}
