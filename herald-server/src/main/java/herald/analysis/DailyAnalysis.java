package herald.analysis;

import herald.account.AccountStore;
import herald.cluster.Leadership;
import herald.db.Database;
import herald.experiment.AnalysisReason;
import herald.experiment.Experiment;
import herald.experiment.ExperimentStore;
import herald.loop.BackgroundLoop;
import herald.loop.Wakeup;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses every running experiment once a day at a configured UTC time. The date of the last daily
 * run is kept in the database, so a Herald that was down at that time catches up when it starts.
 * In a cluster only the node that {@link Leadership#leads() leads} runs it.
 */
public final class DailyAnalysis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DailyAnalysis.class);
    static final String LAST_RUN_SETTING = "analysis_last_daily_run";

    private final Database db;
    private final ExperimentStore experiments;
    private final AccountStore settings;
    private final Analysis analysis;
    private final Leadership leadership;
    private final Wakeup elected = new Wakeup("herald_daily_analysis");
    private final LocalTime at;
    private final Clock clock;
    private final BackgroundLoop loop;

    public DailyAnalysis(Database db, ExperimentStore experiments, AccountStore settings, Analysis analysis,
                         Leadership leadership, LocalTime at, Clock clock) {
        this.db = db;
        this.experiments = experiments;
        this.settings = settings;
        this.analysis = analysis;
        this.leadership = leadership;
        this.at = at;
        this.clock = clock;
        this.loop = new BackgroundLoop("herald-daily-analysis", elected, Duration.ofMinutes(1), this::runAndWait);
    }

    public DailyAnalysis start() {
        leadership.onElected(elected::wake);
        loop.start();
        return this;
    }

    /** Runs today's analyses if their time has come and they have not run yet; returns how many ran. */
    int runIfDue() {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        if (now.toLocalTime().isBefore(at) || !leadership.leads()) {
            return 0;
        }
        boolean due = db.read(tx -> settings.setting(tx, LAST_RUN_SETTING))
                .map(last -> LocalDate.parse(last).isBefore(today)).orElse(true);
        if (!due) {
            return 0;
        }
        List<Experiment> running = db.read(experiments::running);
        for (Experiment e : running) {
            try {
                analysis.run(e.id(), AnalysisReason.SCHEDULED);
            } catch (RuntimeException failure) {
                log.error("daily analysis of {} failed", e.id(), failure);
            }
        }
        db.write(tx -> {
            settings.putSetting(tx, LAST_RUN_SETTING, today.toString());
            return null;
        });
        return running.size();
    }

    /** Runs today's analyses if due; returns the time until the next daily time (at most a minute). */
    private Duration runAndWait() {
        int ran = runIfDue();
        if (ran > 0) {
            log.info("daily analysis ran for {} experiments", ran);
        }
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        ZonedDateTime next = now.toLocalDate().atTime(at).atZone(ZoneOffset.UTC);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        Duration untilNext = Duration.between(now, next);
        return untilNext.compareTo(Duration.ofMinutes(1)) < 0 ? untilNext : Duration.ofMinutes(1);
    }

    @Override
    public void close() {
        loop.close();
    }
}
