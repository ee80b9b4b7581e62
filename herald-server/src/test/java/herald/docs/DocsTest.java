package herald.docs;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Herald serves its docs at {@code /docs/{page}}, every error body links to its code's section of
 * docs/errors.md, every code Herald can answer has that section, and links between the docs resolve.
 */
@WithHerald
class DocsTest {

    private static final Path SOURCES = Path.of("src/main/java/herald");
    private static final Pattern PROBLEM = Pattern.compile(
            "new (?:BadRequest|Conflict|Forbidden|Invalid|NotFound|RateLimited|TooLarge|Unauthorized)\\(\\s*\"([a-z_]+)\"");
    private static final Pattern CODE_LITERAL = Pattern.compile("\"([a-z]+(?:_[a-z]+)+)\"");
    private static final Pattern LINK = Pattern.compile("\\]\\(([a-z0-9-]+\\.md)?(?:#([^)]+))?\\)");

    private static TestHerald herald;

    @Test
    void everyErrorCodeHeraldCanAnswerHasItsSectionInErrorsMd() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                PROBLEM.matcher(source).results().forEach(m -> codes.add(m.group(1)));
                if (file.endsWith("http/ApiServer.java") || file.endsWith("http/JsonErrorPages.java")) {
                    CODE_LITERAL.matcher(source).results().forEach(m -> codes.add(m.group(1)));
                }
            }
        }
        Set<String> documented = MarkdownPages.anchors("errors.md");

        assertThat(codes).as("codes found in the sources").contains("plan_required", "internal_error", "headers_too_large");
        List<String> missing = codes.stream().filter(code -> !documented.contains(code)).toList();
        assertThat(missing).as("error codes Herald answers without a '### `code`' section in docs/errors.md").isEmpty();
    }

    @Test
    void anErrorBodyLinksToItsCodesSectionOfAPageHeraldServes() {
        Api.Response refused = herald.anonymous().get("/v1/webhooks");
        Api.Response invalid = herald.account("growth").post("/v1/webhooks", "{\"url\":\"ftp://x\",\"events\":[\"*\"]}");

        assertThat(refused.json().path("error").path("docs").asText()).isEqualTo("/docs/errors.md#missing_token");
        assertThat(invalid.json().path("error").path("docs").asText()).isEqualTo("/docs/errors.md#invalid_url");
        Api.Response page = herald.anonymous().get("/docs/errors.md");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(page.raw()).contains("### `missing_token`").contains("### `invalid_url`")
                .isEqualTo(MarkdownPages.read("errors.md"));
    }

    @Test
    void onlyThePagesOfTheDocsFolderAreServed() {
        Api anonymous = herald.anonymous();

        assertThat(anonymous.get("/docs/getting-started.md").status()).isEqualTo(200);
        assertThat(anonymous.get("/docs/no-such-page.md").errorCode()).isEqualTo("not_found");
        assertThat(anonymous.get("/docs/Errors.md").status()).isEqualTo(404);
        assertThat(anonymous.get("/docs/..%2Fpom.xml").status()).isEqualTo(404);
        assertThat(anonymous.get("/docs/%2E%2E%2Fherald%2Fevent%2Fcatalog.json").status()).isEqualTo(404);
        assertThat(anonymous.get("/docs/openapi.json").status()).isEqualTo(404);
    }

    @Test
    void operationsMdNamesEveryFlagAndEveryVariable() throws IOException {
        Set<String> settings = new TreeSet<>();
        for (Path file : List.of(SOURCES.resolve("config/Config.java"), SOURCES.resolve("Main.java"))) {
            String source = Files.readString(file);
            Pattern.compile("\"(HERALD_[A-Z_]+)\"").matcher(source).results().forEach(m -> settings.add(m.group(1)));
            Pattern.compile("names = \"(--[a-z-]+)\"").matcher(source).results().forEach(m -> settings.add(m.group(1)));
        }
        String page = MarkdownPages.read("operations.md");

        assertThat(settings).as("settings found in the sources").contains("HERALD_PORT", "--port", "HERALD_MASTER_KEY");
        assertThat(settings.stream().filter(setting -> !page.contains("`" + setting + "`")).toList())
                .as("settings of Config.java or Main.java missing from docs/operations.md").isEmpty();
    }

    @Test
    void everyLinkBetweenTheDocsReachesAPageAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        try (Stream<Path> pages = Files.list(MarkdownPages.FOLDER)) {
            for (Path path : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String from = path.getFileName().toString();
                Matcher links = LINK.matcher(MarkdownPages.read(from).replaceAll("(?s)```.*?```", ""));
                while (links.find()) {
                    String page = links.group(1) == null ? from : links.group(1);
                    if (!Files.exists(MarkdownPages.FOLDER.resolve(page))) {
                        broken.add(from + " → " + links.group());
                    } else if (links.group(2) != null && !MarkdownPages.anchors(page).contains(links.group(2))) {
                        broken.add(from + " → " + links.group() + " (no such heading)");
                    }
                }
            }
        }

        assertThat(broken).isEmpty();
    }
}
