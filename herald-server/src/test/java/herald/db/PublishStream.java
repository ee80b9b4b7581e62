package herald.db;

import herald.Api;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer that publishes events one after another through a storage fault, as a client would:
 * it remembers every event Herald acknowledged (202), counts the retryable refusals (503
 * {@code storage_unavailable} with {@code Retry-After}) and keeps everything else as unexpected.
 */
final class PublishStream implements AutoCloseable {

    private final Api api;
    private final String padding;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong lastAcknowledgedAt = new AtomicLong();
    private final AtomicLong lastRefusedAt = new AtomicLong();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param paddingBytes extra bytes in each event's data, to fill a disk sooner */
    PublishStream(Api api, int paddingBytes) {
        this.api = api;
        this.padding = "x".repeat(paddingBytes);
        this.thread = Thread.ofPlatform().name("publish-stream").start(this::run);
    }

    private void run() {
        int n = 0;
        while (running) {
            n++;
            String body = "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_" + n + "\",\"flag_key\":\"k" + n
                    + "\",\"project\":\"web\",\"note\":\"" + padding + "\"}}";
            Api.Response response;
            try {
                response = api.post("/v1/events", body);
            } catch (IllegalStateException e) {
                unexpected.add("no answer: " + e.getCause());
                continue;
            }
            statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
            if (response.status() == 202) {
                acknowledged.add(response.text("id"));
                lastAcknowledgedAt.set(System.currentTimeMillis());
            } else if (response.status() == 503 && response.errorCode().equals("storage_unavailable")
                    && response.header("Retry-After").isPresent()) {
                refused.incrementAndGet();
                lastRefusedAt.set(System.currentTimeMillis());
                pause(50);
            } else {
                unexpected.add(response.status() + " " + response.raw());
            }
        }
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    int refused() {
        return refused.get();
    }

    /** When the last 202 came, in epoch milliseconds (0 before the first). */
    long lastAcknowledgedAt() {
        return lastAcknowledgedAt.get();
    }

    long lastRefusedAt() {
        return lastRefusedAt.get();
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    Map<Integer, AtomicInteger> statuses() {
        return statuses;
    }

    /** Waits until at least {@code count} events more than now have been acknowledged. */
    boolean awaitAcknowledged(int count, long timeoutMillis) {
        return awaitMore(acknowledged::size, count, timeoutMillis);
    }

    /** Waits until at least {@code count} refusals more than now have been answered. */
    boolean awaitRefused(int count, long timeoutMillis) {
        return awaitMore(refused::get, count, timeoutMillis);
    }

    private static boolean awaitMore(java.util.function.IntSupplier counter, int count, long timeoutMillis) {
        int target = counter.getAsInt() + count;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (counter.getAsInt() < target) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            pause(20);
        }
        return true;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
