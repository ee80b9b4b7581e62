package herald.analysis;

import herald.Wakeup;
import herald.account.AccountStore;
import herald.cluster.Leadership;
import herald.db.Database;
import herald.experiment.Experiment;
import herald.experiment.ExperimentStore;
import java.time.Clock;
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
    private final Thread loop;
    private volatile boolean running = true;

    public DailyAnalysis(Database db, ExperimentStore experiments, AccountStore settings, Analysis analysis,
                         Leadership leadership, LocalTime at, Clock clock) {
        this.db = db;
        this.experiments = experiments;
        this.settings = settings;
        this.analysis = analysis;
        this.leadership = leadership;
        this.at = at;
        this.clock = clock;
        this.loop = Thread.ofPlatform().name("herald-daily-analysis").unstarted(this::run);
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
                analysis.run(e.id(), Analysis.Reason.SCHEDULED);
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

    private void run() {
        while (running) {
            try {
                int ran = runIfDue();
                if (ran > 0) {
                    log.info("daily analysis ran for {} experiments", ran);
                }
                ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
                ZonedDateTime next = now.toLocalDate().atTime(at).atZone(ZoneOffset.UTC);
                if (!next.isAfter(now)) {
                    next = next.plusDays(1);
                }
                elected.awaitUntil(System.currentTimeMillis()
                        + Math.min(java.time.Duration.between(now, next).toMillis(), 60_000));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("daily analysis failed; retrying in a minute", e);
                try {
                    Thread.sleep(60_000);
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
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
