package herald.receiver;

/** A header the verification needs is absent or empty. */
public final class MissingHeaderException extends InvalidDeliveryException {

    private static final long serialVersionUID = 1L;
    private final String header;

    MissingHeaderException(String header) {
        super("the " + header + " header is missing");
        this.header = header;
    }

    /** The missing header's name, e.g. {@code webhook-timestamp}. */
    public String header() {
        return header;
    }

    @Override
    public String reason() {
        return "missing_header";
    }
}
