package herald.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The body of Eppo's experiment update webhook, for the four events Eppo sends:
 * {@code {"event","data":{"experiment_id","experiment_key"[,"meta_data"]},"signature"}};
 * {@code meta_data} only on {@code experiment.calculated_metrics.updated}, as in Eppo's documentation.
 *
 * <p>Eppo does not publish how its in-body {@code signature} is made, so Herald defines it in the way
 * that needs no JSON canonicalisation on the receiving side: the lowercase hex HMAC-SHA256, keyed
 * with the webhook's current secret string exactly as revealed (the key of {@code X-Herald-Signature}),
 * of the body with its signature member removed. The member is always last, so the body always
 * ends in the same {@value #SUFFIX_LENGTH} bytes ({@code ,"signature":"} + 64 hex digits +
 * {@code "}}): a receiver replaces the raw body's last {@value #SUFFIX_LENGTH} bytes with a single
 * {@code }} and computes the HMAC of that.
 */
record EppoFormat() implements PayloadFormat {

    static final Set<String> EVENTS = Set.of("experiment.metric.updated", "experiment.configuration.updated",
            "experiment.status.updated", "experiment.calculated_metrics.updated");
    static final int SUFFIX_LENGTH = 80;
    private static final byte[] SIGNATURE_START = ",\"signature\":\"".getBytes(StandardCharsets.UTF_8);

    @Override
    public boolean expresses(String eventType) {
        return EVENTS.contains(eventType);
    }

    @Override
    public byte[] body(Rendering r) {
        ObjectNode data = r.object()
                .put("experiment_id", r.text("experiment_id"))
                .put("experiment_key", r.text("experiment_key"));
        JsonNode metaData = r.data().get("meta_data");
        if (r.event().type().equals("experiment.calculated_metrics.updated") && metaData != null) {
            data.set("meta_data", metaData);
        }
        ObjectNode unsigned = r.object().put("event", r.event().type());
        unsigned.set("data", data);
        byte[] signed = r.bytes(unsigned);
        byte[] signature = (HexFormat.of().formatHex(hmac(r.webhook().secret(), signed)) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        // {"event":…,"data":{…}}  →  {"event":…,"data":{…},"signature":"…"}
        byte[] body = Arrays.copyOf(signed, signed.length - 1 + SIGNATURE_START.length + signature.length);
        System.arraycopy(SIGNATURE_START, 0, body, signed.length - 1, SIGNATURE_START.length);
        System.arraycopy(signature, 0, body, signed.length - 1 + SIGNATURE_START.length, signature.length);
        return body;
    }

    static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
