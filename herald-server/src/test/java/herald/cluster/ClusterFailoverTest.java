package herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.HeraldProcess;
import herald.Receiver;
import herald.TestHerald;
import herald.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Herald processes on one real PostgreSQL, behind a client that fails over like a load
 * balancer. The node that runs the scheduled jobs is killed with SIGKILL in the middle of 10,000
 * events to three webhooks. Every event must reach every webhook; a delivery seen twice must carry
 * the same delivery id, and there may be at most as many as the dead node had in flight. The
 * experiments whose end dates fall before and after the kill must each complete exactly once: first
 * on the leader, then, once its lease has run out, on the survivor.
 */
class ClusterFailoverTest {

    private static final int EVENTS = 10_000;
    private static final int IN_FLIGHT = 32;
    private static final List<String> PATHS = List.of("/a", "/b", "/c");

    @Test
    void aClusterSurvivesTheDeathOfANodeAndLosesNothing(@TempDir Path dirs) throws Exception {
        String database = TestPostgres.server().newDatabase();
        Map<String, String> env = Map.of(
                "HERALD_DATABASE_URL", database,
                "HERALD_MASTER_KEY", TestPostgres.MASTER_KEY,
                "HERALD_RETRY_SCHEDULE", "0s,200ms,200ms,200ms,200ms",
                "HERALD_ATTEMPT_TIMEOUT", "3s", // so the dead node's leases run out in 16 s
                "HERALD_MAX_IN_FLIGHT", Integer.toString(IN_FLIGHT),
                "HERALD_MAX_IN_FLIGHT_PER_WEBHOOK", "8",
                "HERALD_DATABASE_POOL_SIZE", "8");
        try (Receiver receiver = new Receiver()) {
            // Both nodes start at the same moment against an empty database: one migrates, one waits.
            HeraldProcess first = HeraldProcess.launch(dirs.resolve("a"), env);
            HeraldProcess second = HeraldProcess.launch(dirs.resolve("b"), env);
            first.awaitListening();
            second.awaitListening();
            HeraldProcess leader = leads(first) ? first : second;
            HeraldProcess survivor = leader == first ? second : first;
            try (survivor) {
                assertThat(leads(survivor)).as("one node runs the scheduled jobs").isFalse();
                Api operator = leader.operator();
                String key = operator.post("/v1/accounts", "{\"name\":\"cluster\",\"plan\":\"growth\"}").text("apiKey");
                Api onLeader = leader.operator().as(key);
                Api onSurvivor = survivor.operator().as(key);
                for (String path : PATHS) {
                    TestHerald.webhook(onLeader, receiver.url(path), "[\"*\"]");
                }
                onLeader.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
                onLeader.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
                List<String> experiments = new ArrayList<>(List.of(endingIn(onSurvivor, "before", 2)));

                AtomicInteger next = new AtomicInteger();
                Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
                List<Thread> publishers = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    publishers.add(Thread.startVirtualThread(() -> {
                        for (int i = next.getAndIncrement(); i < EVENTS; i = next.getAndIncrement()) {
                            acknowledged.add(publish(i % 2 == 0 ? onLeader : onSurvivor, onSurvivor, i));
                        }
                    }));
                }
                long deadline = System.currentTimeMillis() + 60_000;
                while ((next.get() < EVENTS / 2 || receiver.requests().size() < 3_000 || completions(receiver) < 1)
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                leader.kill();
                assertThat(completions(receiver)).as("the leader completed the first experiment before it died")
                        .isEqualTo(1);
                experiments.add(endingIn(onSurvivor, "after", 1)); // due while nobody holds the lease
                for (Thread publisher : publishers) {
                    publisher.join(120_000);
                }
                assertThat(acknowledged).as("every event acknowledged by one node or the other").hasSize(EVENTS);

                Map<String, Map<String, Set<String>>> seen = awaitAll(receiver, acknowledged);
                for (String path : PATHS) {
                    assertThat(seen.get(path).keySet()).as("events delivered to " + path).containsAll(acknowledged);
                }
                for (Map<String, Set<String>> byEvent : seen.values()) {
                    for (Set<String> deliveryIds : byEvent.values()) {
                        assertThat(deliveryIds).as("a repeated delivery carries the same delivery id").hasSize(1);
                    }
                }
                // A repeat is either an attempt the dead node had in flight, or an attempt that reached the
                // receiver but failed on Herald's side (its deadline passed on this loaded machine) and was
                // retried, as at-least-once delivery must. Both are bounded; nothing else may repeat.
                long duplicates = receiver.requests().stream().filter(r -> PATHS.contains(r.path())
                        && json(r).path("type").asText().equals("flag.created")).count() - (long) EVENTS * PATHS.size();
                long failedAttempts = count(database, "SELECT COUNT(*) FROM attempts WHERE response_code IS NULL"
                        + " OR response_code >= 300");
                System.out.printf("cluster failover: %d deliveries, %d repeated, %d failed attempts%n",
                        (long) EVENTS * PATHS.size(), duplicates, failedAttempts);
                assertThat(duplicates).as("only attempts in flight at the kill, or failed ones, are repeated")
                        .isBetween(0L, IN_FLIGHT + failedAttempts);

                // The scheduled jobs moved to the survivor: each end date, before and after the kill,
                // completed its experiment exactly once.
                assertThat(leads(survivor)).as("the survivor took over the scheduled jobs").isTrue();
                Map<String, Set<String>> completions = awaitCompletions(receiver, experiments);
                assertThat(completions.keySet()).containsExactlyInAnyOrderElementsOf(experiments);
                assertThat(completions.values()).as("one experiment.completed event per experiment")
                        .allSatisfy(events -> assertThat(events).hasSize(1));
            } finally {
                leader.kill();
                TestPostgres.server().dropDatabase(database);
            }
        }
    }

