package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import herald.docs.MarkdownPages;
import herald.http.ApiServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every dashboard page links, in its header, to the docs that explain it, and that page and heading exist. */
@WithHerald
class DashboardDocsLinksTest {

    private static TestHerald herald;

    @Test
    void everyPageTheDashboardServesHasItsOwnDocsLink() {
        List<String> pages = herald.app().routes().stream()
                .filter(route -> route.method().equals("GET") && route.path().startsWith("/dashboard/"))
                .map(ApiServer.Route::path)
                .filter(path -> !path.startsWith("/dashboard/assets/"))
                .toList();

        assertThat(pages).isNotEmpty();
        assertThat(DocsLinks.BY_ROUTE.keySet()).as("dashboard pages without a docs link in DocsLinks")
                .containsAll(pages);
        assertThat(pages).as("DocsLinks names routes the dashboard no longer has").containsAll(DocsLinks.BY_ROUTE.keySet());
    }

    @Test
    void everyDocsLinkReachesAPageAndHeadingThatExist() {
        for (Map.Entry<String, String> link : DocsLinks.BY_ROUTE.entrySet()) {
            String target = link.getValue().substring("/docs/".length());
            String page = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            assertThat(Files.exists(MarkdownPages.FOLDER.resolve(page))).as(link.toString()).isTrue();
            if (target.contains("#")) {
                assertThat(MarkdownPages.anchors(page)).as(link.toString()).contains(target.substring(target.indexOf('#') + 1));
            }
        }
        assertThat(Files.exists(MarkdownPages.FOLDER.resolve(DocsLinks.FALLBACK.substring("/docs/".length())))).isTrue();
    }

    @Test
    void theSignInPageLinksToGettingStartedAndHeraldServesIt() {
        Api anonymous = herald.anonymous();
        Api.Response login = anonymous.get("/dashboard/login");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.raw()).contains("<a class=\"docs\" href=\"/docs/getting-started.md\">Docs</a>");
        assertThat(anonymous.get("/docs/getting-started.md").status()).isEqualTo(200);
    }
}
