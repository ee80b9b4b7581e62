package herald.member;

import herald.problem.Invalid;
import herald.wire.WireName;

/** What a member may do: view, or also edit. */
public enum Role implements WireName {
    VIEWER, EDITOR;

    /** The role of this wire name, or a 422 {@code invalid_role}. */
    public static Role parse(String value) {
        return WireName.find(Role.class, value).orElseThrow(() -> new Invalid("invalid_role",
                "role must be viewer or editor", "role"));
    }
}
