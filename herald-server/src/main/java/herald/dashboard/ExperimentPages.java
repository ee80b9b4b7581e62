package herald.dashboard;

import herald.analysis.Analysis;
import herald.analysis.Comparison;
import herald.analysis.Results;
import herald.event.Event;
import herald.event.Events;
import herald.experiment.AnalysisReason;
import herald.experiment.Experiment;
import herald.experiment.ExperimentFilter;
import herald.experiment.ExperimentId;
import herald.experiment.Experiments;
import herald.experiment.Lifecycle;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.problem.Problem;
import herald.project.Project;
import herald.project.Projects;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * Experiments: the list, creating one, cloning one, moving it through its life, its configuration
 * and metrics ({@link MetricsSection}), its latest results (lift with its interval, standard error,
 * degrees of freedom, raw and adjusted p-values or the Bayesian chance to win and risks,
 * significance, CUPED per metric, the traffic-imbalance check) and the events it emitted.
 */
public final class ExperimentPages implements Routes {

    static final int LIST_LIMIT = 200;
    static final int EVENT_LOG_LIMIT = 100;
    private static final List<Lifecycle> MOVES = List.of(Lifecycle.START, Lifecycle.PAUSE, Lifecycle.RESUME,
            Lifecycle.STOP);

    private final Experiments experiments;
    private final Projects projects;
    private final Analysis analysis;
    private final Events events;
    private final MetricsSection metrics;
    private final Pages pages;

    public ExperimentPages(Experiments experiments, Projects projects, Analysis analysis, Events events,
                           MetricsSection metrics, Pages pages) {
        this.experiments = experiments;
        this.projects = projects;
        this.analysis = analysis;
        this.events = events;
        this.metrics = metrics;
        this.pages = pages;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/dashboard/experiments", pages.view(this::list));
        routes.get("/dashboard/experiments/new", pages.view((ctx, v) -> form(ctx, v, ExperimentForm.blank(),
                Refusal.NONE)));
        routes.post("/dashboard/experiments", pages.change(this::create));
        routes.get("/dashboard/experiments/{id}", pages.view(this::detail));
        routes.get("/dashboard/experiments/{id}/edit", pages.view((ctx, v) -> {
            Experiment e = experiments.find(v.caller(), new ExperimentId(ctx.pathParam("id")));
            configuration(ctx, v, e, ConfigurationForm.of(e), Refusal.NONE);
        }));
        routes.post("/dashboard/experiments/{id}/edit", pages.change(this::configure));
        routes.get("/dashboard/experiments/{id}/clone", pages.view((ctx, v) ->
                cloning(ctx, v, experiments.find(v.caller(), new ExperimentId(ctx.pathParam("id"))), CloneForm.blank(), Refusal.NONE)));
        routes.post("/dashboard/experiments/{id}/clone", pages.change(this::cloneOf));
        for (Lifecycle move : MOVES) {
            routes.post("/dashboard/experiments/{id}/" + verb(move), pages.change((ctx, v) -> {
                experiments.move(v.caller(), new ExperimentId(ctx.pathParam("id")), move);
                WebhookPages.back(ctx, "/dashboard/experiments/" + ctx.pathParam("id"), "moved");
            }));
        }
        routes.post("/dashboard/experiments/{id}/analyze", pages.change((ctx, v) -> {
            Experiment e = experiments.find(v.caller(), new ExperimentId(ctx.pathParam("id")));
            analysis.run(e.id(), AnalysisReason.MANUAL);
            WebhookPages.back(ctx, "/dashboard/experiments/" + e.id(), "analyzed");
        }));
    }

    private static String verb(Lifecycle move) {
        return move.wireName();
    }

    private void list(Context ctx, Viewer viewer) {
        List<Experiment> all = experiments.list(viewer.caller(), ExperimentFilter.ANY, PageRequest.first(LIST_LIMIT));
        Html body = all.isEmpty()
                ? Html.of("""
                        <div class="empty"><h2>No experiments yet</h2><p>Create one as a draft, then start it when it is
                        ready. Every change notifies the webhooks subscribed to it.</p></div>""")
                : Html.of("""
                        <div class="table-wrap"><table><caption class="sr-only">Experiments</caption><thead><tr>
                        <th scope="col">Experiment</th><th scope="col">Status</th><th scope="col">Project</th>
                        <th scope="col">Variations</th><th scope="col">Created</th></tr></thead><tbody>{}</tbody></table></div>""",
                        Html.join(all.stream().map(e -> Html.of("""
                                <tr><td><a href="/dashboard/experiments/{}">{}</a><div class="muted"><code>{}</code></div></td>
                                <td>{}</td><td>{} / {}</td><td class="num">{}</td><td>{}</td></tr>""",
                                e.id(), e.name(), e.key(), status(e.status()), e.project(), e.environment(),
                                e.variations().size(), Pages.time(e.createdAt()))).toList()));
        pages.render(ctx, 200, viewer, "Experiments", Pages.Section.EXPERIMENTS, Html.of("""
                <div class="heading"><h1>Experiments</h1><a class="button primary" href="/dashboard/experiments/new">+ New experiment</a></div>
                {}""", body));
    }

