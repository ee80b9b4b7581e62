package herald.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    /** What {@link Instant#parse} makes of a text: its epoch milliseconds, or null when it refuses it. */
    private static Long reference(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long parsed(String text) {
        try {
            return Timestamps.epochMillis(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void agreesWithTheStandardParserOnRandomTimesAndTheirCorruptions() {
        Random random = new Random(20261207);
        String alphabet = "0123456789-:.TZtz+ ";
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    1 + random.nextInt(13), 1 + random.nextInt(31), random.nextInt(25), random.nextInt(60),
                    random.nextInt(61)));
            int fraction = random.nextInt(12) - 1; // -1: none; 10 and 11: too many digits
            if (fraction >= 0) {
                text.append('.');
                for (int d = 0; d < fraction; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            text.append(random.nextInt(8) == 0 ? "+02:30" : "Z");
            if (random.nextInt(4) == 0) {
                text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = text.toString();
            Long expected = reference(t);
            assertThat(parsed(t)).as(t).isEqualTo(expected);
            if (expected != null) {
                accepted++;
            }
        }
        assertThat(accepted).as("the texts cover accepted times, not only refusals").isGreaterThan(50_000);
    }

    @Test
    void readsMillisecondsAndDropsWhatIsBelowThem() {
        assertThat(Timestamps.epochMillis("2026-02-01T00:00:00Z")).isEqualTo(1_769_904_000_000L);
        assertThat(Timestamps.epochMillis("2026-02-01T00:00:00.1Z")).isEqualTo(1_769_904_000_100L);
        assertThat(Timestamps.epochMillis("2026-02-01T00:00:00.123999999Z")).isEqualTo(1_769_904_000_123L);
        assertThat(Timestamps.epochMillis("1969-12-31T23:59:59.999Z")).isEqualTo(-1L);
        assertThat(Timestamps.epochMillis("2016-12-31T23:59:60Z")).as("a leap second, as the standard parser reads it")
                .isEqualTo(Instant.parse("2016-12-31T23:59:60Z").toEpochMilli());
        assertThatThrownBy(() -> Timestamps.epochMillis("2026-02-29T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
    }
}
