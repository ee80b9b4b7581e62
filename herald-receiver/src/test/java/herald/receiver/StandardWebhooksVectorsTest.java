package herald.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Standard Webhooks specification's published vector (its reference libraries' "sign function
 * works" case: secret, message id, timestamp 1614265330, payload and expected signature) and the
 * failure cases its reference test suite runs against every implementation.
 */
class StandardWebhooksVectorsTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final byte[] PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final Map<String, String> headers = new HashMap<>(Map.of(
            "webhook-id", MESSAGE_ID,
            "webhook-timestamp", Long.toString(TIMESTAMP),
            "webhook-signature", SIGNATURE));

    static WebhookReceiver receiverAt(long epochSecond) {
        return receiverAt(SECRET, epochSecond);
    }

    static WebhookReceiver receiverAt(String secret, long epochSecond) {
        return new WebhookReceiver(secret, WebhookReceiver.DEFAULT_TOLERANCE,
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private void verify(WebhookReceiver receiver) {
        receiver.verify(PAYLOAD, headers::get);
    }

    @Test
    void thePublishedSignatureVerifiesWithAndWithoutTheSecretPrefix() {
        assertThatCode(() -> verify(receiverAt(TIMESTAMP))).doesNotThrowAnyException();
        assertThatCode(() -> verify(receiverAt(SECRET.substring("whsec_".length()), TIMESTAMP)))
                .doesNotThrowAnyException();
        assertThat(Signatures.standard(java.util.Base64.getDecoder().decode(SECRET.substring(6)), MESSAGE_ID,
                Long.toString(TIMESTAMP), PAYLOAD)).isEqualTo(SIGNATURE.substring(3));
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        headers.put("webhook-signature", String.join(" ", List.of(
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
                "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
                SIGNATURE,
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")));
        assertThatCode(() -> verify(receiverAt(TIMESTAMP))).doesNotThrowAnyException();
    }

    @Test
    void aMissingHeaderIsNamed() {
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            String value = headers.remove(name);
            assertThatThrownBy(() -> verify(receiverAt(TIMESTAMP)))
                    .isInstanceOfSatisfying(MissingHeaderException.class, e -> assertThat(e.header()).isEqualTo(name));
            headers.put(name, value);
        }
    }

    @Test
    void aTimestampThatIsNotANumberIsMalformed() {
        headers.put("webhook-timestamp", "hello");
        assertThatThrownBy(() -> verify(receiverAt(TIMESTAMP)))
                .isInstanceOfSatisfying(MalformedHeaderException.class,
                        e -> assertThat(e.header()).isEqualTo("webhook-timestamp"));
    }

    @Test
    void anInvalidOrTruncatedSignatureDoesNotMatch() {
        for (String bad : List.of("v1,dawfeoifkpqwoekfpqoekf", SIGNATURE.substring(0, 8), "v1,",
                SIGNATURE.replace("g0hM", "g0hN"))) {
            headers.put("webhook-signature", bad);
            assertThatThrownBy(() -> verify(receiverAt(TIMESTAMP))).as(bad)
                    .isInstanceOf(SignatureMismatchException.class)
                    .extracting(e -> ((InvalidDeliveryException) e).reason()).isEqualTo("signature_mismatch");
        }
    }

    @Test
    void aSignatureHeaderWithoutAnyV1EntryIsMalformed() {
        headers.put("webhook-signature", "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= nonsense");
        assertThatThrownBy(() -> verify(receiverAt(TIMESTAMP))).isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void aChangedBodyOrAnotherSecretDoesNotMatch() {
        WebhookReceiver receiver = receiverAt(TIMESTAMP);
        assertThatThrownBy(() -> receiver.verify("{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), headers::get))
                .isInstanceOf(SignatureMismatchException.class);
        assertThatThrownBy(() -> verify(receiverAt("whsec_" + "A".repeat(32), TIMESTAMP)))
                .isInstanceOf(SignatureMismatchException.class);
    }

    @Test
    void theTimestampMayBeFiveMinutesOffEitherWayAndNoMore() {
        long tolerance = Duration.ofMinutes(5).toSeconds();
        assertThatCode(() -> verify(receiverAt(TIMESTAMP + tolerance))).doesNotThrowAnyException();
        assertThatCode(() -> verify(receiverAt(TIMESTAMP - tolerance))).doesNotThrowAnyException();
        assertThatThrownBy(() -> verify(receiverAt(TIMESTAMP + tolerance + 1)))
                .isInstanceOfSatisfying(TimestampOutsideToleranceException.class,
                        e -> assertThat(e.getMessage()).contains("older"));
        assertThatThrownBy(() -> verify(receiverAt(TIMESTAMP - tolerance - 1)))
                .isInstanceOfSatisfying(TimestampOutsideToleranceException.class,
                        e -> assertThat(e.getMessage()).contains("newer"));
    }

    @Test
    void theToleranceIsConfigurable() {
        var strict = new WebhookReceiver(SECRET, Duration.ofSeconds(10),
                Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 11), ZoneOffset.UTC));
        assertThatThrownBy(() -> verify(strict)).isInstanceOf(TimestampOutsideToleranceException.class);
    }

    @Test
    void anEmptyOrNonBase64SecretIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new WebhookReceiver("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookReceiver("whsec_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookReceiver("whsec_not base64!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heraldSignatureIsTheHexHmacOfTheBodyKeyedWithTheWholeSecretString() {
        // HMAC-SHA256("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", payload), computed independently with Python's hmac
        String expected = "sha256=80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c";
        WebhookReceiver receiver = receiverAt(TIMESTAMP);
        assertThatCode(() -> receiver.verifyHeraldSignature(PAYLOAD, Headers.of(Map.of("X-Herald-Signature",
                List.of(expected))))).doesNotThrowAnyException();
        assertThatCode(() -> receiverAt(SECRET.substring(6), TIMESTAMP).verifyHeraldSignature(PAYLOAD,
                name -> name.equalsIgnoreCase("x-herald-signature") ? expected : null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> receiver.verifyHeraldSignature(PAYLOAD, name -> expected.replace("80ec", "80ed")))
                .isInstanceOf(SignatureMismatchException.class);
        assertThatThrownBy(() -> receiver.verifyHeraldSignature(PAYLOAD, name -> expected.substring(7)))
                .isInstanceOf(MalformedHeaderException.class);
        assertThatThrownBy(() -> receiver.verifyHeraldSignature(PAYLOAD, name -> null))
                .isInstanceOf(MissingHeaderException.class);
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        Headers mixed = Headers.of(Map.of("Webhook-Id", List.of(MESSAGE_ID), "WEBHOOK-TIMESTAMP",
                List.of(Long.toString(TIMESTAMP)), "webhook-signature", List.of(SIGNATURE)));
        assertThatCode(() -> receiverAt(TIMESTAMP).verify(PAYLOAD, mixed)).doesNotThrowAnyException();
    }
}
