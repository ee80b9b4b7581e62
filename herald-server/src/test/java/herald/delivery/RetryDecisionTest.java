package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.config.RetrySchedule;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a delivery becomes after an attempt, including the receiver's signals. */
class RetryDecisionTest {

    private static final RetrySchedule SCHEDULE = RetrySchedule.parse("0s,1s,10s");
    private static final long NOW = 1_000_000;

    @Test
    void aSuccessIsFinal() {
        RetryDecision d = RetryDecision.after(new Outcome.Delivered(200, "", 5), 1, SCHEDULE, NOW, new Random(1));
        assertThat(d).isEqualTo(new RetryDecision(Status.SUCCESS, Optional.empty(), false));
    }

    @Test
    void aFailureFollowsTheScheduleAndIsDeadWhenTheRoundIsSpent() {
        RetryDecision first = RetryDecision.after(failed(500, Optional.empty()), 1, SCHEDULE, NOW, new Random(1));
        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(first.nextAttemptAt().orElseThrow() - NOW).isBetween(800L, 1_200L); // 1 s, 20 % jitter
        RetryDecision last = RetryDecision.after(failed(500, Optional.empty()), 3, SCHEDULE, NOW, new Random(1));
        assertThat(last).isEqualTo(new RetryDecision(Status.DEAD, Optional.empty(), false));
    }

    @Test
    void retryAfterOn429Or503PutsTheNextAttemptNoEarlierThanAsked() {
        for (int code : new int[] {429, 503}) {
            RetryDecision d = RetryDecision.after(failed(code, Optional.of(Duration.ofSeconds(5))), 1, SCHEDULE, NOW,
                    new Random(1));
            assertThat(d.nextAttemptAt()).contains(NOW + 5_000);
        }
    }

    @Test
    void retryAfterNeverPutsTheNextAttemptBeyondTheScheduleLongestStep() {
        RetryDecision d = RetryDecision.after(failed(429, Optional.of(Duration.ofHours(3))), 1, SCHEDULE, NOW,
                new Random(1));
        assertThat(d.nextAttemptAt()).contains(NOW + 10_000);
    }

    @Test
    void retryAfterShorterThanTheScheduleOrOnOtherCodesChangesNothing() {
        RetryDecision shorter = RetryDecision.after(failed(503, Optional.of(Duration.ofMillis(1))), 2, SCHEDULE, NOW,
                new Random(1));
        assertThat(shorter.nextAttemptAt().orElseThrow() - NOW).isBetween(8_000L, 12_000L);
        RetryDecision on500 = RetryDecision.after(failed(500, Optional.of(Duration.ofSeconds(5))), 1, SCHEDULE, NOW,
                new Random(1));
        assertThat(on500.nextAttemptAt().orElseThrow() - NOW).isLessThan(5_000L);
    }

    @Test
    void goneDisablesTheWebhookAndKeepsTheDeliveryForWhenItIsEnabledAgain() {
        RetryDecision d = RetryDecision.after(failed(410, Optional.empty()), 1, SCHEDULE, NOW, new Random(1));
        assertThat(d.disableWebhook()).isTrue();
        assertThat(d.status()).isEqualTo(Status.PENDING);
        assertThat(RetryDecision.after(failed(404, Optional.empty()), 1, SCHEDULE, NOW, new Random(1)).disableWebhook())
                .isFalse();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(Sender.retryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(Sender.retryAfter("Thu, 01 Jan 1970 00:16:50 GMT", NOW)).contains(Duration.ofMillis(10_000));
        assertThat(Sender.retryAfter("Thu, 01 Jan 1970 00:00:01 GMT", NOW)).as("a time already past").isEmpty();
        assertThat(Sender.retryAfter("soon", NOW)).isEmpty();
        assertThat(Sender.retryAfter(null, NOW)).isEmpty();
    }

    private static Outcome.Failed failed(int code, Optional<Duration> retryAfter) {
        return new Outcome.Failed(Optional.of(code), Optional.of(""), "HTTP " + code, 5, retryAfter);
    }
}
