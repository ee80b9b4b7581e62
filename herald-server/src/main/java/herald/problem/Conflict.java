package herald.problem;

/** 409: an invalid state transition or a duplicate key. */
public final class Conflict extends Problem {

    public Conflict(String code, String message) {
        super(409, code, message, null);
    }

    public Conflict(String code, String message, String field) {
        super(409, code, message, field);
    }
}
