package herald.problem;

/** 401: missing or invalid credentials. */
public final class Unauthorized extends Problem {

    public Unauthorized(String code, String message) {
        super(401, code, message, null);
    }

    public Unauthorized(String code, String message, String field) {
        super(401, code, message, field);
    }
}
