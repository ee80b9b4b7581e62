package herald.key;

import herald.problem.Invalid;
import java.util.regex.Pattern;

/** Keys name the platform's objects in requests: short, stable, URL- and SDK-safe. */
public final class Keys {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private Keys() {}

    /** The key, or a 422 naming the field when it is not 1–100 letters, digits, '_', '.' or '-'. */
    public static String valid(String key, String field) {
        if (!KEY.matcher(key).matches()) {
            throw new Invalid("invalid_key", field + " must be 1 to 100 letters, digits, '_', '.' or '-',"
                    + " starting with a letter or digit", field);
        }
        return key;
    }

    /** A display name: 1–200 characters after trimming, or a 422. */
    public static String validName(String name, String field) {
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw new Invalid("invalid_name", field + " must be 1 to 200 characters", field);
        }
        return trimmed;
    }
}
