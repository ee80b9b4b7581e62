package herald.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String SECRET = "whsec_c2VjcmV0LWJ5dGVzLXRoYXQtbXVzdC1zdGF5LXNlY3JldA==";
    private final MasterKey key = MasterKey.generate();
    private final SecretBox box = new SecretBox(key, List.of());

    @Test
    void sealsWithTheKeyIdAndOpensToThePlaintext() {
        String sealed = box.seal(SECRET, "webhooks/wh_1/secret");

        assertThat(sealed).startsWith("hv1:" + key.id() + ":").doesNotContain(SECRET).doesNotContain("whsec_");
        assertThat(SecretBox.isSealed(sealed)).isTrue();
        assertThat(box.sealedUnderCurrentKey(sealed)).isTrue();
        assertThat(box.open(sealed, "webhooks/wh_1/secret")).isEqualTo(SECRET);
    }

    @Test
    void everySealHasItsOwnNonce() {
        assertThat(box.seal(SECRET, "p")).isNotEqualTo(box.seal(SECRET, "p"));
    }

    @Test
    void aCiphertextMovedToAnotherRowOrColumnDoesNotOpen() {
        String sealed = box.seal(SECRET, "webhooks/wh_1/secret");

        assertThatThrownBy(() -> box.open(sealed, "webhooks/wh_2/secret")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> box.open(sealed, "webhooks/wh_1/previous_secret"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        String sealed = box.seal(SECRET, "p");
        String[] parts = sealed.split(":", 3);
        byte[] raw = Base64.getDecoder().decode(parts[2]);
        raw[raw.length - 1] ^= 1;
        String altered = parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> box.open(altered, "p")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCiphertextOfAnotherKeyNamesThatKeyAndOpensOnlyWhereTheKeyIsHeld() {
        MasterKey next = MasterKey.generate();
        String old = box.seal(SECRET, "p");
        SecretBox onlyNext = new SecretBox(next, List.of());
        SecretBox rotating = new SecretBox(next, List.of(key));

        assertThatThrownBy(() -> onlyNext.open(old, "p")).hasMessageContaining(key.id());
        assertThat(rotating.open(old, "p")).isEqualTo(SECRET);
        assertThat(rotating.sealedUnderCurrentKey(old)).isFalse();
        assertThat(rotating.sealedUnderCurrentKey(rotating.seal(SECRET, "p"))).isTrue();
    }

    @Test
    void plaintextIsNotTakenForCiphertext() {
        assertThat(SecretBox.isSealed(SECRET)).isFalse();
        assertThatThrownBy(() -> box.open(SECRET, "p")).hasMessageContaining("not sealed");
    }

    @Test
    void aMasterKeyIs32BytesOfBase64AndNeverShowsItself() {
        String encoded = key.encoded();
        assertThat(MasterKey.parse(encoded).id()).isEqualTo(key.id());
        assertThat(key.toString()).doesNotContain(encoded).contains(key.id());
        assertThatThrownBy(() -> MasterKey.parse(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKey.parse("not base64 at all!")).hasMessageNotContaining("not base64 at all");
    }
}
