import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Herald's delivery targets, each measured against a limit measured in the same run, one line each:
 * measured, target, PASS or MISS. Herald runs as its own process (the jar, embedded database,
 * durable commits, publish limit off); the limits are wrk against Debian's nginx ({@code return 200}).
 * Run by {@code bench/targets}, which starts nginx; see docs/performance.md.
 *
 * <pre>
 *   1 end to end   wrk publishing to Herald, one webhook to nginx: delivered/s >= 8 % of wrk's raw POST rate
 *   2 publish      POST /v1/events, no webhook: >= 60 % of GET /healthz under the same load
 *   3 latency      2,000 events/s to 4 webhooks: publish->receiver p50 <= 5 ms, p99 <= 50 ms; 500/s p50 <= 3 ms
 *   4 isolation    100 webhooks, 50 (then 90) accept and never answer: the healthy keep >= 90 % throughput, p99 <= 2x
 *   5 fan-out      one event to 10,000 webhooks: all delivered <= 1 s
 *   6 backlog      receiver hangs while N deliveries pile up, Herald at -Xmx256m; they drain when it answers
 *   7 PostgreSQL   target 1 on PostgreSQL (one node) >= 60 % of the embedded figure, when a server is given
 *   8 ordering     target 1 over 1,000 subjects to a webhook with "ordering": "per_subject", as a share of the
 *                  same load to a webhook without ordering (measured, no target)
 * </pre>
 * Arguments: {@code jar nginxPort [--short] [--backlog N] [--postgres URL] [--only 1|8]}. {@code --only 1}
 * runs steps 1 and 2 alone, on one Herald. {@code --short} runs every step at a tiny size to prove
 * the benchmark works (CI); its figures mean nothing and are not judged (no PASS or MISS).
 */
public class Targets {

    static String jar;
    static int nginxPort;
    static boolean quick;
    static int seconds;
    static final List<String> report = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        jar = args[0];
        nginxPort = Integer.parseInt(args[1]);
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        quick = rest.contains("--short");
        seconds = quick ? 1 : 10;
        int backlog = option(rest, "--backlog").map(Integer::parseInt).orElse(quick ? 200 : 1_000_000);
        String postgres = option(rest, "--postgres").orElse("");
        System.out.printf("machine: %d cores, %s %s; JDK %s; Herald: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), jar);

        double raw = wrk("-c64", "http://127.0.0.1:" + nginxPort + "/", "post.lua", Map.of());
        System.out.printf("limit: wrk -t2 -c64 POST to nginx: %,.0f req/s%n", raw);

        java.util.Optional<String> only = option(rest, "--only");
        if (only.isPresent()) {
            try (Herald herald = Herald.start(Map.of(), "2g")) {
                switch (only.get()) {
                    case "1" -> {
                        endToEnd(herald, raw, "1 end to end (embedded)");
                        publish(herald);
                    }
                    case "8" -> ordering(herald, raw);
                    default -> throw new IllegalArgumentException("--only takes 1 (steps 1 and 2) or 8");
                }
            }
            System.out.println();
            report.forEach(System.out::println);
            System.exit(0);
        }
        double embedded;
        try (Herald herald = Herald.start(Map.of(), "2g")) {
            embedded = endToEnd(herald, raw, "1 end to end (embedded)");
            publish(herald);
        }
        try (Herald herald = Herald.start(Map.of(), "2g")) {
            ordering(herald, raw);
        }
        try (Receiver receiver = new Receiver(); Herald herald = Herald.start(Map.of(), "2g")) {
            latency(herald, receiver, quick ? 200 : 2_000, 5, 50);
            latency(herald, receiver, quick ? 100 : 500, 3, Double.NaN);
        }
        try (Receiver receiver = new Receiver(); BlackHole hole = new BlackHole();
             Herald herald = Herald.start(Map.of("HERALD_MAX_WEBHOOKS_PER_ACCOUNT", "20000"), "2g")) {
            isolation(herald, receiver, hole, 50);
            isolation(herald, receiver, hole, 90);
            fanOut(herald, receiver, quick ? 200 : 10_000);
        }
        try (Receiver receiver = new Receiver();
             Herald herald = Herald.start(Map.of(), "256m")) {
            backlog(herald, receiver, backlog, embedded);
        }
        if (!postgres.isBlank()) {
            try (Herald herald = Herald.start(Map.of("HERALD_DATABASE_URL", postgres,
                    "HERALD_MASTER_KEY", "aGVyYWxkLWJlbmNoLW1hc3Rlci1rZXktMzItYnl0ZXM="), "2g")) {
                double onPostgres = endToEnd(herald, raw, "7 end to end (PostgreSQL)");
                line("7 PostgreSQL vs embedded", onPostgres / embedded * 100, ">= 60 %", onPostgres / embedded >= 0.6, "%");
            }
        } else {
            System.out.println("7 PostgreSQL: skipped (pass --postgres jdbc:postgresql://...)");
        }
        System.out.println();
        report.forEach(System.out::println);
        System.exit(0);
    }