    static Html status(Experiment.Status status) {
        String style = switch (status) {
            case RUNNING -> "ok";
            case PAUSED -> "warn";
            case DRAFT, COMPLETED -> "off";
        };
        return Html.of("<span class=\"badge {}\">{}</span>", style, status.wireName());
    }

    private void form(Context ctx, Viewer viewer, ExperimentForm form, Refusal refusal) {
        List<Project> known = projects.list(viewer.account(), PageRequest.first(500));
        pages.render(ctx, refusal.status(), viewer, "New experiment",
                Pages.Section.EXPERIMENTS, Html.of("<h1>New experiment</h1>{}", form.render(viewer, known, refusal)));
    }

    private void create(Context ctx, Viewer viewer) {
        ExperimentForm form = ExperimentForm.read(ctx);
        try {
            Experiment created = experiments.create(viewer.caller(), form.request());
            WebhookPages.back(ctx, "/dashboard/experiments/" + created.id(), "experiment");
        } catch (Problem refused) {
            form(ctx, viewer, form, Refusal.of(refused));
        }
    }

    private void configuration(Context ctx, Viewer viewer, Experiment e, ConfigurationForm form,
                               Refusal refusal) {
        pages.render(ctx, refusal.status(), viewer, "Edit " + e.name(),
                Pages.Section.EXPERIMENTS, Html.of("<p class=\"crumbs\"><a href=\"/dashboard/experiments/{}\">{}</a> ›</p>"
                        + "<h1>Edit configuration</h1>{}", e.id(), e.name(), form.render(viewer, e.id().value(), refusal)));
    }

    private void configure(Context ctx, Viewer viewer) {
        Experiment e = experiments.find(viewer.caller(), new ExperimentId(ctx.pathParam("id")));
        ConfigurationForm form = ConfigurationForm.read(ctx);
        try {
            experiments.configure(viewer.caller(), e.id(), form.request());
            WebhookPages.back(ctx, "/dashboard/experiments/" + e.id(), "updated");
        } catch (Problem refused) {
            configuration(ctx, viewer, e, form, Refusal.of(refused));
        }
    }

    private void cloning(Context ctx, Viewer viewer, Experiment source, CloneForm form, Refusal refusal) {
        pages.render(ctx, refusal.status(), viewer, "Clone " + source.name(),
                Pages.Section.EXPERIMENTS, Html.of("<p class=\"crumbs\"><a href=\"/dashboard/experiments/{}\">{}</a> ›</p>"
                        + "<h1>Clone experiment</h1>{}", source.id(), source.name(), form.render(viewer, source, refusal)));
    }

    private void cloneOf(Context ctx, Viewer viewer) {
        Experiment source = experiments.find(viewer.caller(), new ExperimentId(ctx.pathParam("id")));
        CloneForm form = CloneForm.read(ctx);
        try {
            Experiment copy = experiments.cloneOf(viewer.caller(), source.id(), form.request());
            WebhookPages.back(ctx, "/dashboard/experiments/" + copy.id(), "cloned");
        } catch (Problem refused) {
            cloning(ctx, viewer, source, form, Refusal.of(refused));
        }
    }

