package herald.webhook;

import herald.id.Id;
import herald.id.Ids;
import java.time.Clock;

/** A webhook's id: {@code wh_} and a time-ordered tail. */
public record WebhookId(String value) implements Id {

    static final String PREFIX = "wh";

    public static WebhookId next(Clock clock) {
        return new WebhookId(Ids.next(PREFIX, clock.millis()));
    }

    @Override
    public String toString() {
        return value;
    }
}
