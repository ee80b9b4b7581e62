package herald.dashboard;

import herald.limit.RateLimiter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Failed sign-ins per client address: {@link #FAILURES} in a row, then one more every
 * {@link #REFILL}; past that, the address gets a 429 with {@code Retry-After} until a try is there
 * again, and its keys are not checked meanwhile (checking them would give a guesser unlimited tries).
 *
 * <p>Only failures count: a sign-in that succeeds gives its try back, so a person who mistypes a
 * few times and then pastes the right key gets in, and signing in often never runs the allowance
 * down. Nothing is counted per key or account, so failures from one address never keep the key's
 * owner out from another. A success does not wipe the count: else a guesser holding a key of
 * their own could sign in with it between guesses and never be slowed.
 *
 * <p>An IPv6 client is counted by its /64, the block one host or home is handed, so that walking
 * through the addresses of its own block does not buy it new tries.
 */
public final class SignInLimit {

    static final int FAILURES = 10;
    static final Duration REFILL = Duration.ofSeconds(12);

    private final RateLimiter limiter;

    /** @param clock the time the tries refill by; a test moves it by hand */
    public SignInLimit(Clock clock) {
        this.limiter = new RateLimiter("too_many_sign_ins", 1.0 / REFILL.toSeconds(), FAILURES,
                "failed sign-ins from your address", () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    /**
     * Runs a sign-in for a client address, counting it only if it fails (throws).
     *
     * @throws herald.problem.RateLimited (429 {@code too_many_sign_ins}) while the address has no try
     *                                    left; the sign-in is not run
     */
    <T> T attempt(String address, Supplier<T> signIn) {
        String key = key(address);
        limiter.acquire(key);
        T started = signIn.get();
        limiter.giveBack(key);
        return started;
    }

    /** The address itself, or for IPv6 its /64. */
    static String key(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address; // not a literal address after all; count it as it came
        }
    }
}
