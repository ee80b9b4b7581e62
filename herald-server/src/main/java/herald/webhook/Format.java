package herald.webhook;

import herald.problem.Invalid;
import herald.wire.WireName;

/**
 * The shape of a delivery's body (contract section 8). Headers and signatures are the same in every
 * format; which event types each format can carry, and the bodies themselves, are in {@code herald.format}.
 */
public enum Format implements WireName {
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

    /** The format of this wire name, or a 422 {@code invalid_format}. */
    public static Format parse(String value) {
        return WireName.find(Format.class, value).orElseThrow(() -> new Invalid("invalid_format",
                "format must be one of " + WireName.all(Format.class), "format"));
    }
}
