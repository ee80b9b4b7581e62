package herald.dashboard;

import herald.experiment.Experiment;
import herald.experiment.ExperimentRequest;
import herald.problem.Invalid;
import herald.project.Project;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The new-experiment form as typed; variations one {@code key, name, weight} per line. */
record ExperimentForm(String key, String name, String project, String environment, String hypothesis,
                      String variations, String metrics) {

    static ExperimentForm blank() {
        return new ExperimentForm("", "", "", "production", "", "control, Control, 50\ntreatment, Treatment, 50", "");
    }

    static ExperimentForm read(Context ctx) {
        return new ExperimentForm(param(ctx, "key"), param(ctx, "name"), param(ctx, "project"),
                param(ctx, "environment"), param(ctx, "hypothesis"), param(ctx, "variations"), param(ctx, "metrics"));
    }

    ExperimentRequest request() {
        return ExperimentRequest.draft(key, name, project, environment.isBlank() ? "production" : environment,
                hypothesis, variations(variations),
                Arrays.stream(metrics.split(",")).map(String::strip).filter(m -> !m.isEmpty()).toList());
    }

    /** Reads variation lines ({@code key, name, weight}) into variations. */
    static List<Experiment.Variation> variations(String lines) {
        List<Experiment.Variation> variations = new ArrayList<>();
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",");
            if (parts.length != 3) {
                throw new Invalid("invalid_variations", "write each variation on its own line as"
                        + " 'key, name, weight'", "variations");
            }
            try {
                variations.add(new Experiment.Variation(parts[0].strip(), parts[1].strip(),
                        Double.parseDouble(parts[2].strip())));
            } catch (NumberFormatException e) {
                throw new Invalid("invalid_variations", "a variation's weight must be a number, not '"
                        + parts[2].strip() + "'", "variations");
            }
        }
        return variations;
    }

    static String param(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("");
    }

    Html render(Viewer viewer, List<Project> known, Refusal refusal) {
        Html alert = refusal.alert("The experiment was not created.");
        if (known.isEmpty()) {
            return Html.of("<div class=\"empty\"><h2>No project yet</h2><p>An experiment belongs to a project."
                    + " Create one with <code>POST /v1/projects</code>, then come back.</p></div>");
        }
        Html options = Html.join(known.stream().map(p -> Html.of("<option value=\"{}\"{}>{}</option>", p.key(),
                Html.when(p.key().equals(project), Html.of(" selected")), p.name() + " (" + p.key() + ")")).toList());
        return Html.of("""
                {}<form method="post" action="/dashboard/experiments" class="stack">{}
                <label for="name">Name</label><input id="name" name="name" required value="{}">
                <label for="key">Key <span class="optional">(letters, digits, - and _; unique in the account)</span></label>
                <input id="key" name="key" required value="{}">
                <label for="project">Project</label><select id="project" name="project">{}</select>
                <label for="environment">Environment</label><input id="environment" name="environment" value="{}">
                <label for="hypothesis">Hypothesis <span class="optional">(optional)</span></label>
                <textarea id="hypothesis" name="hypothesis" rows="2">{}</textarea>
                <label for="variations">Variations <span class="optional">(one "key, name, weight" per line; the first is the control)</span></label>
                <textarea id="variations" name="variations" rows="3" required>{}</textarea>
                <label for="metrics">Metrics <span class="optional">(comma-separated metric keys)</span></label>
                <input id="metrics" name="metrics" value="{}">
                <div class="actions"><button type="submit" class="primary">Create draft</button>
                <a href="/dashboard/experiments">Cancel</a></div></form>""",
                alert, Pages.csrf(viewer), name, key, options, environment, hypothesis, variations, metrics);
    }
}