    // ---- 1 and 2 --------------------------------------------------------------------------------

    static double endToEnd(Herald herald, double raw, String name) throws Exception {
        return endToEnd(herald, raw, name, "none", "publish.lua", 0.08);
    }

    /**
     * wrk publishes with {@code script} to one webhook to nginx with this {@code ordering}; the
     * deliveries nginx logged in the measured seconds, per second, against {@code share} of raw.
     */
    static double endToEnd(Herald herald, double raw, String name, String ordering, String script, double share)
            throws Exception {
        String key = herald.account();
        herald.post(key, "/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + nginxPort + "/hook\",\"events\":[\"*\"],"
                + "\"ordering\":\"" + ordering + "\"}");
        Path log = Path.of("access.log");
        wrk("-c32", herald.base + "/v1/events", script, Map.of("HERALD_KEY", key), true); // warm-up
        long before = awaitStable(log);
        WrkResult run = wrkFull("-c32", herald.base + "/v1/events", script, Map.of("HERALD_KEY", key), false);
        long after = lines(log);
        double delivered = (after - before) / (double) seconds;
        // Every accepted event must arrive: wait for the rest of the run's deliveries.
        long expected = before + run.accepted();
        boolean all = awaitLines(log, expected, 60);
        line(name, delivered, ">= " + Math.round(share * 100) + " % of raw = " + fmt(raw * share),
                delivered >= raw * share && all,
                String.format("/s = %.1f %% of raw; publish %,.0f/s; %s", delivered / raw * 100, run.rate(),
                        all ? "every accepted event delivered" : "NOT ALL DELIVERED: " + (lines(log) - before)
                                + " of " + run.accepted()));
        return delivered;
    }

    /**
     * The cost of ordering: the same load over 1,000 subjects, to a webhook without ordering and then
     * to one with {@code per_subject}, each on a fresh account, back to back on one warm Herald.
     */
    static void ordering(Herald herald, double raw) throws Exception {
        double none = endToEnd(herald, raw, "8 ordering: none, 1,000 subjects", "none", "publish-subjects.lua", 0);
        double ordered = endToEnd(herald, raw, "8 ordering: per_subject, 1,000 subjects", "per_subject",
                "publish-subjects.lua", 0);
        line("8 ordering: per_subject vs none", ordered / none * 100, "measured", true, " %");
    }

    static void publish(Herald herald) throws Exception {
        String key = herald.account(); // no webhook
        wrk("-c32", herald.base + "/healthz", null, Map.of(), true);
        double healthz = wrk("-c32", herald.base + "/healthz", null, Map.of());
        wrk("-c32", herald.base + "/v1/events", "publish.lua", Map.of("HERALD_KEY", key), true);
        double publish = wrk("-c32", herald.base + "/v1/events", "publish.lua", Map.of("HERALD_KEY", key));
        line("2 publish (no webhook)", publish, ">= 60 % of /healthz = " + fmt(healthz * 0.6), publish >= healthz * 0.6,
                String.format("/s = %.1f %% of GET /healthz (%,.0f/s)", publish / healthz * 100, healthz));
    }

    // ---- 3 latency ------------------------------------------------------------------------------

