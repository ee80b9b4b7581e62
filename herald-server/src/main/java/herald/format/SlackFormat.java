package herald.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Slack incoming-webhook message: {@code text} (the notification and fallback line) plus Block
 * Kit {@code blocks}: the headline with a link to the dashboard, the facts as section fields (at
 * most 10, as Slack allows), and the event type. Text from the event is escaped
 * for Slack's mrkdwn ({@code & < >}) so it can neither format nor forge a link.
 */
record SlackFormat() implements ChatFormat {

    static final int MAX_FIELDS = 10;
    static final int MAX_FIELD_TEXT = 2000;
    static final int MAX_SECTION_TEXT = 3000;

    @Override
    public ObjectNode message(Summary s, ObjectNode message) {
        message.put("text", Summary.clip(escape(s.headline()), MAX_SECTION_TEXT));
        ArrayNode blocks = message.putArray("blocks");
        String subject = s.subject().isEmpty() ? "" : ": <" + s.link() + "|" + escape(s.subject()) + ">";
        String line = "*" + escape(s.title()) + "*" + subject + s.change().map(c -> " (" + escape(c) + ")").orElse("");
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", Summary.clip(line, MAX_SECTION_TEXT));
        if (!s.facts().isEmpty()) {
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            s.facts().stream().limit(MAX_FIELDS).forEach(f -> fields.addObject().put("type", "mrkdwn")
                    .put("text", Summary.clip("*" + escape(f.name()) + "*\n" + escape(f.value()), MAX_FIELD_TEXT)));
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "`" + escape(s.eventType()) + "` · <" + s.link() + "|Open in Herald>");
        return message;
    }

    /** Slack's mrkdwn control characters, escaped as Slack documents. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
