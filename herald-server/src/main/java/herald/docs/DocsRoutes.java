package herald.docs;

import herald.http.Routes;
import herald.problem.NotFound;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * {@code GET /docs/{page}}, without authentication: the Markdown pages of docs/, which the build copies
 * into the jar. Error bodies ({@code docs}) and dashboard pages link here, so a link always matches the
 * running version and works without internet access. Served as plain text, which every browser shows.
 */
public final class DocsRoutes implements Routes {

    static final String FOLDER = "/herald/docs/";

    /** Only a plain file name reaches the class path: no folders, no dots but the extension's. */
    private static final Pattern PAGE = Pattern.compile("[a-z0-9-]{1,64}\\.md");

    /** Where the docs of an error code are: the section of that code on the errors page. */
    public static String errorDocs(String code) {
        return "/docs/errors.md#" + code;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/docs/{page}", this::page);
    }

    private void page(Context ctx) {
        String page = ctx.pathParam("page");
        byte[] text = PAGE.matcher(page).matches() ? read(page) : null;
        if (text == null) {
            throw new NotFound("not_found", "no docs page " + page + "; start at /docs/getting-started.md");
        }
        ctx.contentType("text/plain; charset=utf-8").result(text);
    }

    private static byte[] read(String page) {
        try (InputStream in = DocsRoutes.class.getResourceAsStream(FOLDER + page)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
