import herald.App;
import herald.config.Config;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * Herald's delivery benchmark. Starts a local receiver and Herald (embedded database, durable
 * commits) in this JVM, then measures, in the same run:
 *   1. the raw POST rate of Herald's HTTP client (Jetty) to that receiver, as the ceiling;
 *   2. burst: N events published to M webhooks, deliveries/s end to end and publish→2xx latency;
 *   3. paced: events at a fixed rate, publish→2xx latency percentiles.
 * Usage: bench/run [events=5000] [webhooks=4] [rate=500] [seconds=10]
 *
 * Cluster mode, bench/run cluster jdbc:postgresql://host:port/db?user=u [events=5000] [webhooks=4]:
 * the burst on PostgreSQL with one Herald node, then with two nodes sharing the work (events
 * published to both in turn), each on a fresh database created on that server, in the same run.
 */
public class DeliveryBench {

    static final Map<String, Long> published = new ConcurrentHashMap<>();
    static final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    static final AtomicInteger received = new AtomicInteger();
    static final AtomicInteger rawReceived = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("cluster")) {
            cluster(args);
            return;
        }
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int webhooks = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;

        System.out.printf("machine: %d cores, %s %s, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));

        Server receiver = startReceiver();
        int receiverPort = ((org.eclipse.jetty.server.ServerConnector) receiver.getConnectors()[0]).getLocalPort();
        Path dataDir = Files.createTempDirectory("herald-bench");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HERALD_OPERATOR_TOKEN", "hop_bench");
        env.put("HERALD_ALLOW_PRIVATE_TARGETS", "true");
        env.put("HERALD_PORT", "0");
        env.put("HERALD_DATA_DIR", dataDir.toString());
        Config config = Config.load(env);
        System.out.printf("herald: embedded SQLite, durable commits %s, in flight max %d (per webhook %d)%n",
                config.durableCommits(), config.limits().total(), config.limits().perWebhook());

        double rawRate = rawPostRate(receiverPort, webhooks * config.limits().perWebhook(), 5);
        System.out.printf("raw POST, Jetty client -> receiver, %d connections: %,.0f req/s%n",
                webhooks * config.limits().perWebhook(), rawRate);

        try (App app = App.start(config, Clock.systemUTC())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = app.baseUrl();
            String key = json(post(client, base + "/v1/accounts", "hop_bench", "{\"name\":\"bench\",\"plan\":\"growth\"}"), "apiKey");
            for (int i = 0; i < webhooks; i++) {
                post(client, base + "/v1/webhooks", key, "{\"url\":\"http://127.0.0.1:" + receiverPort + "/w" + i
                        + "\",\"events\":[\"*\"]}");
            }
            // warm-up: JIT and connections
            publishBurst(client, base, key, 500, 16);
            awaitDeliveries(500L * webhooks, 60);
            reset();

            long start = System.nanoTime();
            double publishSeconds = publishBurst(client, base, key, events, 32);
            awaitDeliveries((long) events * webhooks, 300);
            double total = (System.nanoTime() - start) / 1e9;
            double deliveriesPerSecond = events * webhooks / total;
            System.out.printf("burst: %,d events x %d webhooks = %,d deliveries in %.2f s -> %,.0f deliveries/s"
                            + " (%.2f of the raw POST rate); publish %,.0f events/s%n",
                    events, webhooks, events * webhooks, total, deliveriesPerSecond, deliveriesPerSecond / rawRate,
                    events / publishSeconds);
            printLatency("burst publish->2xx");
            reset();

            publishPaced(client, base, key, rate, seconds);
            awaitDeliveries((long) rate * seconds * webhooks, 120);
            printLatency(String.format("paced %d events/s for %d s, publish->2xx", rate, seconds));
        } finally {
            receiver.stop();
        }
        System.exit(0);
    }

    static void cluster(String[] args) throws Exception {
        String server = args.length > 1 ? args[1] : "";
        if (!server.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("usage: bench/run cluster jdbc:postgresql://host:port/db?user=u [events] [webhooks]");
        }
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int webhooks = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        System.out.printf("machine: %d cores, %s %s, JDK %s; PostgreSQL on the same machine%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
        Server receiver = startReceiver();
        int receiverPort = ((org.eclipse.jetty.server.ServerConnector) receiver.getConnectors()[0]).getLocalPort();
        Map<Integer, Double> rates = new HashMap<>();
        byte[] keyBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(keyBytes);
        String masterKey = java.util.Base64.getEncoder().encodeToString(keyBytes);
        try {
            for (int nodes : List.of(1, 2)) {
                String database = "herald_bench_" + ProcessHandle.current().pid() + "_" + nodes;
                sql(server, "CREATE DATABASE " + database);
                String url = server.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
                List<App> apps = new ArrayList<>();
                try {
                    for (int n = 0; n < nodes; n++) {
                        Map<String, String> env = new HashMap<>(System.getenv());
                        env.put("HERALD_OPERATOR_TOKEN", "hop_bench");
                        env.put("HERALD_ALLOW_PRIVATE_TARGETS", "true");
                        env.put("HERALD_DATABASE_URL", url);
                        env.put("HERALD_MASTER_KEY", masterKey); // the nodes of a cluster share it
                        env.put("HERALD_PORT", "0");
                        env.put("HERALD_DATA_DIR", Files.createTempDirectory("herald-bench").toString());
                        apps.add(App.start(Config.load(env), Clock.systemUTC()));
                    }
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    List<String> bases = apps.stream().map(App::baseUrl).toList();
                    String key = json(post(client, bases.getFirst() + "/v1/accounts", "hop_bench",
                            "{\"name\":\"bench\",\"plan\":\"growth\"}"), "apiKey");
                    for (int i = 0; i < webhooks; i++) {
                        post(client, bases.getFirst() + "/v1/webhooks", key, "{\"url\":\"http://127.0.0.1:" + receiverPort
                                + "/w" + i + "\",\"events\":[\"*\"]}");
                    }
                    reset();
                    publishBurst(client, bases, key, 500, 16); // warm-up
                    awaitDeliveries(500L * webhooks, 120);
                    reset();
                    long start = System.nanoTime();
                    double publishSeconds = publishBurst(client, bases, key, events, 32);
                    awaitDeliveries((long) events * webhooks, 600);
                    double total = (System.nanoTime() - start) / 1e9;
                    rates.put(nodes, events * webhooks / total);
                    System.out.printf("%d node(s) on PostgreSQL: %,d deliveries in %.2f s -> %,.0f deliveries/s;"
                                    + " publish %,.0f events/s%n", nodes, events * webhooks, total, rates.get(nodes),
                            events / publishSeconds);
                    printLatency(nodes + " node(s), publish->2xx");
                } finally {
                    apps.forEach(App::close);
                    sql(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
            }
            System.out.printf("two nodes vs one: %.2f%n", rates.get(2) / rates.get(1));
        } finally {
            receiver.stop();
        }
        System.exit(0);
    }

    static void sql(String url, String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static Server startReceiver() throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                long now = System.nanoTime();
                int at = body.indexOf("\"eventId\":\"");
                if (at >= 0) {
                    String eventId = body.substring(at + 11, body.indexOf('"', at + 11));
                    firstArrival.putIfAbsent(eventId, now);
                    received.incrementAndGet();
                } else {
                    rawReceived.incrementAndGet();
                }
                response.setStatus(200);
                Content.Sink.write(response, true, "{}", callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    /** The ceiling: the same Jetty client Herald uses, POSTing a delivery-sized body as fast as it can. */
    static double rawPostRate(int port, int connections, int seconds) throws Exception {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        client.setMaxConnectionsPerDestination(connections);
        client.start();
        byte[] body = ("{\"id\":\"dlv_01JD0000000000000000000000\",\"type\":\"flag.created\",\"data\":"
                + "{\"flag_id\":\"flg_1\",\"flag_key\":\"k\",\"project\":\"web\"},\"x\":\"" + "x".repeat(120) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Semaphore window = new Semaphore(connections);
        URI uri = URI.create("http://127.0.0.1:" + port + "/raw");
        long warmEnd = System.nanoTime() + 3_000_000_000L; // JIT warm-up, as Herald gets below
        long end = warmEnd + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        while (System.nanoTime() < end) {
            window.acquire();
            boolean counted = System.nanoTime() > warmEnd;
            client.newRequest(uri).method("POST").body(new BytesRequestContent("application/json", body))
                    .send(result -> {
                        if (counted && !result.isFailed()) {
                            done.incrementAndGet();
                        }
                        window.release();
                    });
        }
        window.acquire(connections);
        client.stop();
        return done.get() / (double) seconds;
    }

    static double publishBurst(HttpClient client, String base, String key, int events, int publishers)
            throws InterruptedException {
        return publishBurst(client, List.of(base), key, events, publishers);
    }

    /** Publishes to the nodes in turn, as a round-robin load balancer would. */
    static double publishBurst(HttpClient client, List<String> bases, String key, int events, int publishers)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(publishers);
        long start = System.nanoTime();
        for (int p = 0; p < publishers; p++) {
            Thread.startVirtualThread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        publishOne(client, bases.get(i % bases.size()), key);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return (System.nanoTime() - start) / 1e9;
    }

    static void publishPaced(HttpClient client, String base, String key, int rate, int seconds) throws InterruptedException {
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(rate * seconds);
        for (int i = 0; i < rate * seconds; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Thread.startVirtualThread(() -> {
                try {
                    publishOne(client, base, key);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    static void publishOne(HttpClient client, String base, String key) {
        long start = System.nanoTime();
        String response = post(client, base + "/v1/events", key,
                "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_1\",\"flag_key\":\"bench\",\"project\":\"web\"}}");
        published.put(json(response, "id"), start);
    }

    static void awaitDeliveries(long expected, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (received.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + received.get() + " of " + expected + " deliveries arrived");
            }
            Thread.sleep(2);
        }
    }

    /** Latency from the start of the publish request to the first delivery of that event reaching the receiver. */
    static void printLatency(String label) {
        List<Long> micros = new ArrayList<>();
        published.forEach((id, start) -> {
            Long arrival = firstArrival.get(id);
            if (arrival != null) {
                micros.add((arrival - start) / 1000);
            }
        });
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d events)%n", label,
                pct(sorted, 0.50) / 1000.0, pct(sorted, 0.99) / 1000.0, sorted[sorted.length - 1] / 1000.0,
                sorted.length);
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static void reset() {
        published.clear();
        firstArrival.clear();
        received.set(0);
    }

    static String post(HttpClient client, String url, String token, String body) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(String body, String field) {
        int at = body.indexOf("\"" + field + "\":\"");
        return body.substring(at + field.length() + 4, body.indexOf('"', at + field.length() + 4));
    }
}
