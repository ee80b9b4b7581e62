package herald.delivery;

import herald.webhook.SigningSecret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signatures of every delivery (contract section 6):
 * <ul>
 *   <li>{@code X-Herald-Signature: sha256=<hex>}: HMAC-SHA256 of the raw body, keyed with the secret
 *       string's UTF-8 bytes, {@code whsec_} included (the GitHub/Eraya recipe);</li>
 *   <li>{@code webhook-signature: v1,<base64>}: Standard Webhooks, HMAC-SHA256 of
 *       {@code id.timestamp.body} keyed with the base64-decoded secret; one per signing secret,
 *       space-separated, while a rotation's grace period lasts.</li>
 * </ul>
 */
final class Signer {

    /**
     * Never initialised, only cloned: looking a MAC up by name walks the security providers on every
     * call, which costs more than the HMAC itself for a small body.
     */
    private static final Mac PROTOTYPE = newMac();

    private Signer() {}

    /**
     * Every header of a delivery: the webhook's custom headers first, so that Herald's own can never
     * be overridden by them, then the content type, the event and delivery ids and both signatures.
     */
    static java.util.Map<String, String> headers(herald.webhook.Webhook webhook, String deliveryId, String type,
                                                 byte[] body, long nowMillis) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(webhook.headers());
        List<String> secrets = webhook.signingSecrets(nowMillis);
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Herald-Webhooks/1.0");
        headers.put("X-Herald-Event", type);
        headers.put("X-Herald-Delivery", deliveryId);
        headers.put("X-Herald-Signature", heraldSignature(secrets.getFirst(), body));
        long seconds = nowMillis / 1000;
        headers.put("webhook-id", deliveryId);
        headers.put("webhook-timestamp", Long.toString(seconds));
        headers.put("webhook-signature", standardSignature(secrets, deliveryId, seconds, body));
        return headers;
    }

    static String heraldSignature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    static String standardSignature(List<String> secrets, String deliveryId, long timestampSeconds, byte[] body) {
        byte[] prefix = (deliveryId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        StringBuilder header = new StringBuilder();
        for (String secret : secrets) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append("v1,").append(Base64.getEncoder().encodeToString(hmac(SigningSecret.keyBytes(secret), signed)));
        }
        return header.toString();
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = (Mac) PROTOTYPE.clone();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (CloneNotSupportedException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 of the JDK supports clone and any key", e);
        }
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