    private void detail(Context ctx, Viewer viewer) {
        Experiment e = experiments.find(viewer.caller(), new ExperimentId(ctx.pathParam("id")));
        String base = "/dashboard/experiments/" + e.id();
        Html moves = Html.join(MOVES.stream().filter(m -> m.allowedFrom(e.status())).map(m -> Pages.button(viewer,
                base + "/" + verb(m), label(m), m == Lifecycle.STOP ? "danger" : "primary")).toList());
        Html edit = Html.of("{}<a class=\"button\" href=\"{}/clone\">Clone…</a>", Html.when(
                e.status() != Experiment.Status.COMPLETED,
                Html.of("<a class=\"button\" href=\"{}/edit\">Edit configuration</a>", base)), base);
        Html variations = Html.join(e.variations().stream().map(v -> Html.of(
                "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td></tr>", v.name(), v.key(),
                String.format(Locale.ROOT, "%.4g", v.weight()))).toList());
        pages.render(ctx, 200, viewer, e.name(), Pages.Section.EXPERIMENTS, Html.of("""
                <p class="crumbs"><a href="/dashboard/experiments">Experiments</a> ›</p>
                <div class="heading"><h1>{}</h1>{}</div><div class="actions">{}{}</div>
                <section aria-labelledby="config-heading"><h2 id="config-heading">Configuration</h2>
                <dl class="facts"><dt>Key</dt><dd><code>{}</code></dd><dt>Project</dt><dd>{} / {}</dd>
                <dt>Hypothesis</dt><dd>{}</dd><dt>Window</dt><dd>{} → {}</dd>
                <dt>Analysis</dt><dd>{}, α = {}, at least {} units per variation, {}</dd><dt>Id</dt><dd><code>{}</code></dd></dl>
                <div class="table-wrap"><table><caption>Variations (the first is the control)</caption><thead><tr>
                <th scope="col">Name</th><th scope="col">Key</th><th scope="col" class="num">Weight</th></tr></thead>
                <tbody>{}</tbody></table></div></section>{}
                <section aria-labelledby="results-heading"><div class="heading"><h2 id="results-heading">Results</h2>{}</div>{}</section>
                <section aria-labelledby="log-heading"><h2 id="log-heading">Event log</h2>{}</section>""",
                e.name(), status(e.status()), moves, edit, e.key(), e.project(), e.environment(),
                e.hypothesis().isEmpty() ? "—" : e.hypothesis(), e.startAt().map(Pages::time).orElse(Pages.NO_TIME),
                e.endAt().map(Pages::time).orElse(Pages.NO_TIME), e.settings().method().wireName(), e.settings().alpha(), e.settings().minUnits(), analysisSettings(e),
                e.id(),
                variations, metrics.render(viewer, e), Pages.button(viewer, base + "/analyze", "Recompute results", ""),
                analysis.latest(viewer.account().id(), e.id()).map(r -> results(e, r))
                        .orElse(NO_RESULTS),
                eventLog(events.aboutExperiment(viewer.account(), e.id().value(), EVENT_LOG_LIMIT))));
    }

    /** Correction, prior and CUPED lookback, in words. */
    private static String analysisSettings(Experiment e) {
        Experiment.Settings s = e.settings();
        String prior = s.prior().map(p -> String.format(Locale.ROOT, "prior N(%s, %s²) on the lift", p.mean(), p.stdDev()))
                .orElse("flat prior");
        return (s.bayesian() ? prior : "correction: " + s.correction()) + ", CUPED "
                + (s.cupedLookbackDays() == 0 ? "off" : "over " + s.cupedLookbackDays() + " days before assignment");
    }

    private static String label(Lifecycle move) {
        return switch (move) {
            case START -> "Start";
            case PAUSE -> "Pause";
            case RESUME -> "Resume";
            case STOP, COMPLETE -> "Stop";
        };
    }

    private static final Html NO_RESULTS = Html.of("<div class=\"empty\"><p>No results yet. Results appear once"
            + " assignments and conversions have been sent to Herald and an analysis has run.</p></div>");

