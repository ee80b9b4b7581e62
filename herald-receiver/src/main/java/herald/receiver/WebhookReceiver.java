package herald.receiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Verifies and parses Herald webhook deliveries.
 *
 * <pre>{@code
 * var receiver = new WebhookReceiver(System.getenv("HERALD_WEBHOOK_SECRET"));    // whsec_...
 * var seen = new Deduplicator(100_000);
 * byte[] body = request.getInputStream().readAllBytes();        // the raw bytes, never re-serialised
 * try {
 *     Delivery delivery = receiver.receive(body, request::getHeader);        // verifies, then parses
 *     if (seen.firstTime(delivery.id())) queue.add(delivery);       // answer fast, work later
 *     response.setStatus(204);
 * } catch (InvalidDeliveryException e) {                               // one subclass per reason
 *     response.setStatus(e instanceof MalformedPayloadException ? 400 : 401);
 * }
 * }</pre>
 *
 * <p>{@link #receive} and {@link #verify} check the Standard Webhooks signature ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}): the timestamp must be within the tolerance of
 * this receiver's clock (default {@value #DEFAULT_TOLERANCE_MINUTES} minutes, either way), and one of
 * the header's space-separated {@code v1} signatures must match. Herald sends two signatures during a
 * secret rotation's grace period, so a receiver holding either secret accepts the delivery. Prefer it to
 * {@link #verifyHeraldSignature}, whose {@code X-Herald-Signature} covers the body only, with no
 * timestamp, and so cannot tell a replayed request from a new one.
 *
 * <p>Signatures are compared in constant time. Immutable and thread-safe: make one per secret and share it.
 */
public final class WebhookReceiver {

    static final long DEFAULT_TOLERANCE_MINUTES = 5;
    /** How far {@code webhook-timestamp} may be from the receiver's clock unless told otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(DEFAULT_TOLERANCE_MINUTES);

    private static final String PREFIX = "whsec_";

    private final String heraldKey;
    private final byte[] standardKey;
    private final Duration tolerance;
    private final Clock clock;

    /** A receiver for this secret (as Herald reveals it, {@code whsec_...}) with the default tolerance. */
    public WebhookReceiver(String secret) {
        this(secret, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * @param secret the webhook's signing secret, {@code whsec_} and base64; the prefix may be left off
     * @param tolerance how far {@code webhook-timestamp} may be from {@code clock}, either way; positive
     * @throws IllegalArgumentException if the secret is empty or not base64, or the tolerance not positive
     */
    public WebhookReceiver(String secret, Duration tolerance, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        if (encoded.isBlank()) {
            throw new IllegalArgumentException("the secret is empty");
        }
        try {
            this.standardKey = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret is not whsec_ followed by base64", e);
        }
        if (Objects.requireNonNull(tolerance, "tolerance").isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("the tolerance must be positive, not " + tolerance);
        }
        // X-Herald-Signature is keyed with the secret string exactly as revealed, prefix included.
        this.heraldKey = PREFIX + encoded;
        this.tolerance = tolerance;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies the Standard Webhooks signature of {@code body}, then parses it.
     *
     * @throws InvalidDeliveryException (one subclass per reason) if it fails verification or is not an envelope
     */
    public Delivery receive(byte[] body, Headers headers) {
        verify(body, headers);
        return parse(body);
    }

    /**
     * Checks {@code webhook-timestamp} against the tolerance, then the {@code webhook-signature} of the raw body.
     *
     * @throws MissingHeaderException if {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent
     * @throws MalformedHeaderException if the timestamp is not whole seconds or the signature header has no {@code v1} entry
     * @throws TimestampOutsideToleranceException if the timestamp is too old or too far ahead
     * @throws SignatureMismatchException if no {@code v1} signature matches
     */
    public void verify(byte[] body, Headers headers) {
        Objects.requireNonNull(body, "body");
        String id = required(headers, "webhook-id");
        String timestamp = required(headers, "webhook-timestamp");
        String signatures = required(headers, "webhook-signature");
        checkTolerance(timestamp);
        String expected = Signatures.standard(standardKey, id, timestamp, body);
        boolean anyV1 = false;
        for (String entry : signatures.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue; // another scheme's signature (v1a, v2): not ours to judge
            }
            anyV1 = true;
            if (Signatures.sameText(expected, entry.substring(comma + 1))) {
                return;
            }
        }
        if (!anyV1) {
            throw new MalformedHeaderException("webhook-signature", "has no v1 signature");
        }
        throw new SignatureMismatchException("webhook-signature");
    }

    /**
     * Checks {@code X-Herald-Signature}: {@code sha256=} and the hex HMAC of the raw body. It has no
     * timestamp, so it does not protect against replay; de-duplicate by delivery id when relying on it.
     *
     * @throws MissingHeaderException if the header is absent
     * @throws MalformedHeaderException if it does not start with {@code sha256=}
     * @throws SignatureMismatchException if it does not match
     */
    public void verifyHeraldSignature(byte[] body, Headers headers) {
        Objects.requireNonNull(body, "body");
        String given = required(headers, "X-Herald-Signature");
        if (!given.startsWith("sha256=")) {
            throw new MalformedHeaderException("X-Herald-Signature", "does not start with sha256=");
        }
        if (!Signatures.sameText(Signatures.herald(heraldKey, body), given.toLowerCase(java.util.Locale.ROOT))) {
            throw new SignatureMismatchException("X-Herald-Signature");
        }
    }

    /**
     * Parses a body without verifying it, e.g. one read back from your own store after verification.
     *
     * @throws MalformedPayloadException if it is not a Herald envelope
     */
    public static Delivery parse(byte[] body) {
        return EnvelopeReader.read(Objects.requireNonNull(body, "body"));
    }

    private void checkTolerance(String timestamp) {
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new MalformedHeaderException("webhook-timestamp", "is not Unix seconds: '" + abbreviate(timestamp) + "'");
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
            throw new TimestampOutsideToleranceException(signedAt, now, tolerance);
        }
    }

    private static String required(Headers headers, String name) {
        String value = headers.value(name);
        if (value == null || value.isBlank()) {
            throw new MissingHeaderException(name);
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
