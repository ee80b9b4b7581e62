package herald.dashboard;

import herald.experiment.CloneRequest;
import herald.experiment.Experiment;
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

    /** The clone as the service takes it: a blank field is one not given. */
    CloneRequest request() {
        return new CloneRequest(Optional.of(key).filter(k -> !k.isEmpty()), Optional.of(name).filter(n -> !n.isEmpty()));
    }

    Html render(Viewer viewer, Experiment source, Refusal refusal) {
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
                refusal.alert("The experiment was not cloned."), source.id(), Pages.csrf(viewer), source.name(), name,
                refusal.mark("name"), source.key(), key, refusal.mark("key"), source.id());
    }
}
