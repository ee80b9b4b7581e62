package herald.format;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a person should read at a glance about one event, whatever chat tool shows it: what happened
 * ({@code title}), to what ({@code subject}, e.g. an experiment key), the change if there is one
 * ({@code draft → running}), a few facts, and the dashboard page to open.
 */
record Summary(String title, String subject, Optional<String> change, List<Fact> facts, String link,
               String eventType, Instant at) {

    /** One labelled value, e.g. {@code Project: web-store}. */
    record Fact(String name, String value) {}

    /** One line: {@code Experiment started: checkout-button-color (draft → running)}. */
    String headline() {
        return title + (subject.isEmpty() ? "" : ": " + subject) + change.map(c -> " (" + c + ")").orElse("");
    }

    /** Cuts text to at most {@code max} characters, marking the cut, for the chat tools' field limits. */
    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
