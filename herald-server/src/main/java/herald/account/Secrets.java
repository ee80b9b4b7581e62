package herald.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer credentials: generated with enough entropy that a plain SHA-256 is a safe way to store
 * them (no password stretching needed), and compared only as hashes, in constant time.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** A new credential: the prefix, then 32 random bytes in URL-safe base64. */
    public static String newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            MessageDigest sha256 = (MessageDigest) SHA256.clone();
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 supports clone", e);
        }
    }

    /** The two hashes, compared in constant time. */
    public static boolean hashesMatch(String hash, String expectedHash) {
        return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Never used itself, only cloned: looking SHA-256 up by name walks the security providers on every
     * call, which costs more than hashing a token (every request authenticates one).
     */
    private static final MessageDigest SHA256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static boolean hashMatches(String token, String expectedHash) {
        return hashesMatch(hash(token), expectedHash);
    }
}
