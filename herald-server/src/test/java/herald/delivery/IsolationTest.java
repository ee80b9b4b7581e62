package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Receivers that accept the connection and never answer cannot hold the healthy ones back, even when
 * they are many more than the total of attempts in flight allows at sixteen each: here ten hang and
 * the total is 40, so ten lanes at sixteen would take every slot until their deadlines.
 */
class IsolationTest {

    @Test
    void healthyWebhooksGetEveryDeliveryOnceBeforeTheHangingOnesFirstDeadline() throws Exception {
        try (BlackHole hole = new BlackHole(); Receiver receiver = new Receiver();
             TestHerald herald = TestHerald.start(Map.of("HERALD_MAX_IN_FLIGHT", "40",
                     "HERALD_MAX_IN_FLIGHT_PER_WEBHOOK", "16", "HERALD_ATTEMPT_TIMEOUT", "6s"))) {
            Api api = herald.account("growth");
            for (int i = 0; i < 10; i++) {
                TestHerald.webhook(api, hole.url("/hang" + i), "[\"flag.created\"]");
            }
            for (int i = 0; i < 5; i++) {
                TestHerald.webhook(api, receiver.url("/ok" + i), "[\"flag.created\"]");
            }
            long start = System.currentTimeMillis();
            for (int e = 0; e < 20; e++) {
                assertThat(api.post("/v1/events", TestHerald.flagCreated("iso-" + e)).status()).isEqualTo(202);
            }
            List<Receiver.Request> healthy = receiver.await(r -> r.path().startsWith("/ok"), 100, Duration.ofSeconds(20));
            long last = healthy.stream().mapToLong(Receiver.Request::receivedAtMillis).max().orElseThrow();
            assertThat(last - start).as("every healthy delivery before the hanging ones' first 6 s deadline")
                    .isLessThan(6_000);
            assertThat(hole.connections()).as("the hanging receivers were really tried").isPositive();
            Receiver.sleep(300);
            Map<String, Long> perDelivery = receiver.requests().stream()
                    .collect(Collectors.groupingBy(r -> r.header("X-Herald-Delivery"), Collectors.counting()));
            assertThat(perDelivery).hasSize(100);
            assertThat(perDelivery.values()).as("each healthy delivery POSTed once").containsOnly(1L);
        }
    }

    /** Accepts connections and never reads or answers, like a receiver stuck before its handler. */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        BlackHole() throws IOException {
            server = new ServerSocket(0, 1_000, InetAddress.getLoopbackAddress());
            acceptor = Thread.startVirtualThread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        int connections() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
            acceptor.interrupt();
        }
    }
}
