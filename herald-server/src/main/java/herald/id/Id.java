package herald.id;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What every kind of typed id is: its string, prefix included ({@code wh_01JD...}). JSON and the
 * database see only that string, so typing the ids changes no wire format and no column. An id
 * taken from a request is wrapped as given: one of another kind, or malformed, names nothing, and
 * the service answers it as it answers any id that names nothing (a 404, after the same checks).
 */
public interface Id {

    @JsonValue
    String value();
}
