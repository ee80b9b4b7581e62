package herald.experiment;

import herald.account.Caller;
import java.util.Optional;

/**
 * What an experiment change came from, as its events report it: an API call, with the actor its key
 * names when it names one, or the scheduler, which acts for no one.
 */
record Origin(Optional<String> actor, String triggeredBy) {

    /** The scheduler completing an experiment whose end has passed. */
    static final Origin SCHEDULER = new Origin(Optional.empty(), "scheduler");

    static Origin of(Caller caller) {
        return new Origin(caller.actor(), "api");
    }
}
