package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.HeraldProcess;
import herald.Receiver;
import herald.TestHerald;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing accepted is lost: a real Herald process is killed with SIGKILL while events pour in and
 * deliveries are in flight, restarted on the same data directory, and must then deliver every event
 * it acknowledged to every webhook, duplicates only ever repeating the same delivery id.
 */
class CrashRecoveryTest {

    private static final int WEBHOOKS = 3;

    @Test
    void everyAcknowledgedEventIsDeliveredAfterAKillNineAndRestart(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("HERALD_RETRY_SCHEDULE", "0s,200ms,200ms,200ms,200ms");
        try (Receiver receiver = new Receiver()) {
            receiver.reply("/slowish", r -> new Receiver.Reply(200, "ok", Duration.ofMillis(20)));
            HeraldProcess first = HeraldProcess.start(dataDir, env);
            Api api;
            List<String> paths = List.of("/a", "/b", "/slowish");
            try {
                Api operator = first.operator();
                api = operator.as(operator.post("/v1/accounts", "{\"name\":\"crash\",\"plan\":\"growth\"}").text("apiKey"));
                for (String path : paths) {
                    TestHerald.webhook(api, receiver.url(path), "[\"*\"]");
                }

                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicBoolean publishing = new AtomicBoolean(true);
                CountDownLatch publishers = new CountDownLatch(4);
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    Thread.startVirtualThread(() -> {
                        try {
                            for (int i = 0; publishing.get(); i++) {
                                try {
                                    Api.Response r = api.post("/v1/events", TestHerald.flagCreated("k" + thread + "-" + i));
                                    if (r.status() == 202) {
                                        acknowledged.add(r.text("id"));
                                    }
                                } catch (RuntimeException e) {
                                    return; // the server died under us: this event was never acknowledged
                                }
                            }
                        } finally {
                            publishers.countDown();
                        }
                    });
                }
                long deadline = System.currentTimeMillis() + 20_000;
                while ((acknowledged.size() < 400 || receiver.requests().size() < 200)
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                first.kill();
                publishing.set(false);
                publishers.await(10, TimeUnit.SECONDS);
                int receivedBeforeRestart = receiver.requests().size();
                assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);

                try (HeraldProcess second = HeraldProcess.start(dataDir, env)) {
                    Map<String, Set<String>> eventsByPath = awaitAll(receiver, paths, acknowledged);
                    for (String path : paths) {
                        assertThat(eventsByPath.get(path)).as("events delivered to " + path).containsAll(acknowledged);
                    }
                    assertThat(receiver.requests().size()).as("restart delivered more").isGreaterThan(receivedBeforeRestart);
                    assertDuplicatesOnlyRepeatTheSameDeliveryId(receiver);
                }
            } finally {
                first.kill();
            }
        }
    }

    private static Map<String, Set<String>> awaitAll(Receiver receiver, List<String> paths, Set<String> events)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            Map<String, Set<String>> byPath = new HashMap<>();
            for (Receiver.Request r : receiver.requests()) {
                byPath.computeIfAbsent(r.path(), p -> new HashSet<>()).add(eventId(r));
            }
            boolean complete = paths.stream().allMatch(p -> byPath.getOrDefault(p, Set.of()).containsAll(events));
            if (complete || System.currentTimeMillis() > deadline) {
                return byPath;
            }
            Thread.sleep(50);
        }
    }

    private static void assertDuplicatesOnlyRepeatTheSameDeliveryId(Receiver receiver) throws IOException {
        Map<String, Set<String>> deliveryIdsPerEventAndPath = new HashMap<>();
        for (Receiver.Request r : receiver.requests()) {
            deliveryIdsPerEventAndPath.computeIfAbsent(eventId(r) + " " + r.path(), k -> new HashSet<>())
                    .add(r.header("X-Herald-Delivery"));
        }
        assertThat(deliveryIdsPerEventAndPath.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    private static String eventId(Receiver.Request request) {
        try {
            JsonNode body = Api.mapper().readTree(request.rawBody());
            return body.path("eventId").asText();
        } catch (IOException e) {
            throw new AssertionError("delivery body is not JSON: " + request.body());
        }
    }
}
