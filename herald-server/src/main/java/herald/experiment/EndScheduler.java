package herald.experiment;

import herald.Wakeup;
import herald.cluster.Leadership;
import java.time.Clock;
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
    private static final long MAX_SLEEP_MILLIS = 60_000;

    private final Experiments experiments;
    private final Leadership leadership;
    private final Wakeup wakeup;
    private final Clock clock;
    private final Thread loop;
    private volatile boolean running = true;

    public EndScheduler(Experiments experiments, Leadership leadership, Wakeup wakeup, Clock clock) {
        this.experiments = experiments;
        this.leadership = leadership;
        this.wakeup = wakeup;
        this.clock = clock;
        this.loop = Thread.ofPlatform().name("herald-experiment-ends").unstarted(this::run);
    }

    public EndScheduler start() {
        leadership.onElected(wakeup::wake);
        loop.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                long now = clock.millis();
                if (!leadership.leads()) {
                    wakeup.awaitUntil(now + MAX_SLEEP_MILLIS); // woken when this node is elected
                    continue;
                }
                int completed = experiments.completeEnded();
                if (completed > 0) {
                    log.info("completed {} experiments at their end date", completed);
                }
                long until = experiments.nextEnd().map(end -> Math.min(end, now + MAX_SLEEP_MILLIS))
                        .orElse(now + MAX_SLEEP_MILLIS);
                wakeup.awaitUntil(until);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.error("completing ended experiments failed; retrying in 5 s", e);
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
