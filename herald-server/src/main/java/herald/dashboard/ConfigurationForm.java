package herald.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.experiment.Experiment;
import herald.http.JsonBody;
import herald.problem.Invalid;
import herald.problem.Problem;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An experiment's editable configuration as typed: name, hypothesis, variations (names and weights;
 * keys only while a draft) and the scheduled end. It becomes the API's PATCH body, so the experiment
 * service applies its own rules and emits {@code experiment.configuration.updated}.
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

    JsonBody body(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode().put("name", name).put("hypothesis", hypothesis);
        ExperimentForm.putVariations(node.putArray("variations"), variations);
        if (!endAt.isBlank()) {
            try {
                node.put("endAt", Instant.parse(endAt.strip()).toString());
            } catch (DateTimeParseException e) {
                throw new Invalid("invalid_time", "the end must be a UTC time such as 2030-01-31T18:00:00Z", "endAt");
            }
        }
        return JsonBody.of(node);
    }

    Html render(Viewer viewer, String experimentId, Optional<Problem> error) {
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
                error.map(e -> Html.of("<div class=\"error\" role=\"alert\" id=\"form-error\"><strong>The configuration"
                        + " was not saved.</strong> {}</div>", e.getMessage())), experimentId, Pages.csrf(viewer), name,
                hypothesis, variations, endAt, experimentId);
    }
}