    static void latency(Herald herald, Receiver receiver, int rate, double p50Target, double p99Target) throws Exception {
        String key = herald.account();
        for (int i = 0; i < 4; i++) {
            herald.post(key, "/v1/webhooks", "{\"url\":\"" + receiver.url("/lat" + i) + "\",\"events\":[\"*\"]}");
        }
        paced(herald, key, rate, quick ? 1 : WARM_UP_SECONDS, receiver); // warm-up
        receiver.reset();
        Map<String, Long> sent = paced(herald, key, rate, seconds, receiver);
        receiver.await(sent.size() * 4L, 60);
        long[] latencies = receiver.latencies(sent);
        double p50 = percentile(latencies, 50) / 1e6;
        double p99 = percentile(latencies, 99) / 1e6;
        boolean pass = p50 <= p50Target && (Double.isNaN(p99Target) || p99 <= p99Target);
        line("3 latency at " + rate + " events/s x 4 webhooks", p50, "p50 <= " + p50Target + " ms"
                        + (Double.isNaN(p99Target) ? "" : ", p99 <= " + p99Target + " ms"), pass,
                String.format(" ms p50, %.1f ms p99, %.1f ms max (%,d deliveries)", p99,
                        percentile(latencies, 100) / 1e6, latencies.length));
    }

