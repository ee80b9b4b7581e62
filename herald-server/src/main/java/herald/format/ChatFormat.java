package herald.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat tool's incoming-webhook message: every event type can be said in words, so a chat format
 * expresses them all; each tool lays the same {@link Summary} out in its own JSON.
 */
sealed interface ChatFormat extends PayloadFormat permits SlackFormat, DiscordFormat, TeamsFormat {

    @Override
    default boolean expresses(String eventType) {
        return true;
    }

    @Override
    default byte[] body(Rendering r) {
        return r.bytes(message(Summaries.of(r), r.object()));
    }

    /** The message laid out in {@code message}, an empty object to fill. */
    ObjectNode message(Summary s, ObjectNode message);
}
