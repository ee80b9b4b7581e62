package herald.experiment;

import herald.cluster.Leadership;
import herald.loop.BackgroundLoop;
import herald.loop.Wakeup;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes running experiments at their end date ({@code experiment.completed}). It sleeps until
 * the earliest end date, or until woken because one changed (an experiment started, resumed or got
 * a new {@code endAt}); on start it first catches up on every end date that passed while Herald was
 * down. In a cluster only the node that {@link Leadership#leads() leads} completes experiments; the
 * others wait, and take over when elected.
 */
public final class EndScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndScheduler.class);
    private static final Duration MAX_SLEEP = Duration.ofMinutes(1);

    private final Experiments experiments;
    private final Leadership leadership;
    private final Wakeup wakeup;
    private final Clock clock;
    private final BackgroundLoop loop;

    public EndScheduler(Experiments experiments, Leadership leadership, Wakeup wakeup, Clock clock) {
        this.experiments = experiments;
        this.leadership = leadership;
        this.wakeup = wakeup;
        this.clock = clock;
        this.loop = new BackgroundLoop("herald-experiment-ends", wakeup, Duration.ofSeconds(5), this::completeDue);
    }

    public EndScheduler start() {
        leadership.onElected(wakeup::wake);
        loop.start();
        return this;
    }

    /** Completes what has ended; returns the time until the next end date (at most a minute). */
    private Duration completeDue() {
        if (!leadership.leads()) {
            return MAX_SLEEP; // woken when this node is elected
        }
        int completed = experiments.completeEnded();
        if (completed > 0) {
            log.info("completed {} experiments at their end date", completed);
        }
        long now = clock.millis();
        return experiments.nextEnd().map(end -> Duration.ofMillis(Math.max(0, end - now)))
                .filter(untilEnd -> untilEnd.compareTo(MAX_SLEEP) < 0).orElse(MAX_SLEEP);
    }

    @Override
    public void close() {
        loop.close();
    }
}
