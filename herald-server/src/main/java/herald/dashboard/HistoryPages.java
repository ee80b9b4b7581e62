package herald.dashboard;

import herald.account.Plan;
import herald.delivery.Attempt;
import herald.delivery.Deliveries;
import herald.delivery.Delivery;
import herald.delivery.DeliveryFilter;
import herald.delivery.DeliveryId;
import herald.delivery.Status;
import herald.event.EventCatalog;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.problem.Invalid;
import herald.webhook.Webhook;
import herald.webhook.WebhookId;
import herald.webhook.Webhooks;
import herald.wire.WireTime;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A webhook's history: recent deliveries with filters, activity charts for the last 24 hours and
 * 30 days, each delivery's attempts, redelivery, and recovery of the failed and dead deliveries of
 * a time window.
 */
public final class HistoryPages implements Routes {

    static final int PAGE_SIZE = 50;
    /** Response bodies are kept up to 1 KiB; the table shows the start, the delivery page all of it. */
    static final int BODY_PREVIEW = 120;

    private final Webhooks webhooks;
    private final Deliveries deliveries;
    private final EventCatalog catalog;
    private final Pages pages;
    private final Clock clock;

    public HistoryPages(Webhooks webhooks, Deliveries deliveries, EventCatalog catalog, Pages pages, Clock clock) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.catalog = catalog;
        this.pages = pages;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard/webhooks/{id}/history", pages.view(this::history));
        routes.get("/dashboard/deliveries/{id}", pages.view(this::delivery));
        routes.post("/dashboard/webhooks/{id}/recover", pages.change((ctx, v) -> {
            WebhookId id = WebhookPages.webhookId(ctx);
            Instant since = formTime(ctx, "since").orElseThrow(() ->
                    new Invalid("invalid_time", "say since when failed deliveries should be recovered", "since"));
            formTime(ctx, "until").ifPresentOrElse(until -> deliveries.recover(v.caller(), id, since, until),
                    () -> deliveries.recover(v.caller(), id, since));
            WebhookPages.back(ctx, "/dashboard/webhooks/" + id + "/history", "recovered");
        }));
        routes.post("/dashboard/deliveries/{id}/redeliver", pages.change((ctx, v) -> {
            deliveries.redeliver(v.account(), new DeliveryId(ctx.pathParam("id")));
            WebhookPages.back(ctx, "/dashboard/deliveries/" + ctx.pathParam("id"), "redelivered");
        }));
    }

    static Html badge(String status) {
        String style = switch (status) {
            case "success" -> "ok";
            case "failed", "dead" -> "bad";
            default -> "off";
        };
        return Html.of("<span class=\"badge {}\">{}</span>", style, status);
    }

    private void history(Context ctx, Viewer viewer) {
        Webhook w = webhooks.find(viewer.account(), WebhookPages.webhookId(ctx));
        DeliveryFilter filter = new DeliveryFilter(param(ctx, "status").flatMap(Status::parse),
                param(ctx, "eventType").filter(catalog::contains));
        PageRequest asked = new PageRequest(param(ctx, "cursor"), PAGE_SIZE);
        List<Delivery> rows = deliveries.ofWebhook(viewer.account(), w.id(), filter, asked.withLookahead());
        boolean more = rows.size() > PAGE_SIZE;
        List<Delivery> page = more ? rows.subList(0, PAGE_SIZE) : rows;
        long now = clock.millis();
        var day = Charts.Window.ending("last-24h", "Attempts in the last 24 hours, by hour", now,
                Duration.ofHours(1).toMillis(), 24, "HH:00", 3);
        var month = Charts.Window.ending("last-30d", "Attempts in the last 30 days, by day", now,
                Duration.ofDays(1).toMillis(), 30, "MMM d", 5);
        Html table = page.isEmpty()
                ? Html.of("<div class=\"empty\"><h2>No deliveries{}</h2><p>Send a test ping to see one arrive.</p></div>",
                        filter.equals(DeliveryFilter.ANY) ? " yet" : " match these filters")
                : Html.of("""
                        <div class="table-wrap"><table class="history"><caption class="sr-only">Deliveries, newest first</caption>
                        <thead><tr><th scope="col">Event</th><th scope="col">Created</th><th scope="col">Status</th>
                        <th scope="col" class="num">Attempts</th><th scope="col" class="num">HTTP</th>
                        <th scope="col">Response</th><th scope="col">Error</th></tr></thead><tbody>{}</tbody></table></div>""",
                        Html.join(page.stream().map(d -> row(d, viewer.account().plan())).toList()));
        Html older = more ? Html.of("<p><a href=\"?{}cursor={}\">Older deliveries →</a></p>",
                filterQuery(filter), page.getLast().id()) : Html.EMPTY;
        pages.render(ctx, 200, viewer, "History", Pages.Section.WEBHOOKS, Html.of("""
                <p class="crumbs"><a href="/dashboard/webhooks">Webhooks</a> › <a href="/dashboard/webhooks/{}" class="url">{}</a> ›</p>
                <div class="heading"><h1>History</h1>{}</div>
                <div class="charts">{}{}</div>
                <form method="get" class="filters" aria-label="Filter deliveries">
                <label for="status">Status</label><select id="status" name="status">{}</select>
                <label for="eventType">Event type</label><select id="eventType" name="eventType">{}</select>
                <button type="submit">Filter</button></form>{}{}{}""",
                w.id(), w.url(), Pages.button(viewer, "/dashboard/webhooks/" + w.id() + "/test", "Send test", "primary"),
                Charts.activity(day, deliveries.activity(viewer.account(), w.id(), day.start(), day.periodMillis())),
                Charts.activity(month, deliveries.activity(viewer.account(), w.id(), month.start(), month.periodMillis())),
                options(Arrays.stream(Status.values()).map(Status::wireName).toList(),
                        filter.status().map(Status::wireName).orElse(""), "any status"),
                options(catalog.types().stream().map(t -> t.name()).toList(), filter.eventType().orElse(""),
                        "any event type"),
                recoverForm(viewer, w), table, older));
    }

    /** A {@code datetime-local} field, read as UTC (the time every page shows). */
    private static Optional<Instant> formTime(Context ctx, String field) {
        Optional<String> value = Optional.ofNullable(ctx.formParam(field)).map(String::strip).filter(v -> !v.isEmpty());
        try {
            return value.map(v -> WireTime.inRange(LocalDateTime.parse(v).toInstant(ZoneOffset.UTC)));
        } catch (DateTimeException e) {
            throw new Invalid("invalid_time", "'" + field + "' must be a date and time such as 2026-12-01T09:30", field);
        }
    }

    /** From 24 hours ago (to the minute, as a {@code datetime-local} field shows it) until now, unless changed. */
    private Html recoverForm(Viewer viewer, Webhook w) {
        DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
        return Html.of("""
                <form method="post" action="/dashboard/webhooks/{}/recover" class="filters" aria-label="Recover deliveries">{}
                <label for="since">Recover failed and dead deliveries created from</label>
                <input type="datetime-local" id="since" name="since" required value="{}">
                <label for="until">to (empty: now)</label><input type="datetime-local" id="until" name="until">
                <span class="muted">UTC</span><button type="submit">Recover</button></form>""",
                w.id(), Pages.csrf(viewer), minutes.format(Instant.ofEpochMilli(clock.millis() - Duration.ofDays(1).toMillis())));
    }

    /** The query string that keeps the current filters, made only of validated values. */
    private static String filterQuery(DeliveryFilter filter) {
        return filter.status().map(s -> "status=" + s.wireName() + "&").orElse("")
                + filter.eventType().map(t -> "eventType=" + t + "&").orElse("");
    }

    /** What a held delivery waits for, as the history says it. */
    private static Html waiting(Delivery.HeldReason reason) {
        return Html.of(switch (reason) {
            case WEBHOOK_DISABLED -> "waiting for the webhook to be enabled";
            case PLAN_REQUIRED -> "waiting for a plan with webhooks";
        });
    }

    private static Html row(Delivery d, Plan plan) {
        return Html.of("""
                <tr><td><a href="/dashboard/deliveries/{}">{}</a></td><td>{}</td><td>{}{}</td><td class="num">{}</td>
                <td class="num">{}</td><td><code class="body">{}</code></td><td>{}</td></tr>""",
                d.id(), d.eventType(), Pages.time(d.createdAt()), badge(d.status().wireName()),
                d.heldReason(plan).map(reason -> Html.of(" <span class=\"muted\">{}</span>", waiting(reason))),
                d.attempts(),
                d.responseCode().map(String::valueOf).orElse("—"), d.responseBody().map(HistoryPages::preview),
                d.error().orElse(""));
    }

    private static String preview(String body) {
        return body.length() <= BODY_PREVIEW ? body : body.substring(0, BODY_PREVIEW) + "…";
    }

    /** A select's options: first {@code any}, whose value is empty, then {@code values}, {@code selected} marked. */
    private static Html options(List<String> values, String selected, String any) {
        return Html.of("<option value=\"\">{}</option>{}", any, Html.join(values.stream().map(v -> Html.of(
                "<option value=\"{}\"{}>{}</option>", v, Html.when(v.equals(selected),
                        Html.of(" selected")), v)).toList()));
    }

    private void delivery(Context ctx, Viewer viewer) {
        Deliveries.Detail detail = deliveries.find(viewer.account(), new DeliveryId(ctx.pathParam("id")));
        Delivery d = detail.delivery();
        Webhook w = webhooks.find(viewer.account(), d.webhookId());
        Html attempts = detail.attempts().isEmpty()
                ? Html.of("<p class=\"empty\">No attempt yet; the first is due {}.</p>", d.nextAttemptAt().map(Pages::time).orElse(Pages.NO_TIME))
                : Html.of("<ol class=\"timeline\">{}</ol>", Html.join(detail.attempts().stream()
                        .map(HistoryPages::attempt).toList()));
        boolean pending = d.status() == Status.PENDING || d.status() == Status.FAILED;
        Html redeliver = pending
                ? Html.of("<p class=\"muted\">Pending: {}.</p>", d.heldReason(viewer.account().plan())
                        .map(HistoryPages::waiting)
                        .orElseGet(() -> Html.of("next attempt {}", d.nextAttemptAt().map(Pages::time).orElse(Pages.NO_TIME))))
                : Pages.button(viewer, "/dashboard/deliveries/" + d.id() + "/redeliver", "Redeliver", "primary");
        pages.render(ctx, 200, viewer, "Delivery", Pages.Section.WEBHOOKS, Html.of("""
                <p class="crumbs"><a href="/dashboard/webhooks">Webhooks</a> › <a href="/dashboard/webhooks/{}" class="url">{}</a> ›
                <a href="/dashboard/webhooks/{}/history">History</a> ›</p>
                <div class="heading"><h1>{}</h1>{}</div>
                <div class="actions">{}</div>
                <dl class="facts"><dt>Delivery</dt><dd><code>{}</code></dd><dt>Event</dt><dd><code>{}</code></dd>
                <dt>Created</dt><dd>{}</dd><dt>Attempts</dt><dd>{}</dd><dt>Last attempt</dt><dd>{}</dd></dl>
                <h2>Attempts</h2>{}""",
                w.id(), w.url(), w.id(), d.eventType(), badge(d.status().wireName()), redeliver, d.id(), d.eventId(),
                Pages.time(d.createdAt()), d.attempts(), d.lastAttemptAt().map(Pages::time).orElse(Pages.NO_TIME), attempts));
    }

    private static Html attempt(Attempt a) {
        boolean ok = a.error().isEmpty() && a.responseCode().filter(c -> c >= 200 && c < 300).isPresent();
        return Html.of("""
                <li class="{}"><div class="when">Attempt {} · {} · {} ms</div>
                <div>{} {}</div>{}{}</li>""",
                ok ? "ok" : "bad", a.attempt(), Pages.time(a.startedAt()), a.durationMillis(),
                badge(ok ? "success" : "failed"), a.responseCode().map(c -> "HTTP " + c).orElse("no response"),
                a.responseBody().map(b -> Html.of("<pre class=\"body\">{}</pre>", b)),
                a.error().map(e -> Html.of("<p class=\"error-text\">{}</p>", e)));
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }
}
