package herald.settings;

import herald.account.Caller;
import herald.account.Secrets;
import herald.http.Auth;
import herald.http.Http;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.project.ProjectId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code /v1/projects/{id}/environments/{env}/settings}, with an {@code ETag} that {@code If-None-Match}
 * is answered against, and the read-only keys that fetch it.
 */
public final class SettingsRoutes implements Routes {

    record KeyView(String id, String projectId, String environment, String description, String createdAt) {
        static KeyView of(SettingsKey k) {
            return new KeyView(k.id().value(), k.projectId().value(), k.environment(), k.description(),
                    Instant.ofEpochMilli(k.createdAt()).toString());
        }
    }

    /** A key just made: the only response that carries the key itself. */
    record CreatedKeyView(String id, String key, String projectId, String environment, String description,
                          String createdAt) {}

    private final SettingsDocuments documents;
    private final Http http;

    public SettingsRoutes(SettingsDocuments documents, Http http) {
        this.documents = documents;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/projects/{id}/environments/{env}/settings", this::document);
        routes.post("/v1/projects/{id}/environments/{env}/settings-keys", ctx -> {
            Caller caller = Auth.caller(ctx);
            ProjectId projectId = new ProjectId(ctx.pathParam("id"));
            String environment = ctx.pathParam("env");
            SettingsDocuments.Created created = http.optionalBody(ctx).optionalText("description")
                    .map(description -> documents.createKey(caller, projectId, environment, description))
                    .orElseGet(() -> documents.createKey(caller, projectId, environment));
            SettingsKey k = created.key();
            http.json(ctx, 201, new CreatedKeyView(k.id().value(), created.secret(), k.projectId().value(), k.environment(),
                    k.description(), Instant.ofEpochMilli(k.createdAt()).toString()));
        });
        routes.get("/v1/projects/{id}/environments/{env}/settings-keys", ctx -> {
            PageRequest page = Http.page(ctx);
            List<KeyView> rows = documents.keys(Auth.caller(ctx), new ProjectId(ctx.pathParam("id")), ctx.pathParam("env"),
                    page.withLookahead()).stream().map(KeyView::of).toList();
            http.json(ctx, 200, Http.Page.of(rows, page, KeyView::id));
        });
        routes.delete("/v1/settings-keys/{id}", ctx -> {
            documents.revokeKey(Auth.caller(ctx), new SettingsKeyId(ctx.pathParam("id")));
            ctx.status(204);
        });
    }

    /**
     * The document, or 304 when the client's {@code If-None-Match} names its current entity tag. The tag
     * is the version and a digest of the body: the version alone would miss flag changes, which move no
     * version (flags have events of their own), and the digest makes any change a new tag.
     */
    private void document(Context ctx) {
        SettingsDocument document = documents.document(Auth.caller(ctx), new ProjectId(ctx.pathParam("id")), ctx.pathParam("env"));
        String body = http.mapper().valueToTree(document).toString();
        String etag = "\"" + document.version() + "-" + Secrets.hash(body).substring(0, 16) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType("application/json").result(body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code If-None-Match} compared weakly, as RFC 9110 has it for GET: {@code *}, or any listed tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
