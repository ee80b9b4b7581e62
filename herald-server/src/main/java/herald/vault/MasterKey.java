package herald.vault;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key and its id: the first 8 hex digits of the key's SHA-256, written into every
 * ciphertext so Herald knows which key opens it (rotation) and says clearly when it lacks that key.
 * Its {@code toString} never shows the key.
 */
public final class MasterKey {

    public static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final SecretKey key;

    private MasterKey(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a master key is " + BYTES + " bytes (base64), got " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = idOf(bytes);
        Arrays.fill(bytes, (byte) 0);
    }

    public static MasterKey generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /**
     * A key from its base64 text ({@code HERALD_MASTER_KEY}, a key file, {@code --new-key}).
     *
     * @throws IllegalArgumentException when it is not base64 of 32 bytes; the message never holds the text
     */
    public static MasterKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a master key must be base64 of " + BYTES + " random bytes");
        }
        return new MasterKey(bytes);
    }

    public String id() {
        return id;
    }

    SecretKey key() {
        return key;
    }

    /** The key as base64, to write to a key file. */
    String encoded() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static String idOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
