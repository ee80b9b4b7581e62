package herald.experiment;

import java.util.Optional;

/**
 * A clone's key and name, each optional: without them the copy takes the first free
 * {@code <key>-copy} and "{@code <name>} (copy)".
 */
public record CloneRequest(Optional<String> key, Optional<String> name) {}
