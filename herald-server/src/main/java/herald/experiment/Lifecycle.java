package herald.experiment;

import herald.experiment.Experiment.Status;
import herald.wire.WireName;
import java.util.Set;

/**
 * The experiment state machine: each move, the states it may start from, where it leads, and the
 * event that announces it (besides {@code experiment.status.updated}, which every move emits).
 */
public enum Lifecycle implements WireName {
    START(Set.of(Status.DRAFT), Status.RUNNING, "experiment.started"),
    PAUSE(Set.of(Status.RUNNING), Status.PAUSED, "experiment.paused"),
    RESUME(Set.of(Status.PAUSED), Status.RUNNING, "experiment.resumed"),
    /** A user completes it by hand. */
    STOP(Set.of(Status.RUNNING, Status.PAUSED), Status.COMPLETED, "experiment.stopped"),
    /** Herald completes it at its end date. */
    COMPLETE(Set.of(Status.RUNNING), Status.COMPLETED, "experiment.completed");

    private final Set<Status> from;
    private final Status to;
    private final String eventType;

    Lifecycle(Set<Status> from, Status to, String eventType) {
        this.from = from;
        this.to = to;
        this.eventType = eventType;
    }

    public boolean allowedFrom(Status status) {
        return from.contains(status);
    }

    public Status to() {
        return to;
    }

    public String eventType() {
        return eventType;
    }
}
