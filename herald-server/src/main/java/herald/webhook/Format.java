package herald.webhook;

import herald.problem.Invalid;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The shape of a delivery's body (contract section 8). Headers and signatures are the same in every
 * format; which event types each format can carry, and the bodies themselves, are in {@code herald.format}.
 */
public enum Format {
    /** Herald's envelope: {@code {"id","eventId","type","createdAt","accountId","data"}}. */
    NATIVE,
    /** The body of Eppo's experiment update webhook, with its in-body {@code signature}. */
    EPPO,
    /** The body of VWO's settings webhook: {@code timestamp, event, action, triggered_by}. */
    VWO,
    /** A Slack incoming-webhook message: {@code text} plus blocks. */
    SLACK,
    /** A Discord webhook message: {@code content} plus one embed. */
    DISCORD,
    /** A Microsoft Teams message with an Adaptive Card attachment. */
    TEAMS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Format parse(String value) {
        for (Format format : values()) {
            if (format.wireName().equals(value)) {
                return format;
            }
        }
        throw new Invalid("invalid_format", "format must be one of "
                + Arrays.stream(values()).map(Format::wireName).collect(Collectors.joining(", ")), "format");
    }
}
