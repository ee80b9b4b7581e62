package herald.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals short secrets with AES-256-GCM: {@code hv1:<key id>:<base64 of 12-byte nonce, ciphertext, tag>}.
 * The nonce is random per seal. The associated data binds a ciphertext to its place (the row id and
 * column), so a ciphertext copied to another row or column does not open. Thread-safe.
 *
 * <p>It seals under its current key and opens under any key it holds, so a rotation can re-seal
 * rows one key at a time and a restart in the middle of one still opens every row.
 */
public final class SecretBox {

    static final String VERSION = "hv1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey current;
    private final Map<String, MasterKey> keys = new LinkedHashMap<>();

    /** Seals under {@code current}; opens under it and under {@code older}. */
    public SecretBox(MasterKey current, List<MasterKey> older) {
        this.current = current;
        older.forEach(k -> keys.put(k.id(), k));
        keys.put(current.id(), current);
    }

    public String currentKeyId() {
        return current.id();
    }

    /** True when {@code stored} is sealed under the current key (nothing to re-seal). */
    public boolean sealedUnderCurrentKey(String stored) {
        return stored.startsWith(VERSION + ":" + current.id() + ":");
    }

    /** True when {@code stored} is a sealed value of any key; false for plaintext of earlier versions. */
    public static boolean isSealed(String stored) {
        return stored.startsWith(VERSION + ":");
    }

    public String seal(String plaintext, String place) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(place.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Opens a sealed value.
     *
     * @throws IllegalStateException when it is not sealed, was sealed under a key this box does not
     *                               hold, or was altered or moved to another place; the message names
     *                               the key id and the place, never the secret
     */
    public String open(String stored, String place) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalStateException("the secret of " + place + " is not sealed");
        }
        MasterKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("the secret of " + place + " is sealed under master key " + parts[1]
                    + ", which Herald was not given (HERALD_MASTER_KEY or master.key)");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(place.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the secret of " + place + " does not open under master key " + parts[1]
                    + ": altered, or copied from elsewhere");
        }
    }
}
