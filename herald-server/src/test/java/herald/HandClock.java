package herald;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until the test moves it by hand. */
public final class HandClock extends Clock {

    private final AtomicLong now;

    public HandClock(Instant start) {
        this.now = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration by) {
        now.addAndGet(by.toMillis());
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now.get());
    }
}
