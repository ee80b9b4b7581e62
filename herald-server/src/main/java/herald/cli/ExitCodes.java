package herald.cli;

/** The exit status of every {@code herald} command, so that scripts can tell failures apart. */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** Herald refused the request as invalid or conflicting (400, 409, 413, 422, 429). */
    public static final int REFUSED = 1;
    /** The command line or the settings are wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** Herald has no such object in this account (404). */
    public static final int NOT_FOUND = 3;
    /** The API key is missing, wrong or not entitled (401, 403). */
    public static final int NOT_AUTHORISED = 4;
    /** Herald could not be reached, or {@code listen} could not open its port. */
    public static final int UNREACHABLE = 5;
    /** Herald answered with a server error (5xx). */
    public static final int SERVER_ERROR = 6;

    /** One line per code, for the help of every command. */
    public static final String HELP = "Exit codes: 0 done, 1 refused by Herald (invalid or conflicting), "
            + "2 usage, 3 not found, 4 not authorised, 5 Herald unreachable, 6 Herald server error.";

    private ExitCodes() {}

    static int forStatus(int status) {
        return switch (status) {
            case 401, 403 -> NOT_AUTHORISED;
            case 404 -> NOT_FOUND;
            default -> status >= 500 ? SERVER_ERROR : REFUSED;
        };
    }
}
