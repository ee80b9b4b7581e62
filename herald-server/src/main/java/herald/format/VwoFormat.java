package herald.format;

/**
 * The body of VWO's settings webhook, for {@code settings.changed} alone:
 * {@code {"timestamp","event":"settings_changed","action","triggered_by"}}, the timestamp in Unix
 * seconds of the event. A VWO receiver authenticates by a static {@code x-vwo-auth} header, which is
 * a custom header of the webhook.
 */
record VwoFormat() implements PayloadFormat {

    static final String EVENT = "settings.changed";

    @Override
    public boolean expresses(String eventType) {
        return eventType.equals(EVENT);
    }

    @Override
    public byte[] body(Rendering r) {
        return r.bytes(r.object()
                .put("timestamp", r.event().createdAt() / 1000)
                .put("event", "settings_changed")
                .put("action", r.text("action"))
                .put("triggered_by", r.text("triggered_by")));
    }
}
