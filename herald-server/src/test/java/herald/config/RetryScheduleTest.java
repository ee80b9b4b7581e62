package herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void parsesUnitsAndItsLengthIsTheAttemptLimit() {
        RetrySchedule schedule = RetrySchedule.parse("0s, 500ms,10s,1m,5m,2h,1d");
        assertThat(schedule.delays()).containsExactly(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofDays(1));
        assertThat(schedule.maxAttempts()).isEqualTo(7);
    }

    @Test
    void defaultIsFiveAttemptsOverAboutAnHour() {
        assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(5);
        assertThat(RetrySchedule.DEFAULT.delays().getLast()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void delaysAreJitteredWithinTwentyPercentAndTheRoundEndsAfterTheLastEntry() {
        RetrySchedule schedule = RetrySchedule.parse("0s,10s,1m");
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(schedule.delayAfter(1, random).orElseThrow().toMillis()).isBetween(8_000L, 12_000L);
            assertThat(schedule.delayAfter(2, random).orElseThrow().toMillis()).isBetween(48_000L, 72_000L);
        }
        assertThat(schedule.delayAfter(0, random)).contains(Duration.ZERO);
        assertThat(schedule.delayAfter(3, random)).isEmpty();
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> schedule.delayAfter(1, random).orElseThrow()).distinct().count();
        assertThat(distinct).as("jitter spreads retries").isGreaterThan(40);
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThatThrownBy(() -> RetrySchedule.parse("0s,ten seconds")).hasMessageContaining("ten seconds");
        assertThatThrownBy(() -> RetrySchedule.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
