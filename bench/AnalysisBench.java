import herald.App;
import herald.config.Config;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Herald's analysis benchmark. Starts Herald (embedded database, durable commits) in this JVM and,
 * for a small experiment and then one ten times larger, in the same run:
 *   1. streams assignments and conversions through the API in NDJSON batches of 100,000 rows;
 *   2. runs the analysis on demand (POST /analyze) and times it, right after the last batch (the run
 *      first folds what the last batches left listed) and once more (nothing left to fold: a run
 *      that comes after a pause in ingestion, which Herald's background fold uses).
 * The ratio of the two experiments' analysis times shows how the work scales with the row count;
 * the peak heap shows that memory does not. Usage: bench/run analysis [rows=10000000] [conversions-first]
 * (rows assignments and as many conversions, half to a conversion metric, half to a continuous one).
 */
public class AnalysisBench {

    static final int BATCH = 100_000;
    static final long START = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        // "conversions-first": each unit's conversion arrives before its assignment, which then updates
        // the unit's totals (the usual order sends the assignments first).
        boolean conversionsFirst = args.length > 1 && args[1].equals("conversions-first");
        System.out.printf("machine: %d cores, %s %s, JDK %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        Path dataDir = Files.createTempDirectory("herald-analysis-bench");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HERALD_OPERATOR_TOKEN", "hop_bench");
        env.put("HERALD_PORT", "0");
        env.put("HERALD_DATA_DIR", dataDir.toString());
        Config config = Config.load(env);
        try (App app = App.start(config, Clock.systemUTC())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = app.baseUrl();
            String key = field(post(client, base + "/v1/accounts", "hop_bench", "application/json",
                    "{\"name\":\"bench\",\"plan\":\"growth\"}"), "apiKey");
            post(client, base + "/v1/projects", key, "application/json", "{\"key\":\"web\",\"name\":\"Web\"}");
            post(client, base + "/v1/metrics", key, "application/json",
                    "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
            post(client, base + "/v1/metrics", key, "application/json",
                    "{\"key\":\"revenue\",\"name\":\"Revenue\",\"type\":\"continuous\"}");

            HeapPeak heap = HeapPeak.watch();
            Run small = run(client, base, key, "small", rows / 10, conversionsFirst, heap);
            Run large = run(client, base, key, "large", rows, conversionsFirst, heap);
            System.out.printf("analysis time, %,d vs %,d rows: x%.1f for x10 the rows right after the last batch,"
                    + " x%.1f once more%n", large.rows, small.rows, large.analysisSeconds / small.analysisSeconds,
                    large.againSeconds / small.againSeconds);
            System.out.printf("ingestion rate, large vs small: %.2f%n", large.rowsPerSecond() / small.rowsPerSecond());
            System.out.printf("heap at its highest, large vs small: %s vs %s (of %d MiB allowed)%n", large.heap,
                    small.heap, Runtime.getRuntime().maxMemory() >> 20);
        }
        System.out.printf("database file: %d MiB%n", Files.size(dataDir.resolve("herald.db")) >> 20);
        // Gigabytes at 10 M rows: a second run would otherwise find the disk fuller by as much.
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The heap at its highest, from each collection's report: in use just before it (how full the
     * collector let the heap get) and live just after it (what Herald held). Each heap pool's own
     * peak, added up, overstates the first, for the pools peak at different moments (it gave 531 MiB
     * in a 512 MiB heap); the second is what must not grow with the rows.
     */
    static final class HeapPeak implements NotificationListener {
        private final Set<String> heapPools = new HashSet<>();
        private final AtomicLong before = new AtomicLong();
        private final AtomicLong live = new AtomicLong();

        static HeapPeak watch() {
            HeapPeak heap = new HeapPeak();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heap.heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(heap, null, null);
            }
            return heap;
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                GcInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
                before.accumulateAndGet(heapUsed(gc.getMemoryUsageBeforeGc()), Math::max);
                live.accumulateAndGet(heapUsed(gc.getMemoryUsageAfterGc()), Math::max);
            }
        }

        private long heapUsed(Map<String, MemoryUsage> pools) {
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
                used += heapPools.contains(pool.getKey()) ? pool.getValue().getUsed() : 0;
            }
            return used;
        }

        /** The peaks since the last call, in MiB: before a collection, and live after one. */
        Peak take() {
            return new Peak(before.getAndSet(0) >> 20, live.getAndSet(0) >> 20);
        }
    }

    record Peak(long beforeMiB, long liveMiB) {
        @Override
        public String toString() {
            return liveMiB + " MiB live (" + beforeMiB + " MiB before a collection)";
        }
    }

    record Run(long rows, double ingestSeconds, double analysisSeconds, double againSeconds, Peak heap) {
        double rowsPerSecond() {
            return 2.0 * rows / ingestSeconds;
        }
    }

    static Run run(HttpClient client, String base, String key, String name, int rows, boolean conversionsFirst,
                   HeapPeak heap) {
        String id = field(post(client, base + "/v1/experiments", key, "application/json",
                "{\"key\":\"" + name + "\",\"name\":\"" + name + "\",\"project\":\"web\",\"variations\":["
                        + "{\"key\":\"control\",\"weight\":50},{\"key\":\"treatment\",\"weight\":50}],"
                        + "\"metrics\":[\"purchase\",\"revenue\"],\"startAt\":\"2026-01-01T00:00:00Z\"}"), "id");
        System.gc();
        heap.take();
        // Units in no order of their ids (as they come in practice): the i-th assignment is unit i*104729
        // mod rows, every unit once (104729 is a prime that divides no power of ten).
        Runnable assignments = () -> stream(client, base + "/v1/experiments/" + id + "/assignments", key, rows, i -> {
            int unit = (int) ((long) i * 104729 % rows);
            return "{\"unitId\":\"u" + unit + "\",\"variation\":\"" + (unit % 2 == 0 ? "control" : "treatment")
                    + "\",\"timestamp\":\"" + Instant.ofEpochMilli(START + i) + "\"}\n";
        });
        // Every unit converts once, in no order of their ids: the j-th conversion is unit j*7919 mod rows.
        Runnable conversions = () -> stream(client, base + "/v1/experiments/" + id + "/conversions", key, rows, j -> {
            int unit = (int) ((long) j * 7919 % rows);
            boolean purchase = (j >> 1) % 2 == 0; // both metrics reach units of both variations
            return "{\"unitId\":\"u" + unit + "\",\"metric\":\"" + (purchase ? "purchase" : "revenue") + "\""
                    + (purchase ? "" : ",\"value\":" + (j % 500) / 10.0)
                    + ",\"timestamp\":\"" + Instant.ofEpochMilli(START + 86_400_000L + j) + "\"}\n";
        });
        long t0 = System.nanoTime();
        (conversionsFirst ? conversions : assignments).run();
        double firstSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        (conversionsFirst ? assignments : conversions).run();
        double secondSeconds = (System.nanoTime() - t1) / 1e9;
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        double assignSeconds = conversionsFirst ? secondSeconds : firstSeconds;
        double convertSeconds = conversionsFirst ? firstSeconds : secondSeconds;
        long t2 = System.nanoTime();
        analyze(client, base, key, id);
        double analysisSeconds = (System.nanoTime() - t2) / 1e9;
        long t3 = System.nanoTime();
        analyze(client, base, key, id);
        double againSeconds = (System.nanoTime() - t3) / 1e9;
        System.out.printf("%s: %,d assignments in %.1f s (%,.0f rows/s), %,d conversions in %.1f s (%,.0f rows/s),"
                        + " analysis %.2f s (once more %.2f s)%n", name, rows, assignSeconds, rows / assignSeconds, rows,
                convertSeconds, rows / convertSeconds, analysisSeconds, againSeconds);
        return new Run(rows, ingestSeconds, analysisSeconds, againSeconds, heap.take());
    }

    static void analyze(HttpClient client, String base, String key, String id) {
        String result = post(client, base + "/v1/experiments/" + id + "/analyze", key, "application/json", "");
        if (!result.contains("\"status\":\"success\"")) {
            throw new IllegalStateException("analysis did not succeed: " + result.substring(0, Math.min(300, result.length())));
        }
    }

    /** Sends rows in NDJSON batches; the next batch is built while Herald stores the previous one. */
    static void stream(HttpClient client, String url, String key, int rows, IntFunction<String> row) {
        java.util.concurrent.CompletableFuture<String> inFlight = null;
        for (int from = 0; from < rows; from += BATCH) {
            StringBuilder body = new StringBuilder(BATCH * 100);
            for (int i = from; i < Math.min(rows, from + BATCH); i++) {
                body.append(row.apply(i));
            }
            if (inFlight != null) {
                check(inFlight.join());
            }
            inFlight = client.sendAsync(request(url, key, "application/x-ndjson", body.toString()),
                    HttpResponse.BodyHandlers.ofString()).thenApply(r -> r.statusCode() + " " + r.body());
        }
        if (inFlight != null) {
            check(inFlight.join());
        }
    }

    static void check(String response) {
        if (!response.startsWith("202")) {
            throw new IllegalStateException("batch refused: " + response);
        }
    }

    static HttpRequest request(String url, String token, String type, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String post(HttpClient client, String url, String token, String type, String body) {
        try {
            HttpResponse<String> response = client.send(request(url, token, type, body),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