    /** The latest successful run's results. */
    static Html results(Experiment e, Results r) {
        Html srm = r.srm().imbalanced()
                ? Html.of("<p class=\"warning\" role=\"alert\"><strong>Traffic imbalance.</strong> The units per"
                        + " variation do not match the configured weights (sample-ratio check p = {}). Something may"
                        + " be wrong with assignment; treat these results with caution.</p>", p(r.srm().pValue()))
                : Html.of("<p class=\"muted\">Traffic split matches the weights (sample-ratio check p = {}).</p>",
                        p(r.srm().pValue()));
        Html units = Html.join(r.variations().stream().map(v -> Html.of("<li><code>{}</code>: {} units</li>",
                v.key(), v.units())).toList());
        Html comparisons = r.comparisons().isEmpty() ? Html.of("<p class=\"muted\">No metric to compare yet.</p>")
                : Html.of("""
                        {}<div class="table-wrap"><table><caption class="sr-only">Comparisons against control</caption><thead><tr>
                        <th scope="col">Variation</th><th scope="col">Metric</th><th scope="col" class="num">Lift</th>
                        <th scope="col">{}</th><th scope="col" class="num">Standard error</th>
                        <th scope="col" class="num">Degrees of freedom</th>{}
                        <th scope="col">Significant</th></tr></thead><tbody>{}</tbody></table></div>""",
                        Charts.lift("lift-" + e.id(), r.comparisons()),
                        bayesian(r) ? "Credible interval" : "Confidence interval",
                        bayesian(r) ? Html.of("""
                                <th scope="col" class="num">Chance to win</th><th scope="col" class="num">Risk of control</th>
                                <th scope="col" class="num">Risk of variation</th>""")
                                : Html.of("<th scope=\"col\" class=\"num\">p-value</th>{}", corrected(r)
                                        ? Html.of("<th scope=\"col\" class=\"num\">Adjusted p ({})</th>", r.correction())
                                        : Html.EMPTY),
                        Html.join(r.comparisons().stream().map(c -> Html.of("""
                                <tr><td><code>{}</code></td><td><code>{}</code></td><td class="num">{}</td><td>{}</td>
                                <td class="num">{}</td><td class="num">{}</td>{}<td>{}</td></tr>""",
                                c.variation(), c.metric(),
                                c.relativeLift() == null ? "—" : Charts.percent(c.relativeLift()),
                                c.ciLow() == null || c.ciHigh() == null ? "—"
                                        : Charts.percent(c.ciLow()) + " to " + Charts.percent(c.ciHigh()),
                                c.standardError() == null ? "—" : share(c.standardError()),
                                c.degreesOfFreedom() == null ? "—"
                                        : String.format(Locale.ROOT, "%.1f", c.degreesOfFreedom()),
                                figures(r, c),
                                c.significant() ? Html.of("<span class=\"badge ok\">significant</span>")
                                        : Html.of("<span class=\"badge off\">not yet</span>"))).toList()));
        return Html.of("""
                <p>As of {} ({} analysis{}, computed because: {}), {} units in all.</p>{}<ul class="units">{}</ul>{}{}""",
                r.asOfDate(), r.method(), corrected(r) ? ", " + r.correction() + " correction" : "", r.computeReason(),
                r.totalUnits(), srm, units, comparisons, cuped(r));
    }

    private static boolean bayesian(Results r) {
        return "bayesian".equals(r.method());
    }

    private static boolean corrected(Results r) {
        return r.correction() != null && !r.correction().equals("none");
    }

    /** The method's own cells: p-values, or the Bayesian chance to win and risks. */
    private static Html figures(Results r, Comparison c) {
        if (bayesian(r)) {
            return Html.of("<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                    c.chanceToWin() == null ? "—" : share(c.chanceToWin()),
                    c.riskControl() == null ? "—" : share(c.riskControl()),
                    c.riskTreatment() == null ? "—" : share(c.riskTreatment()));
        }
        Html raw = Html.of("<td class=\"num\">{}</td>", c.pValue() == null ? "—" : p(c.pValue()));
        return corrected(r) ? Html.of("{}<td class=\"num\">{}</td>", raw,
                c.adjustedPValue() == null ? "—" : p(c.adjustedPValue())) : raw;
    }

    /** Per metric, whether CUPED adjusted it and by how much it reduced the variance. */
    private static Html cuped(Results r) {
        List<Html> lines = r.metrics().stream().filter(m -> m.cuped() != null).map(m -> m.cuped().applied()
                ? Html.of("<li><code>{}</code>: CUPED applied, θ = {}, variance reduced by {}</li>", m.metric(),
                        String.format(Locale.ROOT, "%.4g", m.cuped().theta()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * m.cuped().varianceReduction()))
                : Html.of("<li><code>{}</code>: CUPED not applied (no pre-period data that varies)</li>", m.metric()))
                .toList();
        return lines.isEmpty() ? Html.EMPTY : Html.of("<ul class=\"cuped\">{}</ul>", Html.join(lines));
    }

    /** A share of the control's mean or a probability, as a percentage to two decimals. */
    private static String share(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String p(double value) {
        return value < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static Html eventLog(List<Event> log) {
        if (log.isEmpty()) {
            return Html.of("<div class=\"empty\"><p>No events yet.</p></div>");
        }
        return Html.of("""
                <div class="table-wrap"><table class="events"><caption class="sr-only">Events, newest first</caption><thead><tr>
                <th scope="col">Time</th><th scope="col">Event</th><th scope="col">Data</th></tr></thead><tbody>{}</tbody></table></div>""",
                Html.join(log.stream().map(ev -> Html.of("""
                        <tr><td>{}</td><td><code>{}</code></td><td><details><summary>data</summary><pre class="body">{}</pre></details></td></tr>""",
                        Pages.time(ev.createdAt()), ev.type(), ev.data())).toList()));
    }
}
