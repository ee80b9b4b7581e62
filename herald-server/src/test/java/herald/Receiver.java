package herald;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/** A real HTTP receiver on loopback that records every request and answers as a test tells it. */
public final class Receiver implements AutoCloseable {

    /** A request as received: headers by lower-case name, and the raw body. */
    public record Request(String path, Map<String, String> headers, byte[] rawBody, long receivedAtMillis) {
        public String body() {
            return new String(rawBody, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to answer: a status, a body, how long to wait first, and response headers. */
    public record Reply(int status, String body, Duration delay, Map<String, String> headers) {
        public Reply(int status, String body, Duration delay) {
            this(status, body, delay, Map.of());
        }

        /** The same answer with one more response header. */
        public Reply withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Reply(status, body, delay, Map.copyOf(more));
        }

        public static Reply ok() {
            return new Reply(200, "ok", Duration.ZERO);
        }

        public static Reply status(int status) {
            return new Reply(status, "status " + status, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Reply>> replies = new ConcurrentHashMap<>();

    public Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            Request request = new Request(path, headers, body, System.currentTimeMillis());
            requests.add(request);
            Reply reply = replies.getOrDefault(path, r -> Reply.ok()).apply(request);
            try {
                if (!reply.delay().isZero()) {
                    Thread.sleep(reply.delay());
                }
                byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
                reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                }
            } catch (InterruptedException | IOException e) {
                // the client went away (e.g. Herald's deadline passed); nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The URL of a path on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void reply(String path, Function<Request, Reply> reply) {
        replies.put(path, reply);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until at least {@code count} requests match, and returns the matches. */
    public List<Request> await(Predicate<Request> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Request> found = new ArrayList<>(requests.stream().filter(match).toList());
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching requests within " + timeout + ", got "
                        + found.size() + " of " + requests.size());
            }
            sleep(10);
        }
    }

    public List<Request> await(String path, int count) {
        return await(r -> r.path().equals(path), count, Duration.ofSeconds(15));
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
