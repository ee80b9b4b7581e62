package herald.analysis;

import herald.wire.WireTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * RFC 3339 times of ingested rows, as {@link Instant#parse} reads them, with a fast path for the
 * form nearly every row has ({@code 2026-02-01T12:30:00Z}, optionally with a fraction of a second):
 * the general parser took about a fifth of the time of reading a batch. Any other form, and any
 * time the fast path is unsure of (a leap second, an impossible date), goes to {@link Instant#parse},
 * so both accept and refuse exactly the same texts.
 */
final class Timestamps {

    private Timestamps() {}

    /** The time in epoch milliseconds (a fraction below a millisecond is dropped, as {@link Instant#toEpochMilli} does). */
    static long epochMillis(String text) {
        long fast = utc(text);
        return fast != NOT_FAST ? fast : WireTime.epochMillis(text);
    }

    private static final long NOT_FAST = Long.MIN_VALUE;

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or {@link #NOT_FAST} for anything else. */
    private static long utc(String t) {
        int length = t.length();
        if (length < 20 || length > 30 || length == 21 || t.charAt(4) != '-' || t.charAt(7) != '-'
                || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(length - 1) != 'Z') {
            return NOT_FAST;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int nanos = 0;
        if (length > 20) {
            if (t.charAt(19) != '.') {
                return NOT_FAST;
            }
            int fraction = digits(t, 20, length - 21);
            if (fraction < 0) {
                return NOT_FAST;
            }
            nanos = fraction * POWERS[9 - (length - 21)];
        }
        // A field with a non-digit is -1, which makes the OR negative; a leap second goes to Instant.parse.
        if ((year | month | day | hour | minute | second) < 0 || second > 59) {
            return NOT_FAST;
        }
        try {
            long seconds = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            return seconds * 1000 + nanos / 1_000_000;
        } catch (DateTimeException e) {
            return NOT_FAST;
        }
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    /** The decimal number of {@code count} ASCII digits from {@code from}, or -1 if one is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
