package herald.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import herald.problem.RateLimited;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-key buckets on a time the test moves: giving a token back, the 429's wait, forgetting idle keys. */
class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    /** Two tries, then one every 10 s. */
    private final RateLimiter limiter = new RateLimiter("too_many", 0.1, 2, "tries", nanos::get);

    @Test
    void aTokenGivenBackCanBeTakenAgainButNeverBeyondTheBurst() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("a");
            limiter.giveBack("a");
        }
        limiter.acquire("a");
        limiter.acquire("a");
        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(RateLimited.class);
        limiter.giveBack("a");
        limiter.giveBack("a");
        limiter.giveBack("a");
        limiter.acquire("a");
        limiter.acquire("a");
        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(RateLimited.class);
    }

    @Test
    void theWaitIsExactWholeSecondsAndAPerMinuteRateIsSaidSo() {
        limiter.acquire("a");
        limiter.acquire("a");
        nanos.addAndGet(9_000_000_000L);
        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOfSatisfying(RateLimited.class, e -> {
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
            assertThat(e.code()).isEqualTo("too_many");
            assertThat(e.getMessage()).isEqualTo("too many tries: at most 6 a minute (bursts of 2); retry after 1 s");
        });
        nanos.addAndGet(1_000_000_000L);
        limiter.acquire("a");
    }

    @Test
    void keysWhoseBucketsFilledUpAgainAreForgottenAtMostOnceAFillOnceThereAreMany() {
        for (int i = 0; i <= RateLimiter.FORGET_ABOVE; i++) {
            limiter.acquire("k" + i);
        }
        limiter.acquire("first-sweep"); // sweeps now and finds nothing full
        nanos.addAndGet(15_000_000_000L);
        limiter.acquire("busy");
        limiter.acquire("busy");
        assertThat(limiter.keys()).as("no sweep within a fill (20 s) of the last").isEqualTo(RateLimiter.FORGET_ABOVE + 3);
        nanos.addAndGet(5_000_000_000L);
        limiter.acquire("new");
        assertThat(limiter.keys()).as("'busy', half a token short, and 'new'").isEqualTo(2);
        assertThatThrownBy(() -> limiter.acquire("busy")).isInstanceOf(RateLimited.class);
        nanos.addAndGet(5_000_000_000L);
        limiter.acquire("busy");
    }
}