    /**
     * Publishes at a fixed rate from 64 clients, as a producer's pool would; returns each event's id
     * and when its publish started (nanoTime).
     */
    static Map<String, Long> paced(Herald herald, String key, int rate, int secs, Receiver receiver) throws Exception {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long interval = 1_000_000_000L / rate;
        int total = rate * secs;
        java.util.concurrent.BlockingQueue<Integer> tickets = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(total);
        List<Thread> clients = new ArrayList<>();
        for (int w = 0; w < 64; w++) {
            clients.add(Thread.startVirtualThread(() -> {
                try {
                    while (true) {
                        tickets.take();
                        long at = System.nanoTime();
                        try {
                            sent.put(field(herald.post(key, "/v1/events", EVENT), "id"), at);
                        } catch (Exception e) {
                            System.err.println("publish failed: " + e);
                        } finally {
                            done.countDown();
                        }
                    }
                } catch (InterruptedException stop) {
                    // the run is over
                }
            }));
        }
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            tickets.add(i);
        }
        done.await(120, TimeUnit.SECONDS);
        clients.forEach(Thread::interrupt);
        return sent;
    }

    // ---- 4 isolation and 5 fan-out --------------------------------------------------------------

    static void isolation(Herald herald, Receiver receiver, BlackHole hole, int hanging) throws Exception {
        int events = quick ? 20 : 200;
        int healthy = 100 - hanging;
        // All 100 healthy first: what the healthy ones get when nothing hangs.
        Run baseline = fanRun(herald, receiver, hole, 0, events, healthy);
        Run withHanging = fanRun(herald, receiver, hole, hanging, events, healthy);
        double keep = withHanging.rate() / baseline.rate();
        boolean pass = keep >= 0.9 && withHanging.p99() <= 2 * Math.max(baseline.p99(), 1) && withHanging.once();
        line("4 isolation, " + hanging + " of 100 hang", keep * 100, ">= 90 % of all-healthy, p99 <= 2x, once", pass,
                String.format(" %% kept: %,.0f vs %,.0f deliveries/s to the %d healthy; p99 %.1f vs %.1f ms; %s",
                        withHanging.rate(), baseline.rate(), healthy, withHanging.p99(), baseline.p99(),
                        withHanging.once() ? "each POSTed once" : "DUPLICATES"));
    }

    record Run(double rate, double p99, boolean once) {}

    /** A fresh account with 100 webhooks, {@code hanging} of them to the black hole; measures the healthy ones. */
    static Run fanRun(Herald herald, Receiver receiver, BlackHole hole, int hanging, int events, int measured)
            throws Exception {
        String key = herald.account();
        String tag = "/iso" + System.nanoTime() + "-";
        for (int i = 0; i < 100; i++) {
            String url = i < measured ? receiver.url(tag + i) : i - measured < hanging ? hole.url() : receiver.url(tag + "x" + i);
            herald.post(key, "/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
        }
        receiver.reset();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        burst(herald, key, events, sent);
        receiver.await(r -> r.startsWith(tag) && !r.startsWith(tag + "x"), (long) events * measured, 120);
        long end = receiver.lastArrival(r -> r.startsWith(tag) && !r.startsWith(tag + "x"));
        long[] lat = receiver.latencies(sent, r -> r.startsWith(tag) && !r.startsWith(tag + "x"));
        double rate = (double) events * measured / ((end - start) / 1e9);
        return new Run(rate, percentile(lat, 99) / 1e6, receiver.eachOnce());
    }

    static void fanOut(Herald herald, Receiver receiver, int webhooks) throws Exception {
        String key = herald.account();
        String tag = "/fan" + System.nanoTime() + "-";
        CountDownLatch created = new CountDownLatch(webhooks);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 16; t++) {
            Thread.startVirtualThread(() -> {
                for (int i = next.getAndIncrement(); i < webhooks; i = next.getAndIncrement()) {
                    try {
                        herald.post(key, "/v1/webhooks", "{\"url\":\"" + receiver.url(tag + i) + "\",\"events\":[\"*\"]}");
                    } catch (Exception e) {
                        System.err.println("webhook not created: " + e);
                    }
                    created.countDown();
                }
            });
        }
        created.await();
        receiver.reset();
        long start = System.nanoTime();
        herald.post(key, "/v1/events", EVENT);
        boolean all = receiver.await(r -> r.startsWith(tag), webhooks, 60);
        double took = (receiver.lastArrival(r -> r.startsWith(tag)) - start) / 1e9;
        line("5 fan-out to " + webhooks + " webhooks", took, "all <= 1 s", all && took <= 1.0,
                String.format(" s for all (first at %.3f s)", (receiver.firstArrival(r -> r.startsWith(tag)) - start) / 1e9));
    }

    static void burst(Herald herald, String key, int events, Map<String, Long> sent) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(16);
        for (int t = 0; t < 16; t++) {
            Thread.startVirtualThread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        long at = System.nanoTime();
                        sent.put(field(herald.post(key, "/v1/events", EVENT), "id"), at);
                    }
                } catch (Exception e) {
                    System.err.println("publish failed: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    // ---- 6 backlog ------------------------------------------------------------------------------

    static void backlog(Herald herald, Receiver receiver, int n, double target1) throws Exception {
        String key = herald.account();
        String webhook = field(herald.post(key, "/v1/webhooks", "{\"url\":\"" + receiver.url("/backlog")
                + "\",\"events\":[\"*\"]}"), "id");
        receiver.hang.set(true); // the receiver accepts and answers nothing: deliveries pile up
        long start = System.nanoTime();
        StringBuilder batch = new StringBuilder();
        int batchSize = 1_000;
        for (int published = 0; published < n; published += batchSize) {
            int size = Math.min(batchSize, n - published);
            batch.setLength(0);
            batch.append("{\"events\":[");
            for (int i = 0; i < size; i++) {
                batch.append(i == 0 ? "" : ",").append(EVENT);
            }
            herald.post(key, "/v1/events/batch", batch.append("]}").toString());
        }
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        String heapBefore = herald.residentMiB();
        receiver.reset();
        receiver.hang.set(false);
        boolean all = receiver.await(r -> r.equals("/backlog"), n, quick ? 60 : 1_800);
        // From the first delivery after the receiver answers again (the attempts it left hanging must
        // reach their deadline first) to the last.
        double drainSeconds = (receiver.lastArrival(r -> r.equals("/backlog"))
                - receiver.firstArrival(r -> r.equals("/backlog"))) / 1e9;
        double rate = receiver.count(r -> r.equals("/backlog")) / drainSeconds;
        line("6 backlog of " + n + " at -Xmx256m", rate, "drains at target 1's rate (" + fmt(target1) + "/s)",
                all && rate >= target1, String.format("/s drained in %.1f s (published in %.1f s; Herald's resident memory %s"
                        + " while they were held); webhook %s %s", drainSeconds, publishSeconds, heapBefore, webhook,
                        all ? "got every delivery" : "MISSING DELIVERIES"));
    }

    // ---- plumbing -------------------------------------------------------------------------------

    static final String EVENT = "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_bench\",\"flag_key\":\"checkout\","
            + "\"project\":\"web\"}}";

    static void line(String name, double value, String target, boolean pass, String detail) {
        // A short run's figures mean nothing (tiny sizes, often a busy machine): it is not judged.
        String verdict = quick ? "not judged (short run)" : pass ? "PASS" : "MISS";
        String text = String.format("%-44s %12s%s   target %s   %s", name, fmt(value), detail, target, verdict);
        System.out.println(text);
        report.add(text);
    }

    static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    static java.util.Optional<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? java.util.Optional.of(args.get(i + 1)) : java.util.Optional.empty();
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    record WrkResult(double rate, long accepted) {}

    /** Long enough for the JIT to compile the hot paths: with 3 s, the compiler still held a core. */
    static final int WARM_UP_SECONDS = 15;

    static double wrk(String connections, String url, String script, Map<String, String> env) throws Exception {
        return wrkFull(connections, url, script, env, false).rate();
    }

    static double wrk(String connections, String url, String script, Map<String, String> env, boolean warmUp)
            throws Exception {
        return wrkFull(connections, url, script, env, warmUp).rate();
    }

    /** Runs wrk (2 threads) for the run's seconds, or 3 s to warm up; returns its rate and 2xx count. */
    static WrkResult wrkFull(String connections, String url, String script, Map<String, String> env, boolean warmUp)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", connections,
                "-d" + (warmUp ? (quick ? 1 : WARM_UP_SECONDS) : seconds) + "s"));
        if (script != null) {
            command.addAll(List.of("-s", script));
        }
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process wrk = builder.start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Matcher rate = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
        Matcher total = Pattern.compile("(\\d+) requests in").matcher(out);
        Matcher bad = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (!rate.find() || !total.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        long accepted = Long.parseLong(total.group(1)) - (bad.find() ? Long.parseLong(bad.group(1)) : 0);
        return new WrkResult(Double.parseDouble(rate.group(1)), accepted);
    }

    static long lines(Path file) throws IOException {
        try (var stream = Files.lines(file)) {
            return stream.count();
        }
    }

    /** Waits until nginx's buffered log stops growing; returns its line count. */
    static long awaitStable(Path log) throws Exception {
        long last = -1;
        long now = lines(log);
        while (now != last) {
            Thread.sleep(500);
            last = now;
            now = lines(log);
        }
        return now;
    }

    static boolean awaitLines(Path log, long expected, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (lines(log) < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Herald as its own process: the jar on a free port with a fresh data directory. */
    static final class Herald implements AutoCloseable {
        final Process process;
        final String base;
        final Path data;

        private Herald(Process process, String base, Path data) {
            this.process = process;
            this.base = base;
            this.data = data;
        }

        static Herald start(Map<String, String> env, String heap) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path data = Files.createTempDirectory("herald-targets");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx" + heap, "-jar", jar, "serve")
                    .redirectErrorStream(true).redirectOutput(data.resolve("herald.log").toFile());
            builder.environment().putAll(Map.of("HERALD_PORT", Integer.toString(port), "HERALD_DATA_DIR", data.toString(),
                    "HERALD_OPERATOR_TOKEN", "hop_bench", "HERALD_ALLOW_PRIVATE_TARGETS", "true",
                    "HERALD_PUBLISH_RATE_LIMIT", "0"));
            builder.environment().putAll(env);
            Herald herald = new Herald(builder.start(), "http://127.0.0.1:" + port, data);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(herald.base + "/healthz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return herald;
                    }
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !herald.process.isAlive()) {
                        herald.process.destroyForcibly(); // its data directory stays, with the log
                        throw new IllegalStateException("Herald did not start; see " + data.resolve("herald.log"));
                    }
                    Thread.sleep(100);
                }
            }
        }

        String account() throws Exception {
            return field(post("hop_bench", "/v1/accounts", "{\"name\":\"bench\",\"plan\":\"growth\"}"), "apiKey");
        }

        String post(String token, String path, String json) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        /**
         * The process's resident memory (Linux), in MiB, and how much of it is files' pages: the
         * database writer maps the database file, whose pages the kernel may drop at any time.
         */
        String residentMiB() throws IOException {
            String rss = "?", files = "?";
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                } else if (line.startsWith("RssFile:")) {
                    files = Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
            return rss + " MiB (of which files' pages " + files + " MiB)";
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            // Its database and log: a full run of the targets starts several Heralds.
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A receiver in this process: records the first arrival of each event per path, answers 200 (or hangs). */
    static final class Receiver implements AutoCloseable {
        final Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        final Map<String, Long> arrivals = new ConcurrentHashMap<>(); // "path eventId" -> nanoTime
        final AtomicLong posts = new AtomicLong();
        final AtomicBoolean hang = new AtomicBoolean();
        final Map<String, Boolean> deliveryIds = new ConcurrentHashMap<>();
        final AtomicBoolean duplicate = new AtomicBoolean();
        final List<Callback> hung = new CopyOnWriteArrayList<>();

        Receiver() throws Exception {
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                    if (hang.get()) {
                        return true; // never answered: the attempt times out
                    }
                    long now = System.nanoTime();
                    String path = request.getHttpURI().getPath();
                    int at = body.indexOf("\"eventId\":\"");
                    if (at >= 0) {
                        arrivals.putIfAbsent(path + " " + body.substring(at + 11, body.indexOf('"', at + 11)), now);
                    }
                    String delivery = request.getHeaders().get("X-Herald-Delivery");
                    if (delivery != null && deliveryIds.putIfAbsent(delivery, true) != null) {
                        duplicate.set(true);
                    }
                    posts.incrementAndGet();
                    response.setStatus(200);
                    Content.Sink.write(response, true, "{}", callback);
                    return true;
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path;
        }

        void reset() {
            arrivals.clear();
            deliveryIds.clear();
            duplicate.set(false);
            posts.set(0);
        }

        boolean eachOnce() {
            return !duplicate.get();
        }

        long count(java.util.function.Predicate<String> path) {
            return arrivals.keySet().stream().filter(k -> path.test(k.substring(0, k.indexOf(' ')))).count();
        }

        boolean await(long n, int timeoutSeconds) throws InterruptedException {
            return await(p -> true, n, timeoutSeconds);
        }

        boolean await(java.util.function.Predicate<String> path, long n, int timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (count(path) < n) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
            return true;
        }

        long lastArrival(java.util.function.Predicate<String> path) {
            return arrivals.entrySet().stream().filter(e -> path.test(e.getKey().substring(0, e.getKey().indexOf(' '))))
                    .mapToLong(Map.Entry::getValue).max().orElse(System.nanoTime());
        }

        long firstArrival(java.util.function.Predicate<String> path) {
            return arrivals.entrySet().stream().filter(e -> path.test(e.getKey().substring(0, e.getKey().indexOf(' '))))
                    .mapToLong(Map.Entry::getValue).min().orElse(System.nanoTime());
        }

        long[] latencies(Map<String, Long> sent) {
            return latencies(sent, p -> true);
        }

        /** Publish start to arrival, per delivery (event and path), sorted. */
        long[] latencies(Map<String, Long> sent, java.util.function.Predicate<String> path) {
            return arrivals.entrySet().stream()
                    .filter(e -> path.test(e.getKey().substring(0, e.getKey().indexOf(' '))))
                    .filter(e -> sent.containsKey(e.getKey().substring(e.getKey().indexOf(' ') + 1)))
                    .mapToLong(e -> e.getValue() - sent.get(e.getKey().substring(e.getKey().indexOf(' ') + 1)))
                    .sorted().toArray();
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /** Accepts connections and never answers, like a receiver stuck before its handler. */
    static final class BlackHole implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 4_096, InetAddress.getLoopbackAddress());
        final List<Socket> held = new CopyOnWriteArrayList<>();

        BlackHole() throws IOException {
            Thread.startVirtualThread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hang";
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
