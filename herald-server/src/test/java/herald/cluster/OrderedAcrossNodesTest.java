package herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.HeraldProcess;
import herald.Receiver;
import herald.TestPostgres;
import herald.delivery.OrderedReceipts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-subject order across nodes: two real Herald processes on one real PostgreSQL both claim the
 * deliveries of one ordered webhook while events about twenty subjects are published through both,
 * and one node is killed with SIGKILL halfway. A subject's next delivery may only be claimed once its
 * predecessor's outcome has committed, whichever node sent it; the dead node's heads wait for their
 * lease to run out, and nothing overtakes them.
 */
class OrderedAcrossNodesTest {

    private static final int EVENTS = 3_000;

    @Test
    void twoNodesNeverSendOneSubjectTwiceAtOnceNorOutOfOrder(@TempDir Path dirs) throws Exception {
        String database = TestPostgres.server().newDatabase();
        Map<String, String> env = Map.of(
                "HERALD_DATABASE_URL", database,
                "HERALD_MASTER_KEY", TestPostgres.MASTER_KEY,
                "HERALD_RETRY_SCHEDULE", "0s,100ms,100ms,100ms,100ms,100ms,100ms,100ms",
                "HERALD_ATTEMPT_TIMEOUT", "2s", // the dead node's leases run out in 14 s
                "HERALD_PUBLISH_RATE_LIMIT", "0",
                "HERALD_DATABASE_POOL_SIZE", "8");
        OrderedReceipts receipts = new OrderedReceipts();
        try (Receiver receiver = new Receiver()) {
            receipts.listen(receiver, "/ordered", request -> new Receiver.Reply(200, "ok", Duration.ofMillis(2)));
            HeraldProcess first = HeraldProcess.start(dirs.resolve("a"), env);
            try (HeraldProcess second = HeraldProcess.start(dirs.resolve("b"), env)) {
                String key = first.operator().post("/v1/accounts", "{\"name\":\"o\",\"plan\":\"growth\"}").text("apiKey");
                Api onFirst = first.operator().as(key);
                Api onSecond = second.operator().as(key);
                String created = onFirst.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/ordered")
                        + "\",\"events\":[\"flag.created\"],\"ordering\":\"per_subject\"}").text("id");
                assertThat(created).startsWith("wh_");

                AtomicInteger next = new AtomicInteger();
                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                List<Thread> publishers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    publishers.add(Thread.startVirtualThread(() -> {
                        for (int i = next.getAndIncrement(); i < EVENTS; i = next.getAndIncrement()) {
                            acknowledged.add(publish(i % 2 == 0 ? onFirst : onSecond, onSecond, i));
                        }
                    }));
                }
                long deadline = System.currentTimeMillis() + 60_000;
                while (receipts.acceptedCount() < EVENTS / 3 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                first.kill();
                for (Thread publisher : publishers) {
                    publisher.join(120_000);
                }
                assertThat(acknowledged).as("every event acknowledged by one node or the other").hasSize(EVENTS);

                long until = System.currentTimeMillis() + 120_000;
                while (!receipts.acceptedEvents().containsAll(acknowledged) && System.currentTimeMillis() < until) {
                    Thread.sleep(50);
                }
                assertThat(receipts.acceptedEvents()).as("every event delivered").containsAll(acknowledged);
                receipts.assertStrictOrder();
            } finally {
                first.kill();
                TestPostgres.server().dropDatabase(database);
            }
        }
    }

    /** Publishes event i, about one of twenty flags, through {@code first}, or {@code other} if it is gone. */
    private static String publish(Api first, Api other, int i) {
        return FailoverClient.publish(first, other, "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_n"
                + (i % 20) + "\",\"flag_key\":\"e" + i + "\",\"project\":\"web\"},\"idempotencyKey\":\"ev-" + i + "\"}");
    }
}
