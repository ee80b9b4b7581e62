package herald.format;

import herald.webhook.Format;

/**
 * How one {@link Format} turns an event into a body. Implementations are stateless; the body
 * depends only on the {@link Rendering} (delivery id, stored event, webhook), so every retry and
 * every redelivery of a delivery sends the same bytes, as long as the webhook is unchanged.
 */
sealed interface PayloadFormat permits NativeFormat, EppoFormat, VwoFormat, ChatFormat {

    /** Whether this format has a body for events of this type. */
    boolean expresses(String eventType);

    /** The body of a delivery; only called for event types this format {@link #expresses}. */
    byte[] body(Rendering rendering);

    static PayloadFormat of(Format format) {
        return switch (format) {
            case NATIVE -> new NativeFormat();
            case EPPO -> new EppoFormat();
            case VWO -> new VwoFormat();
            case SLACK -> new SlackFormat();
            case DISCORD -> new DiscordFormat();
            case TEAMS -> new TeamsFormat();
        };
    }
}
