package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import herald.HandClock;
import herald.TestHerald;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed dashboard sign-ins are limited per client address, over real HTTP against a Herald whose
 * clock the test moves: no sleeping. Two loopback addresses (127.0.0.1 and 127.0.0.2) stand for two
 * clients.
 */
class SignInLimitTest {

    private final HandClock clock = new HandClock(Instant.now());
    private TestHerald herald;
    private String apiKey;

    @BeforeEach
    void start() {
        herald = TestHerald.start(Map.of(), clock);
        apiKey = herald.operator().post("/v1/accounts", "{\"name\":\"Acme\",\"plan\":\"growth\"}").text("apiKey");
    }

    @AfterEach
    void stop() {
        herald.close();
    }

    @Test
    void onlyFailuresCountSoTheRightKeySignsInBetweenThemAndThenTheAddressGets429WithRetryAfter() throws Exception {
        DashboardClient client = DashboardClient.from(herald.app().baseUrl(), "127.0.0.1");
        for (int i = 1; i < SignInLimit.FAILURES; i++) {
            assertThat(client.signIn("hk_guess-" + i).statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(client.signIn(apiKey).statusCode()).as("the right key after failures").isEqualTo(303);
        }
        assertThat(client.signIn("hk_guess-last").statusCode()).isEqualTo(401);

        HttpResponse<String> limited = client.signIn("hk_guess-too-many");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains(Long.toString(SignInLimit.REFILL.toSeconds()));
        assertThat(limited.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(limited.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(limited.body()).contains("Too many failed sign-ins from your address. Try again in 12 seconds.")
                .contains("role=\"alert\"").contains("name=\"apiKey\"");
        HttpResponse<String> rightKeyMeanwhile = client.signIn(apiKey);
        assertThat(rightKeyMeanwhile.statusCode()).as("keys are not checked while the address waits").isEqualTo(429);
        assertThat(rightKeyMeanwhile.headers().firstValue("Set-Cookie")).isEmpty();

        clock.advance(SignInLimit.REFILL.minusSeconds(1));
        assertThat(client.signIn(apiKey).headers().firstValue("Retry-After")).contains("1");
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(client.signIn(apiKey).statusCode()).as("once Retry-After has passed").isEqualTo(303);
        assertThat(client.signIn("hk_guess-after").statusCode()).isEqualTo(401);
        assertThat(client.signIn("hk_guess-again").statusCode()).as("one try a refill, no more").isEqualTo(429);
    }

    @Test
    void anotherAddressIsNotHeldBackSoGuessesNeverLockTheKeysOwnerOut() throws Exception {
        DashboardClient guesser = DashboardClient.from(herald.app().baseUrl(), "127.0.0.1");
        for (int i = 0; i < SignInLimit.FAILURES; i++) {
            guesser.signIn("hk_guess-" + i);
        }
        assertThat(guesser.signIn("hk_guess").statusCode()).isEqualTo(429);

        DashboardClient owner = DashboardClient.from(herald.app().baseUrl(), "127.0.0.2");
        assertThat(owner.signIn(apiKey).statusCode()).isEqualTo(303);
        assertThat(owner.signIn("hk_typo").statusCode()).isEqualTo(401);
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        assertThat(SignInLimit.key("2001:db8:1:2:aaaa::1")).isEqualTo(SignInLimit.key("[2001:db8:1:2:ffff:1:2:3]"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(SignInLimit.key("2001:db8:1:3::1")).isNotEqualTo(SignInLimit.key("2001:db8:1:2::1"));
        assertThat(SignInLimit.key("192.0.2.7")).isEqualTo("192.0.2.7");
    }
}
