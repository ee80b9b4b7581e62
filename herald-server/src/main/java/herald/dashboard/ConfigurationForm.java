package herald.dashboard;

import herald.experiment.Experiment;
import herald.experiment.ExperimentRequest;
import herald.problem.Invalid;
import herald.wire.WireTime;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An experiment's editable configuration as typed: name, hypothesis, variations (names and weights;
 * keys only while a draft) and the scheduled end. It becomes the request the API's PATCH builds, so the
 * experiment service applies its own rules and emits {@code experiment.configuration.updated}.
 */
record ConfigurationForm(String name, String hypothesis, String variations, String endAt) {

    static ConfigurationForm of(Experiment e) {
        return new ConfigurationForm(e.name(), e.hypothesis(), e.variations().stream()
                .map(v -> v.key() + ", " + v.name() + ", " + String.format(Locale.ROOT, "%s", v.weight()))
                .collect(Collectors.joining("\n")), e.endAt().map(t -> Instant.ofEpochMilli(t).toString()).orElse(""));
    }

    static ConfigurationForm read(Context ctx) {
        return new ConfigurationForm(ExperimentForm.param(ctx, "name"), ExperimentForm.param(ctx, "hypothesis"),
                ExperimentForm.param(ctx, "variations"), ExperimentForm.param(ctx, "endAt"));
    }

    ExperimentRequest request() {
        List<Experiment.Variation> parsed = ExperimentForm.variations(variations);
        Optional<Long> end = Optional.empty();
        if (!endAt.isBlank()) {
            try {
                end = Optional.of(WireTime.epochMillis(endAt.strip()));
            } catch (DateTimeException e) {
                throw new Invalid("invalid_time", "the end must be a UTC time such as 2030-01-31T18:00:00Z", "endAt");
            }
        }
        return ExperimentRequest.configuration(name, hypothesis, parsed, end);
    }

    Html render(Viewer viewer, String experimentId, Refusal refusal) {
        return Html.of("""
                {}<form method="post" action="/dashboard/experiments/{}/edit" class="stack">{}
                <label for="name">Name</label><input id="name" name="name" required value="{}">
                <label for="hypothesis">Hypothesis <span class="optional">(optional)</span></label>
                <textarea id="hypothesis" name="hypothesis" rows="2">{}</textarea>
                <label for="variations">Variations <span class="optional">(one "key, name, weight" per line; keys change only while a draft)</span></label>
                <textarea id="variations" name="variations" rows="3" required>{}</textarea>
                <label for="endAt">Ends at <span class="optional">(UTC, e.g. 2030-01-31T18:00:00Z; Herald completes it then)</span></label>
                <input id="endAt" name="endAt" value="{}">
                <div class="actions"><button type="submit" class="primary">Save configuration</button>
                <a href="/dashboard/experiments/{}">Cancel</a></div></form>""",
                refusal.alert("The configuration was not saved."), experimentId, Pages.csrf(viewer), name,
                hypothesis, variations, endAt, experimentId);
    }
}
