package herald.receiver;

/**
 * The body is not a Herald envelope: not JSON, or a field missing or of the wrong kind. The message
 * names the field, e.g. {@code data.experiment_id is missing}.
 */
public final class MalformedPayloadException extends InvalidDeliveryException {

    private static final long serialVersionUID = 1L;

    MalformedPayloadException(String message) {
        super(message);
    }

    @Override
    public String reason() {
        return "malformed_payload";
    }
}
