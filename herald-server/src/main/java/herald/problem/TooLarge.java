package herald.problem;

/** 413: the request body is larger than Herald accepts. */
public final class TooLarge extends Problem {

    public TooLarge(String code, String message) {
        super(413, code, message, null);
    }

    public TooLarge(String code, String message, String field) {
        super(413, code, message, field);
    }
}
