package herald.problem;

/** 400: malformed request: the body or a parameter is not what the endpoint reads. */
public final class BadRequest extends Problem {

    public BadRequest(String code, String message) {
        super(400, code, message, null);
    }

    public BadRequest(String code, String message, String field) {
        super(400, code, message, field);
    }
}
