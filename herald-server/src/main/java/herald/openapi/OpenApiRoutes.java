package herald.openapi;

import herald.http.Routes;
import io.javalin.config.RoutesConfig;

/** {@code GET /openapi.json}, without authentication: the description is public, the data is not. */
public final class OpenApiRoutes implements Routes {

    private final OpenApiDocument document;

    public OpenApiRoutes(OpenApiDocument document) {
        this.document = document;
    }

    @Override
    public void register(RoutesConfig routes) {
        byte[] json = document.json();
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(json));
    }
}
