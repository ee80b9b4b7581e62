package herald.settings;

import com.fasterxml.jackson.databind.JsonNode;
import herald.experiment.Experiment;
import herald.flag.Flag;
import java.util.List;

/**
 * What the SDKs of one project environment fetch: its running experiments and its flags, at a version.
 *
 * @param version the number of {@code settings.changed} events emitted for this environment so far
 * @param path    where the document is served, as {@code settings.changed} names it
 */
record SettingsDocument(String projectId, String project, String environment, long version, String path,
                        List<ExperimentSettings> experiments, List<FlagSettings> flags) {

    /** A running experiment as SDKs bucket users into it. */
    record ExperimentSettings(String id, String key, String name, List<Experiment.Variation> variations,
                              JsonNode targeting, List<String> metrics, List<String> collections) {
        static ExperimentSettings of(Experiment e) {
            return new ExperimentSettings(e.id().value(), e.key(), e.name(), e.variations(), e.targeting(), e.metrics(),
                    e.collections());
        }
    }

    /** A flag of this environment; {@code environment} is null for a flag of every environment of the project. */
    record FlagSettings(String id, String key, String name, String environment) {
        static FlagSettings of(Flag f) {
            return new FlagSettings(f.id().value(), f.key(), f.name(), f.environment().orElse(null));
        }
    }
}
