package herald.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Microsoft Teams message with one Adaptive Card (version 1.4) attachment, the shape Teams'
 * incoming webhooks and Workflows webhook triggers accept: the title, the subject and change, the
 * facts as a FactSet, and an "Open in Herald" button to the dashboard.
 */
record TeamsFormat() implements ChatFormat {

    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";
    static final int MAX_TEXT = 2000;

    @Override
    public ObjectNode message(Summary s, ObjectNode message) {
        message.put("type", "message").put("summary", Summary.clip(s.headline(), MAX_TEXT));
        ObjectNode attachment = message.putArray("attachments").addObject().put("contentType", CARD_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", s.title()).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true);
        String detail = (s.subject() + s.change().map(c -> (s.subject().isEmpty() ? "" : " · ") + c).orElse("")).strip();
        if (!detail.isEmpty()) {
            body.addObject().put("type", "TextBlock").put("text", Summary.clip(detail, MAX_TEXT)).put("wrap", true);
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        s.facts().forEach(f -> facts.addObject().put("title", f.name()).put("value", Summary.clip(f.value(), MAX_TEXT)));
        facts.addObject().put("title", "Event").put("value", s.eventType());
        card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open in Herald")
                .put("url", s.link());
        return message;
    }
}
