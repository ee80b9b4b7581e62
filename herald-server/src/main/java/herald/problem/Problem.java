package herald.problem;

import java.util.Optional;

/**
 * A request Herald refuses, with the HTTP status and machine-readable code it answers with.
 * Domain code throws these; {@code herald.http.ApiServer} turns them into the contract's error body
 * in one place, so no handler writes an error response itself.
 */
public sealed class Problem extends RuntimeException
        permits BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Invalid, TooLarge, RateLimited {

    private final int status;
    private final String code;
    private final String field;

    Problem(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The request field at fault, as a dotted path, when one is. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
