package herald.problem;

/** 403: the caller is not entitled, for example by its plan. */
public final class Forbidden extends Problem {

    public Forbidden(String code, String message) {
        super(403, code, message, null);
    }

    public Forbidden(String code, String message, String field) {
        super(403, code, message, field);
    }
}
