package herald.receiver;

/**
 * A request that must not be trusted or cannot be read as a Herald delivery. Answer it with a 4xx
 * (401 for a verification failure) and do not act on it.
 *
 * <p>Sealed: one subclass per reason, so a {@code switch} over them is checked for completeness, and
 * {@link #reason()} gives a stable code for logs and metrics.
 */
public abstract sealed class InvalidDeliveryException extends RuntimeException
        permits MissingHeaderException, MalformedHeaderException, TimestampOutsideToleranceException,
                SignatureMismatchException, MalformedPayloadException {

    private static final long serialVersionUID = 1L;

    InvalidDeliveryException(String message) {
        super(message);
    }

    /** A short, stable code for the reason, e.g. {@code signature_mismatch}. */
    public abstract String reason();
}
