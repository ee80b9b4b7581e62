package herald.experiment;

import java.util.Optional;

/** Which experiments a list keeps: those of one status, of one project key, both, or ({@link #ANY}) all. */
public record ExperimentFilter(Optional<Experiment.Status> status, Optional<String> project) {

    public static final ExperimentFilter ANY = new ExperimentFilter(Optional.empty(), Optional.empty());
}
