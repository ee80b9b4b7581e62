package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignerTest {

    /** The Standard Webhooks reference vector (standard-webhooks spec and Svix docs). */
    @Test
    void standardSignatureMatchesTheSpecificationVector() {
        String signature = Signer.standardSignature(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    /** GitHub's documented vector for X-Hub-Signature-256, the recipe X-Herald-Signature follows. */
    @Test
    void heraldSignatureMatchesGithubsDocumentedVector() {
        String signature = Signer.heraldSignature("It's a Secret to Everybody",
                "Hello, World!".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void duringAGracePeriodBothSecretsSignSpaceSeparatedCurrentFirst() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String current = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String previous = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String both = Signer.standardSignature(List.of(current, previous), "dlv_1", 1L, body);
        assertThat(both.split(" ")).containsExactly(
                Signer.standardSignature(List.of(current), "dlv_1", 1L, body),
                Signer.standardSignature(List.of(previous), "dlv_1", 1L, body));
    }
}
