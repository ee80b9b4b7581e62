package herald.receiving;

import com.sun.net.httpserver.HttpServer;
import herald.receiver.Deduplicator;
import herald.receiver.Delivery;
import herald.receiver.Event;
import herald.receiver.Headers;
import herald.receiver.InvalidDeliveryException;
import herald.receiver.MalformedPayloadException;
import herald.receiver.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Receives Herald webhooks on POST /webhooks/herald. Run with HERALD_WEBHOOK_SECRET=whsec_... and PORT. */
public final class HeraldWebhooks {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        serve(System.getenv("HERALD_WEBHOOK_SECRET"), port, HeraldWebhooks::handle);
    }

    /** Verifies, answers at once, and hands each new delivery to {@code work} on another thread. */
    public static HttpServer serve(String secret, int port, Consumer<Delivery> work) throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(secret);
        Deduplicator seen = new Deduplicator(100_000);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/webhooks/herald", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes(); // the raw bytes: parsing first would change what was signed
                int status = 204;
                try {
                    Delivery delivery = receiver.receive(body, Headers.of(exchange.getRequestHeaders()));
                    if (seen.firstTime(delivery.id())) { // retries and redeliveries reuse the id
                        worker.submit(() -> work.accept(delivery)); // answer fast; the work happens after
                    }
                } catch (InvalidDeliveryException e) {
                    System.err.println("rejected: " + e.reason() + ": " + e.getMessage());
                    status = e instanceof MalformedPayloadException ? 400 : 401;
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
        return server;
    }

    static void handle(Delivery delivery) {
        switch (delivery.event()) {
            case Event.ExperimentStarted started -> System.out.println("started " + started.experimentKey());
            case Event.StatusChange change -> System.out.println(change.experimentKey() + ": " + change.to());
            case Event.FlagRemoved removed -> System.out.println("flag removed " + removed.flagKey());
            default -> System.out.println("received " + delivery.type() + " " + delivery.id());
        }
    }
}
