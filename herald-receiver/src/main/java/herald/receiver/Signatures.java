package herald.receiver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signature schemes of a Herald delivery, computed over the raw body bytes, never over a
 * re-serialised copy (re-serialising changes bytes and breaks the signature).
 */
final class Signatures {

    private Signatures() {}

    /** Standard Webhooks: base64 of HMAC-SHA256 over {@code id.timestamp.body}, keyed with the decoded secret. */
    static String standard(byte[] key, String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return Base64.getEncoder().encodeToString(hmac(key, signed));
    }

    /** {@code X-Herald-Signature}: {@code sha256=} and the lowercase hex HMAC of the body, keyed with the secret string. */
    static String herald(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /**
     * Compares in time that depends only on the lengths, not on where the first difference is, so that
     * timing does not reveal how much of a forged signature was right.
     */
    static boolean sameText(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
