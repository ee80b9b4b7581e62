package herald.cli;

/** A command failed in a way the user can act on: printed as one line, then the exit code. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
