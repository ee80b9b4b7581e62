package herald.dashboard;

import herald.experiment.Experiment;
import herald.problem.Problem;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Cloning an experiment, as typed: a new key and name, each optional. Left blank, the service picks
 * what the API does without them: the first free {@code <key>-copy} and "{@code <name>} (copy)".
 */
record CloneForm(String key, String name) {

    static CloneForm blank() {
        return new CloneForm("", "");
    }

    static CloneForm read(Context ctx) {
        return new CloneForm(ExperimentForm.param(ctx, "key").strip(), ExperimentForm.param(ctx, "name").strip());
    }

    Optional<String> newKey() {
        return Optional.of(key).filter(k -> !k.isEmpty());
    }

    Optional<String> newName() {
        return Optional.of(name).filter(n -> !n.isEmpty());
    }

    Html render(Viewer viewer, Experiment source, Optional<Problem> error) {
        return Html.of("""
                {}<p>The copy is a new draft with this experiment's project, hypothesis, variations, metrics, targeting,
                schedule and analysis settings. Its assignments, conversions and results start empty.</p>
                <form method="post" action="/dashboard/experiments/{}/clone" class="stack">{}
                <label for="name">Name <span class="optional">(blank: "{} (copy)")</span></label>
                <input id="name" name="name" value="{}"{}>
                <label for="key">Key <span class="optional">(blank: the first free "{}-copy"; letters, digits, ., - and _)</span></label>
                <input id="key" name="key" value="{}"{}>
                <div class="actions"><button type="submit" class="primary">Clone as draft</button>
                <a href="/dashboard/experiments/{}">Cancel</a></div></form>""",
                error.map(e -> Html.of("<div class=\"error\" role=\"alert\" id=\"form-error\"><strong>The experiment"
                        + " was not cloned.</strong> {}</div>", e.getMessage())),
                source.id(), Pages.csrf(viewer), source.name(), name, invalid(error, "name"), source.key(), key,
                invalid(error, "key"), source.id());
    }

    /** Marks the field the refusal names, so a screen reader and the eye find it. */
    private static Html invalid(Optional<Problem> error, String field) {
        return Html.when(error.flatMap(Problem::field).filter(field::equals).isPresent(),
                Html.of(" aria-invalid=\"true\" aria-describedby=\"form-error\""));
    }
}
