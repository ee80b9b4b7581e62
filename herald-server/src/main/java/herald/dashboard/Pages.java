package herald.dashboard;

import herald.problem.Problem;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The frame every dashboard page shares — document, navigation, notices — and the wrapping of page
 * handlers: a page needs a signed-in viewer, a change also passes the same-origin and CSRF checks,
 * and a refusal (the API's own {@link Problem}) becomes an error page with the API's message.
 */
public final class Pages {

    /** A page or a change, for a signed-in viewer. */
    @FunctionalInterface
    interface Page {
        void handle(Context ctx, Viewer viewer) throws Exception;
    }

    /** The dashboard's top-level sections, for the navigation. */
    enum Section { WEBHOOKS, EXPERIMENTS, NONE }

    /** Notices that a redirect after a change names with {@code ?done=}: a fixed set, never echoed text. */
    private static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("created", "Webhook created. Reveal its secret below to verify signatures."),
            Map.entry("updated", "Changes saved."),
            Map.entry("tested", "Test ping sent. It appears below within a few seconds; reload to see it."),
            Map.entry("enabled", "Webhook enabled. Its failure count is reset and held deliveries go on."),
            Map.entry("disabled", "Webhook disabled. It gets no new deliveries until you enable it."),
            Map.entry("deleted", "Webhook deleted."),
            Map.entry("redelivered", "Delivery queued again for a fresh round of attempts."),
            Map.entry("recovered", "The failed and dead deliveries of that time window are queued again, oldest first."),
            Map.entry("experiment", "Experiment created as a draft."),
            Map.entry("moved", "Experiment status changed."),
            Map.entry("cloned", "Experiment cloned as a draft. Its results start empty."),
            Map.entry("metric-added", "Metric added. The next analysis includes it."),
            Map.entry("metric-removed", "Metric removed. The next analysis leaves it out."),
            Map.entry("analyzed", "Results recomputed."));

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Gate gate;

    public Pages(Gate gate) {
        this.gate = gate;
    }

    /** A page to look at: without a session, the sign-in page. */
    Handler view(Page page) {
        return ctx -> {
            Optional<Viewer> viewer = gate.viewer(ctx);
            if (viewer.isEmpty()) {
                ctx.redirect("/dashboard/login");
                return;
            }
            run(ctx, viewer.get(), page);
        };
    }

    /** A change: same origin and the session's CSRF token, or a 403 page. */
    Handler change(Page page) {
        return ctx -> {
            try {
                Gate.requireSameOrigin(ctx);
            } catch (Problem refused) {
                error(ctx, refused);
                return;
            }
            Optional<Viewer> viewer = gate.viewer(ctx);
            if (viewer.isEmpty()) {
                ctx.redirect("/dashboard/login", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            run(ctx, viewer.get(), (c, v) -> {
                Gate.requireCsrf(c, v);
                page.handle(c, v);
            });
        };
    }

    private void run(Context ctx, Viewer viewer, Page page) throws Exception {
        try {
            page.handle(ctx, viewer);
        } catch (Problem refused) {
            error(ctx, viewer, refused);
        }
    }

    /** The page of a refusal, for someone signed in. */
    void error(Context ctx, Viewer viewer, Problem problem) {
        render(ctx, problem.status(), viewer, errorTitle(problem), Section.NONE, errorBody(problem));
    }

    /** The same, before anyone is known to be signed in. */
    void error(Context ctx, Problem problem) {
        renderSignedOut(ctx, problem.status(), errorTitle(problem), errorBody(problem));
    }

    private static String errorTitle(Problem problem) {
        return switch (problem.status()) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 409 -> "Not possible now";
            default -> "That did not work";
        };
    }

    private static Html errorBody(Problem problem) {
        return Html.of("""
                <h1>{}</h1><p class="error" role="alert">{}</p>
                <p><a href="/dashboard/webhooks">Back to webhooks</a> · <a href="/dashboard/experiments">Experiments</a></p>""",
                errorTitle(problem), problem.getMessage());
    }

    /** Sends a whole page to someone signed in: with the main navigation and the sign-out button. */
    void render(Context ctx, int status, Viewer viewer, String title, Section section, Html body) {
        Html nav = Html.of("""
                <nav aria-label="Main"><a href="/dashboard/webhooks"{}>Webhooks</a><a href="/dashboard/experiments"{}>Experiments</a></nav>
                <form method="post" action="/dashboard/logout" class="signout">{}<span class="who">{}</span><button type="submit" class="link">Sign out</button></form>""",
                current(section == Section.WEBHOOKS), current(section == Section.EXPERIMENTS), csrf(viewer),
                viewer.account().name());
        send(ctx, status, title, nav, body);
    }

    /** Sends a whole page to someone not signed in: no navigation. */
    void renderSignedOut(Context ctx, int status, String title, Html body) {
        send(ctx, status, title, Html.EMPTY, body);
    }

    private static void send(Context ctx, int status, String title, Html nav, Html body) {
        Html page = Html.of("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{} · Herald</title><link rel="stylesheet" href="/dashboard/assets/herald.css">
                <script type="module" src="/dashboard/assets/herald.js"></script></head>
                <body><a class="skip" href="#main">Skip to content</a>
                <header class="top"><a class="brand" href="/dashboard">Herald</a>{}<a class="docs" href="{}">Docs</a></header>
                <main id="main">{}{}</main></body></html>""", title, nav, DocsLinks.of(ctx), notice(ctx), body);
        ctx.status(status).contentType("text/html; charset=utf-8").result(page.markup());
    }

    private static Html current(boolean current) {
        return Html.when(current, Html.of(" aria-current=\"page\""));
    }

    private static Html notice(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("done")).map(NOTICES::get)
                .map(text -> Html.of("<p class=\"notice\" role=\"status\">{}</p>", text)).orElse(Html.EMPTY);
    }

    static Html csrf(Viewer viewer) {
        return Html.of("<input type=\"hidden\" name=\"" + Gate.CSRF_FIELD + "\" value=\"{}\">", viewer.csrfToken());
    }

    /** A one-button form that POSTs a change. */
    static Html button(Viewer viewer, String action, String label, String style) {
        return Html.of("<form method=\"post\" action=\"{}\" class=\"inline\">{}<button type=\"submit\" class=\"{}\">{}</button></form>",
                action, csrf(viewer), style, label);
    }

    static Html time(long millis) {
        return Html.of("<time datetime=\"{}\">{}</time>", Instant.ofEpochMilli(millis).toString(),
                TIME.format(Instant.ofEpochMilli(millis)));
    }

    /** What stands for a time not set. */
    static final Html NO_TIME = Html.of("—");
}