    /** Publishes event i through {@code first}; if that node is gone, through {@code other}, with the same key. */
    private static String publish(Api first, Api other, int i) {
        return FailoverClient.publish(first, other,
                TestHerald.flagCreated("f" + i).replace("}}", "},\"idempotencyKey\":\"ev-" + i + "\"}"));
    }

    /** A running experiment that ends {@code seconds} from now. */
    private static String endingIn(Api api, String key, int seconds) {
        String id = api.post("/v1/experiments", "{\"key\":\"" + key + "\",\"name\":\"E\",\"project\":\"web\","
                + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"b\",\"weight\":50}],"
                + "\"metrics\":[\"purchase\"],\"endAt\":\"" + Instant.now().plusSeconds(seconds) + "\"}").text("id");
        assertThat(api.post("/v1/experiments/" + id + "/start", null).status()).isEqualTo(200);
        return id;
    }

    private static long count(String url, String sql) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long completions(Receiver receiver) {
        return receiver.requests("/a").stream().map(ClusterFailoverTest::json)
                .filter(b -> b.path("type").asText().equals("experiment.completed")).count();
    }

    /** True when this node has said it runs the scheduled jobs. */
    private static boolean leads(HeraldProcess node) {
        return node.output().contains("now runs the scheduled jobs");
    }

    private static Map<String, Map<String, Set<String>>> awaitAll(Receiver receiver, Set<String> events)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            Map<String, Map<String, Set<String>>> seen = new HashMap<>();
            for (Receiver.Request r : receiver.requests()) {
                JsonNode body = json(r);
                if (body.path("type").asText().equals("flag.created")) {
                    seen.computeIfAbsent(r.path(), p -> new HashMap<>())
                            .computeIfAbsent(body.path("eventId").asText(), e -> new HashSet<>())
                            .add(r.header("X-Herald-Delivery"));
                }
            }
            boolean complete = PATHS.stream().allMatch(p -> seen.getOrDefault(p, Map.of()).keySet().containsAll(events));
            if (complete || System.currentTimeMillis() > deadline) {
                return seen;
            }
            Thread.sleep(100);
        }
    }

    /** experiment.completed event ids per experiment, as received on /a, once all have arrived. */
    private static Map<String, Set<String>> awaitCompletions(Receiver receiver, List<String> experiments)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Map<String, Set<String>> completions = new HashMap<>();
            for (Receiver.Request r : receiver.requests("/a")) {
                JsonNode body = json(r);
                if (body.path("type").asText().equals("experiment.completed")) {
                    completions.computeIfAbsent(body.path("data").path("experiment_id").asText(), e -> new HashSet<>())
                            .add(body.path("eventId").asText());
                }
            }
            if (completions.keySet().containsAll(experiments) || System.currentTimeMillis() > deadline) {
                Thread.sleep(1_000); // a second completion, if any, would come right after the first
                return completions;
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode json(Receiver.Request r) {
        try {
            return Api.mapper().readTree(r.rawBody());
        } catch (IOException e) {
            throw new AssertionError("delivery body is not JSON: " + r.body());
        }
    }
}
