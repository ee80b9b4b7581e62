package herald.analysis;

import herald.experiment.AnalysisReason;
import herald.experiment.ExperimentId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs analyses that changes ask for (a status change, new cost data, a new window) in the
 * background, one at a time, so the change's request does not wait for them. Requests for an
 * experiment already waiting merge into one, which bounds the queue by the number of experiments.
 * A request lost in a crash is made up by the next daily run.
 */
public final class AnalysisQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalysisQueue.class);

    private final Analysis analysis;
    private final Map<ExperimentId, AnalysisReason> waiting = new LinkedHashMap<>();
    private final Thread worker;
    private volatile boolean running = true;

    public AnalysisQueue(Analysis analysis) {
        this.analysis = analysis;
        this.worker = Thread.ofPlatform().name("herald-analysis").start(this::run);
    }

    /** Asks for a run of the experiment; merged with one already waiting. */
    public void request(ExperimentId experimentId, AnalysisReason reason) {
        synchronized (waiting) {
            waiting.putIfAbsent(experimentId, reason);
            waiting.notifyAll();
        }
    }

    private void run() {
        while (running) {
            Map.Entry<ExperimentId, AnalysisReason> next;
            synchronized (waiting) {
                while (waiting.isEmpty() && running) {
                    try {
                        waiting.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) {
                    return;
                }
                var it = waiting.entrySet().iterator();
                var first = it.next();
                next = Map.entry(first.getKey(), first.getValue());
                it.remove();
            }
            try {
                analysis.run(next.getKey(), next.getValue());
            } catch (RuntimeException e) {
                log.error("analysis of {} ({}) failed", next.getKey(), next.getValue().wireName(), e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
