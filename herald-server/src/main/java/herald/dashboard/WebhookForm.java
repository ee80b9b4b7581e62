package herald.dashboard;

import herald.event.EventType;
import herald.problem.Invalid;
import herald.webhook.CustomHeaders;
import herald.webhook.Format;
import herald.webhook.Ordering;
import herald.webhook.Webhook;
import herald.webhook.WebhookRequest;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The add and edit form of a webhook, as typed: it turns into the same request the API builds, so
 * the webhook service validates it with the API's rules and messages. Lists are typed comma-separated
 * and custom headers one {@code Name: value} per line. The edit form shows header values masked; a
 * line sent back with the mask keeps that header's value ({@link CustomHeaders}).
 */
record WebhookForm(String url, String description, List<String> events, String projects, String environments,
                   String format, String headers, String ordering) {

    static WebhookForm blank() {
        return new WebhookForm("", "", List.of(), "", "", Format.NATIVE.wireName(), "", Ordering.NONE.wireName());
    }

    static WebhookForm of(Webhook w) {
        return new WebhookForm(w.url(), w.description(), w.events(), String.join(", ", w.projects()),
                String.join(", ", w.environments()), w.format().wireName(),
                CustomHeaders.masked(w.headers()).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")), w.ordering().wireName());
    }

    static WebhookForm read(Context ctx) {
        return new WebhookForm(param(ctx, "url"), param(ctx, "description"), ctx.formParams("events"),
                param(ctx, "projects"), param(ctx, "environments"), param(ctx, "format"), param(ctx, "headers"),
                param(ctx, "ordering"));
    }

    private static String param(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("");
    }

    /** The request these fields make; a 422 naming {@code headers} for a line without a colon. */
    WebhookRequest request() {
        return new WebhookRequest(Optional.of(url), Optional.of(description), Optional.of(events),
                Optional.of(split(projects)), Optional.of(split(environments)),
                format.isBlank() ? Optional.empty() : Optional.of(Format.parse(format)), Optional.of(headerLines()),
                Optional.empty(), ordering.isBlank() ? Optional.empty() : Optional.of(Ordering.parse(ordering)));
    }

    private Map<String, String> headerLines() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : headers.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Invalid("invalid_headers", "write each custom header on its own line as 'Name: value'",
                        "headers");
            }
            result.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return result;
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The form, filled with these values. An error from the service is shown above the fields and
     * marks the field it names.
     */
    Html render(Viewer viewer, String action, String submitLabel, List<EventType> catalog, Refusal refusal) {
        return Html.of("""
                {}<form method="post" action="{}" class="stack webhook-form">{}
                <label for="url">Endpoint URL</label>
                <input id="url" name="url" type="url" required maxlength="2048" value="{}" placeholder="https://example.com/webhooks"{}>
                <p class="hint">Herald POSTs each event here. It must be https:// and reachable from Herald.</p>
                <label for="description">Description <span class="optional">(optional)</span></label>
                <input id="description" name="description" maxlength="500" value="{}"{}>
                <fieldset{}><legend>Events</legend>
                <label class="check all"><input type="checkbox" name="events" value="*"{}> All events (*)</label>{}</fieldset>
                <label for="projects">Only these projects <span class="optional">(comma-separated keys; empty for all)</span></label>
                <input id="projects" name="projects" value="{}"{}>
                <label for="environments">Only these environments <span class="optional">(comma-separated keys; empty for all)</span></label>
                <input id="environments" name="environments" value="{}"{}>
                <label for="format">Format</label>
                <select id="format" name="format"{}>{}</select>
                <label for="ordering">Ordering</label>
                <select id="ordering" name="ordering"{}>{}</select>
                <p class="hint">per_subject: the events about one experiment, flag or member go one at a time, in order.</p>
                <label for="headers">Custom headers <span class="optional">(one "Name: value" per line)</span></label>
                <textarea id="headers" name="headers" rows="3"{}>{}</textarea>
                <div class="actions"><button type="submit" class="primary">{}</button>
                <a href="/dashboard/webhooks">Cancel</a></div></form>""",
                refusal.alert("The webhook was not saved."), action, Pages.csrf(viewer), url, refusal.mark("url"),
                description, refusal.mark("description"), refusal.mark("events"),
                checked(events.contains(Webhook.ALL_EVENTS)), groups(catalog), projects, refusal.mark("projects"),
                environments, refusal.mark("environments"), refusal.mark("format"), formats(), refusal.mark("ordering"),
                orderings(), refusal.mark("headers"), headers, submitLabel);
    }

    /** Event types as checkboxes, a group per domain ({@code experiment}, {@code flag}, …). */
    private Html groups(List<EventType> catalog) {
        Map<String, List<EventType>> byGroup = catalog.stream().collect(Collectors.groupingBy(
                t -> t.name().substring(0, Math.max(0, t.name().indexOf('.'))), LinkedHashMap::new, Collectors.toList()));
        return Html.join(byGroup.entrySet().stream().map(group -> Html.of(
                "<fieldset class=\"group\"><legend>{}</legend>{}</fieldset>", group.getKey(),
                Html.join(group.getValue().stream().map(type -> Html.of(
                        "<label class=\"check\" title=\"{}\"><input type=\"checkbox\" name=\"events\" value=\"{}\"{}> {}</label>",
                        type.description(), type.name(), checked(events.contains(type.name())), type.name())).toList())))
                .toList());
    }

    private Html orderings() {
        return Html.join(Arrays.stream(Ordering.values()).map(o -> Html.of("<option value=\"{}\"{}>{}</option>",
                o.wireName(), Html.when(o.wireName().equals(ordering), Html.of(" selected")), o.wireName())).toList());
    }

    private Html formats() {
        return Html.join(Arrays.stream(Format.values()).map(f -> Html.of("<option value=\"{}\"{}>{}</option>",
                f.wireName(), Html.when(f.wireName().equals(format), Html.of(" selected")), f.wireName())).toList());
    }

    private static Html checked(boolean checked) {
        return Html.when(checked, Html.of(" checked"));
    }
}
