package herald.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import herald.receiver.Deduplicator;
import herald.receiver.Delivery;
import herald.receiver.Headers;
import herald.receiver.InvalidDeliveryException;
import herald.receiver.MalformedPayloadException;
import herald.receiver.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The receiver behind {@code herald listen}: verifies each POST with herald-receiver, answers 401 (or
 * 400 for a verified body that is not an envelope) to what fails, and 2xx to what verifies, first
 * passing it on to {@code forwardTo} when given and answering with that app's status, so that Herald
 * retries what the app failed, as it would in production.
 */
final class LocalReceiver implements AutoCloseable {

    /** Herald's bodies are a few KiB; anything far larger is not a delivery. */
    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

    /** Headers the JDK's HTTP client sets itself and refuses to be given. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive", "te", "trailer");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Deduplicator seen = new Deduplicator(10_000);
    private final WebhookReceiver verifier;
    private final Optional<URI> forwardTo;
    private final Clock clock;
    private final Consumer<DeliveryReport> report;

    /** Answers every verified delivery itself. */
    LocalReceiver(InetSocketAddress address, WebhookReceiver verifier, Clock clock, Consumer<DeliveryReport> report)
            throws IOException {
        this.verifier = verifier;
        this.forwardTo = Optional.empty();
        this.clock = clock;
        this.report = report;
        this.server = listen(address);
    }

    /** Passes every verified delivery on to {@code forwardTo}, answering with that app's status. */
    LocalReceiver(InetSocketAddress address, WebhookReceiver verifier, URI forwardTo, Clock clock,
            Consumer<DeliveryReport> report) throws IOException {
        this.verifier = verifier;
        this.forwardTo = Optional.of(forwardTo);
        this.clock = clock;
        this.report = report;
        this.server = listen(address);
    }

    private HttpServer listen(InetSocketAddress address) throws IOException {
        HttpServer listening = HttpServer.create(address, 64);
        listening.setExecutor(executor);
        listening.createContext("/", this::handle);
        listening.start();
        return listening;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                answer(exchange, 405, error("method_not_allowed", "deliveries are POSTed"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                answer(exchange, 413, error("body_too_large", "a delivery is at most " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            Instant time = clock.instant();
            Headers headers = Headers.of(exchange.getRequestHeaders());
            Delivery delivery;
            try {
                delivery = verifier.receive(body, headers);
                if (headers.value("X-Herald-Signature") != null) {
                    verifier.verifyHeraldSignature(body, headers);
                }
            } catch (InvalidDeliveryException e) {
                report.accept(new DeliveryReport(time, Optional.ofNullable(headers.value("X-Herald-Event")),
                        Optional.ofNullable(headers.value("webhook-id")),
                        Optional.of(new DeliveryReport.Rejection(e.reason(), e.getMessage())), false, Optional.empty()));
                answer(exchange, e instanceof MalformedPayloadException ? 400 : 401, error(e.reason(), e.getMessage()));
                return;
            }
            boolean duplicate = !seen.firstTime(delivery.id());
            Optional<Forwarded> forwarded = forwardTo.map(url -> forward(url, exchange, body));
            if (forwarded.isPresent() && forwarded.get().status() / 100 != 2) {
                seen.forget(delivery.id()); // Herald will retry it: that retry is not a duplicate
            }
            report.accept(new DeliveryReport(time, Optional.of(delivery.type()), Optional.of(delivery.id()),
                    Optional.empty(), duplicate, forwarded.map(Forwarded::report)));
            if (forwarded.isPresent()) {
                answer(exchange, forwarded.get().status(), forwarded.get().body());
            } else {
                answer(exchange, 204, new byte[0]);
            }
        }
    }

    /** What the forward target answered; 502 and an error body when it did not answer at all. */
    private record Forwarded(int status, byte[] body, DeliveryReport.Forward report) {}

    private Forwarded forward(URI url, HttpExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Forwarded(response.statusCode(), response.body(),
                    new DeliveryReport.Forward(url.toString(), OptionalInt.of(response.statusCode()), Optional.empty()));
        } catch (IOException e) {
            String why = e.getClass().getSimpleName() + Optional.ofNullable(e.getMessage()).map(m -> " " + m).orElse("");
            return new Forwarded(502, error("forward_failed", "could not reach " + url + ": " + why),
                    new DeliveryReport.Forward(url.toString(), OptionalInt.empty(), Optional.of(why)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Forwarded(503, error("shutting_down", "herald listen is stopping"),
                    new DeliveryReport.Forward(url.toString(), OptionalInt.empty(), Optional.of("interrupted")));
        }
    }

    private byte[] error(String code, String message) {
        var node = json.createObjectNode();
        node.putObject("error").put("code", code).put("message", message);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        client.close();
    }
}
