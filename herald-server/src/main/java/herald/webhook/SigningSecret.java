package herald.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/** Signing secrets as Standard Webhooks spells them: {@code whsec_} + base64 of random bytes. */
public final class SigningSecret {

    public static final String PREFIX = "whsec_";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningSecret() {}

    public static String generate() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key of the Standard Webhooks signature: the base64-decoded part after the prefix. */
    public static byte[] keyBytes(String secret) {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
