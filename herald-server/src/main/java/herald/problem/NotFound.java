package herald.problem;

/** 404: no such object for this caller (another tenant's id is also not found). */
public final class NotFound extends Problem {

    public NotFound(String code, String message) {
        super(404, code, message, null);
    }

    public NotFound(String code, String message, String field) {
        super(404, code, message, field);
    }
}
