package herald.receiver;

/**
 * No signature in the header matches the body under this receiver's secret: the body was changed, the
 * secret is wrong (or was rotated), or the request did not come from Herald.
 */
public final class SignatureMismatchException extends InvalidDeliveryException {

    private static final long serialVersionUID = 1L;

    SignatureMismatchException(String header) {
        super("no signature in " + header + " matches the body");
    }

    @Override
    public String reason() {
        return "signature_mismatch";
    }
}
