package herald.dashboard;

import herald.http.Routes;
import herald.problem.Problem;
import herald.problem.RateLimited;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's shell: security headers on every dashboard response, its two static assets,
 * sign-in and sign-out. The feature pages register themselves beside it.
 */
public final class DashboardRoutes implements Routes {

    /** The only files served as assets, read once: nothing else on the class path can be asked for. */
    private record Asset(String contentType, byte[] bytes) {}

    private final Gate gate;
    private final Pages pages;
    private final Map<String, Asset> assets;

    public DashboardRoutes(Gate gate, Pages pages) {
        this.gate = gate;
        this.pages = pages;
        this.assets = Map.of(
                "herald.css", new Asset("text/css; charset=utf-8", resource("herald.css")),
                "herald.js", new Asset("text/javascript; charset=utf-8", resource("herald.js")));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before("/dashboard", Gate::secureHeaders);
        routes.before("/dashboard/*", Gate::secureHeaders);
        routes.get("/dashboard", ctx -> ctx.redirect("/dashboard/webhooks"));
        routes.get("/dashboard/assets/{name}", this::asset);
        routes.get("/dashboard/login", ctx -> {
            if (gate.viewer(ctx).isPresent()) {
                ctx.redirect("/dashboard/webhooks");
                return;
            }
            login(ctx);
        });
        routes.post("/dashboard/login", this::signIn);
        routes.post("/dashboard/logout", pages.change((ctx, viewer) -> {
            gate.signOut(ctx);
            ctx.redirect("/dashboard/login", HttpStatus.SEE_OTHER);
        }));
    }

    private void signIn(Context ctx) {
        try {
            Gate.requireSameOrigin(ctx);
            gate.signIn(ctx, Optional.ofNullable(ctx.formParam("apiKey")).orElse(""));
            ctx.redirect("/dashboard/webhooks", HttpStatus.SEE_OTHER);
        } catch (RateLimited limited) {
            ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
            login(ctx, limited.status(), "Too many failed sign-ins from your address. Try again in "
                    + limited.retryAfterSeconds() + " seconds.");
        } catch (Problem refused) {
            login(ctx, refused.status(), refused.getMessage());
        }
    }

    private void login(Context ctx) {
        login(ctx, 200, Html.EMPTY, Html.EMPTY);
    }

    /** The sign-in page again, saying why the last attempt was refused. */
    private void login(Context ctx, int status, String error) {
        login(ctx, status, Html.of("<p class=\"error\" role=\"alert\" id=\"login-error\">{}</p>", error),
                Html.of(" aria-describedby=\"login-error\" aria-invalid=\"true\""));
    }

    private void login(Context ctx, int status, Html alert, Html keyRefused) {
        pages.renderSignedOut(ctx, status, "Sign in", Html.of("""
                <section class="narrow"><h1>Sign in to Herald</h1>
                <p>Use an account API key (it starts with <code>hk_</code>). Herald keeps you signed in for up to
                12 hours, or 2 hours without activity.</p>{}
                <form method="post" action="/dashboard/login" class="stack">
                <label for="apiKey">API key</label>
                <input id="apiKey" name="apiKey" type="password" autocomplete="current-password" required{}>
                <button type="submit" class="primary">Sign in</button></form></section>""",
                alert, keyRefused));
    }

    private void asset(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no such asset");
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/herald/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard asset " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
