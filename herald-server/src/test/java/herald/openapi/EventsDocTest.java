package herald.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.docs.MarkdownPages;
import herald.event.EventCatalog;
import herald.event.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md is generated from the event catalog and must not go stale: this test renders it again
 * and compares. {@code -Dherald.docs.write=true} rewrites the file instead (then commit it).
 */
class EventsDocTest {

    private static final Path PAGE = MarkdownPages.FOLDER.resolve("events.md");
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void docsEventsMdIsTheCatalogRendered() throws IOException {
        String rendered = new EventsMarkdown(mapper).render(EventCatalog.load(mapper).types());
        if (Boolean.getBoolean("herald.docs.write")) {
            Files.writeString(PAGE, rendered);
        }

        assertThat(Files.readString(PAGE))
                .as("docs/events.md is stale: run ./mvnw -q -pl herald-server test -Dtest=EventsDocTest"
                        + " -Dherald.docs.write=true and commit docs/events.md")
                .isEqualTo(rendered);
    }

    @Test
    void everyEventTypeHasItsSectionWithEveryTopLevelFieldAndItsExample() {
        List<EventType> types = EventCatalog.load(mapper).types();
        String page = new EventsMarkdown(mapper).render(types);

        for (EventType type : types) {
            int section = page.indexOf("\n## " + type.name() + "\n");
            assertThat(section).as(type.name()).isPositive();
            int next = page.indexOf("\n## ", section + 4);
            String body = page.substring(section, next < 0 ? page.length() : next);
            assertThat(body).contains(type.description()).contains("\"type\" : \"" + type.name() + "\"");
            type.schema().path("properties").fieldNames().forEachRemaining(field ->
                    assertThat(body).as(type.name()).contains("| `" + field + "` |"));
            type.schema().path("required").forEach(field ->
                    assertThat(body).as(type.name()).contains("| `" + field.asText() + "` |").containsPattern(
                            "\\| `" + field.asText().replace(".", "\\.") + "` \\| [^\\n]* \\| yes \\|"));
            assertThat(page).contains("(#" + MarkdownPages.anchor(type.name()) + ")");
        }
    }
}
