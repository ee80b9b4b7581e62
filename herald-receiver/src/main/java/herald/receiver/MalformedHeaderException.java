package herald.receiver;

/** A header is present but not in the form the signature scheme defines (e.g. a timestamp that is not a number). */
public final class MalformedHeaderException extends InvalidDeliveryException {

    private static final long serialVersionUID = 1L;
    private final String header;

    MalformedHeaderException(String header, String problem) {
        super("the " + header + " header " + problem);
        this.header = header;
    }

    /** The malformed header's name. */
    public String header() {
        return header;
    }

    @Override
    public String reason() {
        return "malformed_header";
    }
}
