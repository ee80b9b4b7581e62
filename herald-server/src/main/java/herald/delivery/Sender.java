package herald.delivery;

import herald.webhook.AddressPolicy;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * POSTs a delivery and reports the {@link Outcome}. Asynchronous (Jetty's HTTP client), so a receiver
 * that hangs costs a connection, not a thread. Redirects are not followed; the deadline covers connect
 * and the whole response, so a receiver that drips its answer byte by byte is cut at the deadline; at
 * most {@link #MAX_RESPONSE_BYTES} of a response are read, then the connection is dropped.
 *
 * <p>TLS: certificates are verified against the JDK's trust store (never trust-all), the host name
 * is verified against the certificate, and only TLS 1.2 and 1.3 are offered.
 *
 * <p>Every host is resolved by Herald, every resolved address is checked against the
 * {@link AddressPolicy}, and the connection goes to exactly the checked addresses: a DNS answer that
 * changes between check and connect (rebinding) cannot slip through.
 */
public final class Sender implements AutoCloseable {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    static final int STORED_RESPONSE_BYTES = 1024;
    static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final HttpClient client;
    private final Duration timeout;

    public Sender(AddressPolicy policy, Duration timeout) {
        this.timeout = timeout;
        SslContextFactory.Client tls = new SslContextFactory.Client(false);
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setIncludeProtocols(TLS_PROTOCOLS);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        this.client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(60_000);
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(65_536);
        client.setUserAgentField(null);
        client.setSocketAddressResolver(new GuardedResolver(policy));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
    }

    /** The TLS settings of outbound connections, for the tests that prove them. */
    SslContextFactory.Client tls() {
        return client.getSslContextFactory();
    }

    CompletableFuture<Outcome> send(URI url, Map<String, String> headers, byte[] body) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        long start = System.nanoTime();
        var request = client.newRequest(url)
                .method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> headers.forEach(h::put))
                .body(new BytesRequestContent("application/json", body));
        request.send(new Collector(result, start));
        return result;
    }

    /** Thrown into an exchange whose response passed {@link #MAX_RESPONSE_BYTES}: the rest is not read. */
    private static final class ResponseCapped extends RuntimeException {
        ResponseCapped() {
            super("response larger than " + MAX_RESPONSE_BYTES + " bytes; the rest was not read", null, false, false);
        }
    }

    /** Collects up to 64 KiB of the response, drops the rest unread, and turns the exchange into an Outcome. */
    private static final class Collector implements Response.Listener {
        private final CompletableFuture<Outcome> result;
        private final long start;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Collector(CompletableFuture<Outcome> result, long start) {
            this.result = result;
            this.start = start;
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            int room = MAX_RESPONSE_BYTES - bytes.size();
            int n = Math.min(room, content.remaining());
            byte[] chunk = new byte[n];
            content.get(chunk);
            bytes.write(chunk, 0, n);
            if (content.hasRemaining()) {
                content.position(content.limit());
                response.abort(new ResponseCapped());
            }
        }

        @Override
        public void onComplete(Result exchange) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            String body = truncate(bytes.toString(StandardCharsets.UTF_8));
            Response response = exchange.getResponse();
            int code = response == null ? 0 : response.getStatus();
            boolean capped = exchange.getResponseFailure() instanceof ResponseCapped;
            if (exchange.isFailed() && !capped) {
                Optional<Integer> status = code > 0 ? Optional.of(code) : Optional.empty();
                result.complete(new Outcome.Failed(status, status.map(s -> body), describe(exchange.getFailure()), millis));
            } else if (code >= 200 && code < 300) {
                result.complete(new Outcome.Delivered(code, body, millis));
            } else {
                result.complete(new Outcome.Failed(Optional.of(code), Optional.of(body),
                        code >= 300 && code < 400 ? "redirect not followed (HTTP " + code + ")" : "HTTP " + code, millis,
                        retryAfter(response.getHeaders().get("Retry-After"), System.currentTimeMillis())));
            }
        }
    }

    /**
     * A {@code Retry-After} header's wait: delay-seconds or an HTTP date (RFC 9110 section 10.2.3).
     * Anything else, or a time already past, is no request at all.
     */
    static Optional<java.time.Duration> retryAfter(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Optional.of(java.time.Duration.ofSeconds(Long.parseLong(value)));
            }
            long at = java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
            return at > nowMillis ? Optional.of(java.time.Duration.ofMillis(at - nowMillis)) : Optional.empty();
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String truncate(String body) {
        return body.length() <= STORED_RESPONSE_BYTES ? body : body.substring(0, STORED_RESPONSE_BYTES);
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof TimeoutException || root instanceof SSLException || root instanceof RefusedAddress) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof TimeoutException || String.valueOf(root.getMessage()).contains("timeout")) {
            return "timed out: no complete response within the deadline";
        }
        if (root instanceof RefusedAddress refused) {
            return refused.getMessage();
        }
        if (root instanceof UnknownHostException) {
            return "could not resolve host: " + root.getMessage();
        }
        if (root instanceof SSLException) {
            return "TLS error: " + root.getMessage();
        }
        if (root instanceof ConnectException) {
            return "connection failed: " + root.getMessage();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** A resolved address that the policy refuses. */
    static final class RefusedAddress extends ConnectException {
        RefusedAddress(String message) {
            super(message);
        }
    }

    /** Resolves on a virtual thread and passes on only addresses the policy allows. */
    record GuardedResolver(AddressPolicy policy) implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context,
                            Promise<List<InetSocketAddress>> promise) {
            Thread.startVirtualThread(() -> {
                try {
                    InetAddress[] addresses = InetAddress.getAllByName(host);
                    List<InetSocketAddress> allowed = new ArrayList<>(addresses.length);
                    for (InetAddress address : addresses) {
                        Optional<String> refusal = policy.refusal(address);
                        if (refusal.isPresent()) {
                            promise.failed(new RefusedAddress("address not allowed: " + host + " resolves to "
                                    + address.getHostAddress() + " (" + refusal.get() + ")"));
                            return;
                        }
                        allowed.add(new InetSocketAddress(address, port));
                    }
                    promise.succeeded(allowed);
                } catch (UnknownHostException e) {
                    promise.failed(e);
                } catch (RuntimeException e) {
                    promise.failed(e);
                }
            });
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping releases sockets; a failure here leaves nothing to recover
        }
    }
}
