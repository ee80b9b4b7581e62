package herald.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Conversions an experiment's last batches leave unfolded (fewer than make a fold due) are folded in
 * the background once its ingestion pauses, so a run that comes later has nothing to fold; a few rows
 * are left for the run, which folds them in no time. The batch that brings as many as make a fold due
 * folds them before it is answered. On a real Herald and database (the embedded one, or PostgreSQL in
 * that suite), with no run asked for.
 */
@WithHerald
class IdleFoldTest {

    static TestHerald herald;

    @Test
    void aPauseInIngestionFoldsTheRowsItLeftAndOnlyWhenThereAreMany() throws Exception {
        Api api = herald.account("growth");
        String id = experiment(api);
        int many = (int) TotalsFold.IDLE_AT_LEAST + 1_000;
        assertThat((long) many).as("below what makes a fold due after the batch").isLessThan(TotalsFold.due(0));
        assertThat(api.send("POST", "/v1/experiments/" + id + "/conversions", conversions(0, many)).status())
                .isEqualTo(202);

        awaitUnfolded(id, 0);
        assertThat(count("SELECT COUNT(*) FROM unit_totals WHERE " + ofExperiment(id)))
                .as("one totals row per converted unit").isEqualTo(many);
        assertThat(count("SELECT COUNT(*) FROM analysis_runs WHERE experiment_id = '" + id + "'"))
                .as("folded by the pause, not by a run").isZero();

        assertThat(api.send("POST", "/v1/experiments/" + id + "/conversions", conversions(many, many + 10)).status())
                .isEqualTo(202);
        Thread.sleep(TotalsFold.IDLE.multipliedBy(3).toMillis());
        assertThat(count("SELECT COUNT(*) FROM conversions_unfolded WHERE " + ofExperiment(id)))
                .as("too few to fold before a run").isEqualTo(10);
    }

    @Test
    void theBatchThatMakesAFoldDueFoldsTheRowsBeforeItIsAnswered() throws Exception {
        Api api = herald.account("growth");
        String id = experiment(api);
        int due = (int) TotalsFold.due(0);
        for (int from = 0; from < due; from += RowReader.MAX_ROWS) {
            assertThat(api.send("POST", "/v1/experiments/" + id + "/conversions",
                    conversions(from, Math.min(due, from + RowReader.MAX_ROWS))).status()).isEqualTo(202);
        }
        assertThat(count("SELECT COUNT(*) FROM conversions_unfolded WHERE " + ofExperiment(id)))
                .as("left unfolded once the last batch is answered").isZero();
        assertThat(count("SELECT COUNT(*) FROM unit_totals WHERE " + ofExperiment(id)))
                .as("one totals row per converted unit").isEqualTo(due);
        assertThat(count("SELECT COUNT(*) FROM analysis_runs WHERE experiment_id = '" + id + "'"))
                .as("folded by the batch, not by a run").isZero();
    }

    /** A new experiment of the account's, with one conversion metric; its id. */
    static String experiment(Api api) {
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        return api.post("/v1/experiments", "{\"key\":\"folds\",\"name\":\"Folds\",\"project\":\"web\","
                + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}],"
                + "\"metrics\":[\"purchase\"]}").text("id");
    }

    /** Units from..to-1 convert once each. */
    static String conversions(int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < to; i++) {
            rows.append("{\"unitId\":\"u").append(i).append("\",\"metric\":\"purchase\",\"timestamp\":\"2026-02-02T00:00:00Z\"}\n");
        }
        return rows.toString();
    }

    void awaitUnfolded(String id, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long unfolded;
        while ((unfolded = count("SELECT COUNT(*) FROM conversions_unfolded WHERE " + ofExperiment(id)))
                != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(unfolded).as("conversions left unfolded").isEqualTo(expected);
    }

    /** The condition on an analysis table's rows of the experiment: they hold its ref, not its id. */
    static String ofExperiment(String id) {
        return "experiment_ref = (SELECT CAST(ref AS TEXT) FROM data_refs WHERE name = '" + id + "')";
    }

    long count(String sql) {
        return herald.sql(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
