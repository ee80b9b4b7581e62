package herald.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Discord webhook message: {@code content} (the headline) and one embed titled and linked to the
 * dashboard, with the change as description and the facts as inline fields, the event type as
 * footer and the event's time as timestamp. The sizes stay well inside Discord's
 * limits (content 2,000; title 256; 25 fields; 6,000 characters per embed), and
 * {@code allowed_mentions} is empty so text from an event can never ping a channel.
 */
record DiscordFormat() implements ChatFormat {

    static final int MAX_CONTENT = 2000;
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_FIELDS = 10;
    static final int MAX_FIELD_NAME = 100;
    static final int MAX_FIELD_VALUE = 300;
    static final int COLOR = 0x2F6FEB;

    @Override
    public ObjectNode message(Summary s, ObjectNode message) {
        message.put("content", Summary.clip(escape(s.headline()), MAX_CONTENT));
        message.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = message.putArray("embeds").addObject()
                .put("title", Summary.clip(s.title() + (s.subject().isEmpty() ? "" : ": " + s.subject()), MAX_TITLE))
                .put("url", s.link())
                .put("color", COLOR);
        s.change().ifPresent(c -> embed.put("description", Summary.clip(c, MAX_DESCRIPTION)));
        if (!s.facts().isEmpty()) {
            ArrayNode fields = embed.putArray("fields");
            s.facts().stream().limit(MAX_FIELDS).forEach(f -> fields.addObject()
                    .put("name", Summary.clip(f.name(), MAX_FIELD_NAME))
                    .put("value", Summary.clip(f.value(), MAX_FIELD_VALUE))
                    .put("inline", true));
        }
        embed.putObject("footer").put("text", s.eventType());
        embed.put("timestamp", s.at().toString());
        return message;
    }

    /** Discord's markdown characters, backslash-escaped so event text shows as written. */
    static String escape(String text) {
        return text.replaceAll("([\\\\*_~`|>\\[\\]()#-])", "\\\\$1");
    }
}
