package herald.dashboard;

import herald.problem.Forbidden;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * What stands between a browser and the dashboard: the session cookie, the checks every change
 * must pass (same origin, CSRF token), and the headers every page is sent with.
 */
public final class Gate {

    static final String COOKIE = "herald_session";
    static final String CSRF_FIELD = "csrf";
    /**
     * No inline script or style, nothing from elsewhere, never framed. Inline SVG is markup, not a
     * resource, so charts need nothing more.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    private final Sessions sessions;
    private final SignInLimit signInLimit;

    public Gate(Sessions sessions, SignInLimit signInLimit) {
        this.sessions = sessions;
        this.signInLimit = signInLimit;
    }

    static void secureHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }

    /** The signed-in viewer, when the request carries a live session cookie. */
    Optional<Viewer> viewer(Context ctx) {
        return Optional.ofNullable(ctx.cookie(COOKIE)).flatMap(sessions::resume);
    }

    /**
     * Signs in from the request's client address: the peer of the connection, not a header a client
     * could write (behind a reverse proxy, every sign-in comes from the proxy).
     */
    Sessions.Started signIn(Context ctx, String apiKey) {
        Sessions.Started started = signInLimit.attempt(ctx.req().getRemoteAddr(), () -> sessions.signIn(apiKey));
        ctx.header("Set-Cookie", cookie(ctx, started.token(), Sessions.LIFETIME.toSeconds()));
        return started;
    }

    void signOut(Context ctx) {
        Optional.ofNullable(ctx.cookie(COOKIE)).ifPresent(sessions::signOut);
        ctx.header("Set-Cookie", cookie(ctx, "", 0));
    }

    /**
     * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
     * sends it), Secure when the dashboard is reached over https, and only for dashboard paths.
     */
    private static String cookie(Context ctx, String value, long maxAgeSeconds) {
        boolean https = ctx.scheme().equals("https")
                || "https".equalsIgnoreCase(Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse(""));
        return COOKIE + "=" + value + "; Path=/dashboard; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (https ? "; Secure" : "");
    }

    /**
     * Refuses a change that a page of another origin asked for. A browser names the origin in
     * {@code Origin}, except that under {@code Referrer-Policy: no-referrer} it sends {@code null}
     * for every POST; then {@code Sec-Fetch-Site}, which every current browser sends, says whether
     * the form was Herald's own. A request with neither header is not from a browser page, and the
     * CSRF token still stands in its way.
     */
    static void requireSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null")) {
            String host = ctx.header("Host");
            if (host == null || !host.equalsIgnoreCase(authority(origin))) {
                throw crossOrigin();
            }
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            String value = site.toLowerCase(Locale.ROOT);
            if (!value.equals("same-origin") && !value.equals("none")) {
                throw crossOrigin();
            }
        } else if (origin != null) {
            throw crossOrigin(); // an opaque origin (a sandboxed frame, a file) that does not say where it is
        }
    }

    private static Forbidden crossOrigin() {
        return new Forbidden("cross_origin", "this change was asked for by another site and was refused");
    }

    /** Refuses a change whose form does not carry this session's CSRF token; compared in constant time. */
    static void requireCsrf(Context ctx, Viewer viewer) {
        String sent = Optional.ofNullable(ctx.formParam(CSRF_FIELD)).orElse("");
        if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                viewer.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new Forbidden("csrf_failed", "this form has expired or did not come from your session;"
                    + " reload the page and try again");
        }
    }

    private static String authority(String origin) {
        try {
            return Optional.ofNullable(URI.create(origin).getRawAuthority()).orElse("");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
