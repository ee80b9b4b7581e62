package herald.format;

import herald.delivery.Envelope;

/** Herald's own envelope (contract section 6): every event type. */
record NativeFormat() implements PayloadFormat {

    @Override
    public boolean expresses(String eventType) {
        return true;
    }

    @Override
    public byte[] body(Rendering r) {
        return r.order().map(order -> Envelope.nativeBody(r.deliveryId(), r.event(), order))
                .orElseGet(() -> Envelope.nativeBody(r.deliveryId(), r.event()));
    }
}
