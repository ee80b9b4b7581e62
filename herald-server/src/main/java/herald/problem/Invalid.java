package herald.problem;

/** 422: well-formed but semantically invalid, such as a bad URL or an unknown event type. */
public final class Invalid extends Problem {

    public Invalid(String code, String message) {
        super(422, code, message, null);
    }

    public Invalid(String code, String message, String field) {
        super(422, code, message, field);
    }
}
