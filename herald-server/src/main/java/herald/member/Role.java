package herald.member;

import herald.problem.Invalid;
import java.util.Locale;

/** What a member may do: view, or also edit. */
public enum Role {
    VIEWER, EDITOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of this wire name, or a 422 {@code invalid_role}. */
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.wireName().equals(value)) {
                return r;
            }
        }
        throw new Invalid("invalid_role", "role must be viewer or editor", "role");
    }
}
