package herald.dashboard;

import herald.experiment.Experiment;
import herald.experiment.ExperimentId;
import herald.experiment.Experiments;
import herald.http.Routes;
import herald.metric.Metric;
import herald.metric.MetricCollection;
import herald.metric.Metrics;
import herald.page.PageRequest;
import herald.problem.Invalid;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment's metrics on its page: each metric and collection with a Remove button, and a choice
 * of the account's others to add. The changes go to the experiment service as the API's
 * {@code POST /v1/experiments/{id}/metrics} and {@code DELETE …/metrics/{key}} do, so they follow the
 * same rules (not once completed, no duplicates) and emit {@code experiment.metric.updated}.
 */
public final class MetricsSection implements Routes {

    /** The account's metrics and collections offered to add; more than a form's list can sensibly hold. */
    static final int CHOICES = 500;
    private static final String METRIC = "metric:";
    private static final String COLLECTION = "collection:";

    private final Experiments experiments;
    private final Metrics metrics;
    private final Pages pages;

    public MetricsSection(Experiments experiments, Metrics metrics, Pages pages) {
        this.experiments = experiments;
        this.metrics = metrics;
        this.pages = pages;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/dashboard/experiments/{id}/metrics", pages.change(this::add));
        routes.post("/dashboard/experiments/{id}/metrics/remove", pages.change((ctx, v) -> {
            Experiment e = experiments.removeMetric(v.caller(), new ExperimentId(ctx.pathParam("id")), ExperimentForm.param(ctx, "key"));
            WebhookPages.back(ctx, "/dashboard/experiments/" + e.id(), "metric-removed");
        }));
    }

    /** The choice is {@code metric:<key>} or {@code collection:<key>}, as the list offered it. */
    private void add(Context ctx, Viewer viewer) {
        String choice = ExperimentForm.param(ctx, "metric");
        ExperimentId id = new ExperimentId(ctx.pathParam("id"));
        Experiment e;
        if (choice.startsWith(METRIC)) {
            e = experiments.addMetric(viewer.caller(), id, choice.substring(METRIC.length()));
        } else if (choice.startsWith(COLLECTION)) {
            e = experiments.addCollection(viewer.caller(), id, choice.substring(COLLECTION.length()));
        } else {
            throw new Invalid("invalid_metrics", "choose a metric or a collection to add", "metric");
        }
        WebhookPages.back(ctx, "/dashboard/experiments/" + e.id(), "metric-added");
    }

    /** The section for an experiment's page; read-only once the experiment is completed. */
    Html render(Viewer viewer, Experiment e) {
        boolean open = e.status() != Experiment.Status.COMPLETED;
        List<Html> rows = new ArrayList<>();
        e.metrics().forEach(key -> rows.add(row(viewer, e, key, "metric", open)));
        e.collections().forEach(key -> rows.add(row(viewer, e, key, "collection", open)));
        Html table = rows.isEmpty() ? Html.of("<div class=\"empty\"><p>No metrics yet: results need at least one.</p></div>")
                : Html.of("""
                        <div class="table-wrap"><table class="metrics"><caption class="sr-only">Metrics of this experiment</caption>
                        <thead><tr><th scope="col">Key</th><th scope="col">Kind</th>{}</tr></thead><tbody>{}</tbody></table></div>""",
                        Html.when(open, Html.of("<th scope=\"col\"><span class=\"sr-only\">Remove</span></th>")),
                        Html.join(rows));
        return Html.of("""
                <section aria-labelledby="metrics-heading"><h2 id="metrics-heading">Metrics</h2>{}{}</section>""",
                table, open ? addForm(viewer, e) : Html.of("<p class=\"muted\">A completed experiment's metrics stay as they were.</p>"));
    }

    private static Html row(Viewer viewer, Experiment e, String key, String kind, boolean open) {
        return Html.of("<tr><td><code>{}</code></td><td>{}</td>{}</tr>", key, kind, Html.when(open, Html.of("""
                <td><form method="post" action="/dashboard/experiments/{}/metrics/remove" class="inline">{}
                <input type="hidden" name="key" value="{}"><button type="submit" class="small danger"
                aria-label="Remove {} {}">Remove</button></form></td>""", e.id(), Pages.csrf(viewer), key, kind, key)));
    }

    private Html addForm(Viewer viewer, Experiment e) {
        List<Html> options = new ArrayList<>();
        metrics.list(viewer.account(), PageRequest.first(CHOICES)).stream().map(Metric::key)
                .filter(key -> !e.metrics().contains(key))
                .forEach(key -> options.add(Html.of("<option value=\"{}\">{}</option>", METRIC + key, key)));
        List<Html> groups = new ArrayList<>();
        if (!options.isEmpty()) {
            groups.add(Html.of("<optgroup label=\"Metrics\">{}</optgroup>", Html.join(options)));
        }
        List<Html> collections = metrics.listCollections(viewer.account(), PageRequest.first(CHOICES)).stream()
                .map(MetricCollection::key).filter(key -> !e.collections().contains(key))
                .map(key -> Html.of("<option value=\"{}\">{} (collection)</option>", COLLECTION + key, key)).toList();
        if (!collections.isEmpty()) {
            groups.add(Html.of("<optgroup label=\"Collections\">{}</optgroup>", Html.join(collections)));
        }
        if (groups.isEmpty()) {
            return Html.of("<p class=\"muted\">Every metric and collection of the account is on this experiment;"
                    + " create more with <code>POST /v1/metrics</code>.</p>");
        }
        return Html.of("""
                <form method="post" action="/dashboard/experiments/{}/metrics" class="filters">{}
                <label for="add-metric">Add</label><select id="add-metric" name="metric">{}</select>
                <button type="submit">Add metric</button></form>""", e.id(), Pages.csrf(viewer), Html.join(groups));
    }
}
