package herald.dashboard;

import herald.delivery.Deliveries;
import herald.delivery.Delivery;
import herald.delivery.DeliveryFilter;
import herald.event.EventCatalog;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.problem.Problem;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;
import herald.webhook.Webhooks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;

/**
 * Settings → Webhooks: the list, adding and editing, the secret (reveal, copy, rotate), test pings,
 * enabling and disabling, and deleting. Every action goes through {@link Webhooks}, as the API's do.
 */
public final class WebhookPages implements Routes {

    static final int LIST_LIMIT = 200;
    /** Grace periods offered on rotation, in seconds; 0 stops the old secret at once. */
    private static final List<Long> GRACE_CHOICES = List.of(0L, 3600L, 86_400L, 604_800L);

    private final Webhooks webhooks;
    private final Deliveries deliveries;
    private final EventCatalog catalog;
    private final Pages pages;

    public WebhookPages(Webhooks webhooks, Deliveries deliveries, EventCatalog catalog, Pages pages) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.catalog = catalog;
        this.pages = pages;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard/webhooks", pages.view(this::list));
        routes.get("/dashboard/webhooks/new", pages.view((ctx, v) -> adding(ctx, v, WebhookForm.blank(),
                Refusal.NONE)));
        routes.post("/dashboard/webhooks", pages.change(this::create));
        routes.get("/dashboard/webhooks/{id}", pages.view((ctx, v) ->
                detail(ctx, v, webhooks.find(v.account(), webhookId(ctx)), Html.EMPTY)));
        routes.post("/dashboard/webhooks/{id}/secret", pages.change(this::reveal));
        routes.get("/dashboard/webhooks/{id}/edit", pages.view((ctx, v) -> {
            Webhook w = webhooks.find(v.account(), webhookId(ctx));
            editing(ctx, v, WebhookForm.of(w), w, Refusal.NONE);
        }));
        routes.post("/dashboard/webhooks/{id}/edit", pages.change(this::update));
        routes.get("/dashboard/webhooks/{id}/rotate", pages.view(this::confirmRotate));
        routes.post("/dashboard/webhooks/{id}/rotate", pages.change(this::rotate));
        routes.post("/dashboard/webhooks/{id}/test", pages.change((ctx, v) -> {
            webhooks.test(v.account(), webhookId(ctx));
            back(ctx, "/dashboard/webhooks/" + ctx.pathParam("id") + "/history", "tested");
        }));
        routes.post("/dashboard/webhooks/{id}/enable", pages.change((ctx, v) -> {
            webhooks.enable(v.caller(), webhookId(ctx));
            back(ctx, "/dashboard/webhooks/" + ctx.pathParam("id"), "enabled");
        }));
        routes.post("/dashboard/webhooks/{id}/disable", pages.change((ctx, v) -> {
            webhooks.disable(v.caller(), webhookId(ctx));
            back(ctx, "/dashboard/webhooks/" + ctx.pathParam("id"), "disabled");
        }));
        routes.get("/dashboard/webhooks/{id}/delete", pages.view(this::confirmDelete));
        routes.post("/dashboard/webhooks/{id}/delete", pages.change((ctx, v) -> {
            webhooks.delete(v.caller(), webhookId(ctx));
            back(ctx, "/dashboard/webhooks", "deleted");
        }));
    }

    /** After a change, the page to see its result, by a 303 so that reloading does not repeat it. */
    static void back(Context ctx, String path, String notice) {
        ctx.redirect(path + "?done=" + notice, HttpStatus.SEE_OTHER);
    }

    private void list(Context ctx, Viewer viewer) {
        List<Webhook> all = webhooks.list(viewer.account(), PageRequest.first(LIST_LIMIT));
        Html rows = Html.join(all.stream().map(w -> Html.of("""
                <tr><td><a href="/dashboard/webhooks/{}" class="url">{}</a><div class="muted">{}</div></td>
                <td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>""",
                w.id(), w.url(), w.description(), events(w.events()), w.format().wireName(), state(w),
                w.consecutiveFailures(), lastDelivery(viewer, w))).toList());
        Html body = all.isEmpty()
                ? Html.of("""
                        <div class="empty"><h2>No webhooks yet</h2><p>A webhook tells one of your systems, by a signed
                        HTTP POST, when experiments, flags or access change. Add one to start.</p></div>""")
                : Html.of("""
                        <div class="table-wrap"><table><caption class="sr-only">Webhooks</caption><thead><tr><th scope="col">Endpoint</th>
                        <th scope="col">Events</th><th scope="col">Format</th><th scope="col">State</th>
                        <th scope="col" class="num">Consecutive failures</th><th scope="col">Last delivery</th></tr></thead>
                        <tbody>{}</tbody></table></div>""", rows);
        pages.render(ctx, 200, viewer, "Webhooks", Pages.Section.WEBHOOKS, Html.of("""
                <div class="heading"><h1>Webhooks</h1><a class="button primary" href="/dashboard/webhooks/new">+ Add webhook</a></div>
                {}""", body));
    }

    private Html lastDelivery(Viewer viewer, Webhook w) {
        List<Delivery> last = deliveries.ofWebhook(viewer.account(), w.id(), DeliveryFilter.ANY,
                PageRequest.first(1));
        return last.isEmpty() ? Html.of("<span class=\"muted\">none yet</span>")
                : Html.of("{} {}", HistoryPages.badge(last.getFirst().status().wireName()),
                        Pages.time(last.getFirst().createdAt()));
    }

    static Html events(List<String> events) {
        return events.contains(Webhook.ALL_EVENTS) ? Html.of("All events (*)")
                : Html.of("<span title=\"{}\">{}</span>", String.join(", ", events),
                        events.size() == 1 ? events.getFirst() : events.size() + " event types");
    }

    static Html state(Webhook w) {
        return w.enabled() ? Html.of("<span class=\"badge ok\">Enabled</span>")
                : Html.of("<span class=\"badge off\">Disabled</span>");
    }

    private void adding(Context ctx, Viewer viewer, WebhookForm form, Refusal refusal) {
        form(ctx, viewer, form, "Add webhook", "/dashboard/webhooks", "Add webhook", refusal);
    }

    private void editing(Context ctx, Viewer viewer, WebhookForm form, Webhook editing, Refusal refusal) {
        form(ctx, viewer, form, "Edit webhook", "/dashboard/webhooks/" + editing.id() + "/edit", "Save changes", refusal);
    }

    private void form(Context ctx, Viewer viewer, WebhookForm form, String title, String action, String submitLabel,
                      Refusal refusal) {
        pages.render(ctx, refusal.status(), viewer, title, Pages.Section.WEBHOOKS,
                Html.of("<h1>{}</h1>{}", title, form.render(viewer, action, submitLabel, catalog.types(), refusal)));
    }

    private void create(Context ctx, Viewer viewer) {
        WebhookForm form = WebhookForm.read(ctx);
        try {
            Webhook created = webhooks.create(viewer.caller(), form.request());
            back(ctx, "/dashboard/webhooks/" + created.id(), "created");
        } catch (Problem refused) {
            adding(ctx, viewer, form, Refusal.of(refused));
        }
    }

    private void update(Context ctx, Viewer viewer) {
        Webhook existing = webhooks.find(viewer.account(), webhookId(ctx));
        WebhookForm form = WebhookForm.read(ctx);
        try {
            webhooks.update(viewer.caller(), existing.id(), form.request());
            back(ctx, "/dashboard/webhooks/" + existing.id(), "updated");
        } catch (Problem refused) {
            editing(ctx, viewer, form, existing, Refusal.of(refused));
        }
    }

    private void reveal(Context ctx, Viewer viewer) {
        Webhook w = webhooks.find(viewer.account(), webhookId(ctx));
        detail(ctx, viewer, w, secret(webhooks.secret(viewer.caller(), w.id()), Html.EMPTY)); // audited, as in the API
    }

    /** The webhook id in the path, as given: one that names no webhook is the service's 404. */
    static WebhookId webhookId(Context ctx) {
        return new WebhookId(ctx.pathParam("id"));
    }

    private void rotate(Context ctx, Viewer viewer) {
        WebhookId id = webhookId(ctx);
        long grace = GRACE_CHOICES.stream().filter(g -> String.valueOf(g).equals(ctx.formParam("graceSeconds")))
                .findFirst().orElse(0L);
        String secret = webhooks.rotate(viewer.caller(), id, grace);
        Webhook w = webhooks.find(viewer.account(), id);
        Html note = grace == 0
                ? Html.of("<p class=\"notice\" role=\"status\">Secret rotated. The old secret stopped signing at once:"
                        + " update your receiver now.</p>")
                : Html.of("<p class=\"notice\" role=\"status\">Secret rotated. Deliveries are signed with both secrets"
                        + " until {}; update your receiver before then.</p>", Pages.time(w.previousSecretUntil()));
        detail(ctx, viewer, w, secret(secret, note));
    }

    private static Html secret(String secret, Html note) {
        return Html.of("""
                {}<div class="secret"><code id="secret-value">{}</code>
                <button type="button" data-copy="secret-value" class="small">Copy</button></div>""", note, secret);
    }

    private void detail(Context ctx, Viewer viewer, Webhook w, Html secret) {
        String base = "/dashboard/webhooks/" + w.id();
        Html headers = w.headers().isEmpty() ? Html.of("<span class=\"muted\">none</span>")
                : Html.join(w.headers().keySet().stream().sorted().map(name -> Html.of("<code>{}</code> ", name)).toList());
        Html secretBlock = secret.markup().isEmpty()
                ? Html.of("<form method=\"post\" action=\"{}/secret\" class=\"inline\">{}<button type=\"submit\">"
                        + "Reveal secret</button></form>", base, Pages.csrf(viewer))
                : secret;
        pages.render(ctx, 200, viewer, "Webhook", Pages.Section.WEBHOOKS, Html.of("""
                <p class="crumbs"><a href="/dashboard/webhooks">Webhooks</a> ›</p>
                <div class="heading"><h1 class="url">{}</h1>{}</div>
                <div class="actions">{}{}<a class="button" href="{}/history">History</a>
                <a class="button" href="{}/edit">Edit</a><a class="button danger" href="{}/delete">Delete</a></div>
                <dl class="facts"><dt>Description</dt><dd>{}</dd><dt>Events</dt><dd>{}</dd>
                <dt>Projects</dt><dd>{}</dd><dt>Environments</dt><dd>{}</dd><dt>Format</dt><dd>{}</dd>
                <dt>Ordering</dt><dd>{}</dd><dt>Custom headers</dt><dd>{}</dd><dt>Consecutive failures</dt><dd>{}</dd><dt>Created</dt><dd>{}</dd>
                <dt>Id</dt><dd><code>{}</code></dd></dl>
                <section aria-labelledby="secret-heading"><h2 id="secret-heading">Signing secret</h2>
                <p>Receivers verify each delivery's signature with this secret.</p>{}
                <p><a href="{}/rotate">Rotate secret…</a></p></section>""",
                w.url(), state(w), Pages.button(viewer, base + "/test", "Send test", "primary"),
                w.enabled() ? Pages.button(viewer, base + "/disable", "Disable", "")
                        : Pages.button(viewer, base + "/enable", "Enable", ""),
                base, base, base, w.description().isEmpty() ? "—" : w.description(),
                w.events().contains(Webhook.ALL_EVENTS) ? "All events (*)" : String.join(", ", w.events()),
                w.projects().isEmpty() ? "all" : String.join(", ", w.projects()),
                w.environments().isEmpty() ? "all" : String.join(", ", w.environments()), w.format().wireName(),
                w.ordering().wireName(), headers, w.consecutiveFailures(), Pages.time(w.createdAt()), w.id(), secretBlock, base));
    }

    private void confirmRotate(Context ctx, Viewer viewer) {
        Webhook w = webhooks.find(viewer.account(), webhookId(ctx));
        Html choices = Html.join(GRACE_CHOICES.stream().map(g -> Html.of(
                "<label class=\"check\"><input type=\"radio\" name=\"graceSeconds\" value=\"{}\"{}> {}</label>",
                g, Html.when(g == 0, Html.of(" checked")), graceLabel(g))).toList());
        pages.render(ctx, 200, viewer, "Rotate secret", Pages.Section.WEBHOOKS, Html.of("""
                <h1>Rotate the signing secret?</h1><p>Webhook <strong class="url">{}</strong> gets a new secret.</p>
                <form method="post" action="/dashboard/webhooks/{}/rotate" class="stack">{}
                <fieldset><legend>When should the old secret stop signing?</legend>{}</fieldset>
                <p class="warning">Without a grace period the old secret stops signing at once: deliveries fail
                verification until your receiver has the new secret.</p>
                <div class="actions"><button type="submit" class="danger">Rotate secret</button>
                <a href="/dashboard/webhooks/{}">Cancel</a></div></form>""",
                w.url(), w.id(), Pages.csrf(viewer), choices, w.id()));
    }

    private static String graceLabel(long seconds) {
        return switch ((int) seconds) {
            case 0 -> "At once (no grace period)";
            case 3600 -> "After 1 hour (both secrets sign until then)";
            case 86_400 -> "After 24 hours (both secrets sign until then)";
            default -> "After 7 days (both secrets sign until then)";
        };
    }

    private void confirmDelete(Context ctx, Viewer viewer) {
        Webhook w = webhooks.find(viewer.account(), webhookId(ctx));
        pages.render(ctx, 200, viewer, "Delete webhook", Pages.Section.WEBHOOKS, Html.of("""
                <h1>Delete this webhook?</h1><p><strong class="url">{}</strong> stops receiving events. Its delivery
                history is deleted and pending deliveries are dropped. This cannot be undone.</p>
                <div class="actions">{}<a href="/dashboard/webhooks/{}">Cancel</a></div>""",
                w.url(), Pages.button(viewer, "/dashboard/webhooks/" + w.id() + "/delete", "Delete webhook", "danger"),
                w.id()));
    }
}
