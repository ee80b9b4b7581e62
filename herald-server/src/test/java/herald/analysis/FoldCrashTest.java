package herald.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.HeraldProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversions acknowledged but not yet folded into their units' totals survive SIGKILL: a real Herald
 * process takes a batch, is killed, and the database file still lists the rows as unfolded; started
 * again on the same data, the first run counts every one of them (and folds them), and rows sent
 * after the restart add to them.
 */
class FoldCrashTest {

    @Test
    void unfoldedConversionsSurviveAKillNineAndTheNextRunCountsThem(@TempDir Path dataDir) throws Exception {
        String id;
        Api api;
        try (HeraldProcess first = HeraldProcess.start(dataDir, Map.of())) {
            Api operator = first.operator();
            api = operator.as(operator.post("/v1/accounts", "{\"name\":\"f\",\"plan\":\"growth\"}").text("apiKey"));
            api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
            api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
            Api.Response created = api.post("/v1/experiments", "{\"key\":\"crash\",\"name\":\"N\",\"project\":\"web\","
                    + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}],"
                    + "\"metrics\":[\"purchase\"],\"startAt\":\"2026-01-01T00:00:00Z\"}");
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            id = created.text("id");
            StringBuilder assignments = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                assignments.append(row(i, "variation", i % 2 == 0 ? "control" : "green", "2026-02-01"));
            }
            assertThat(api.send("POST", "/v1/experiments/" + id + "/assignments", assignments.toString()).status())
                    .isEqualTo(202);
            assertThat(api.send("POST", "/v1/experiments/" + id + "/conversions", conversions(0, 100)).status())
                    .isEqualTo(202);
            first.kill();
        }
        assertThat(unfolded(dataDir)).as("acknowledged, not folded yet, and still there").isEqualTo(100);

        try (HeraldProcess second = HeraldProcess.start(dataDir, Map.of())) {
            Api again = api.at(second.baseUrl());
            assertThat(purchases(again, id)).containsExactly(50L, 50L);
            assertThat(again.send("POST", "/v1/experiments/" + id + "/conversions", conversions(100, 160)).status())
                    .isEqualTo(202);
            assertThat(purchases(again, id)).containsExactly(80L, 80L);
        }
        assertThat(unfolded(dataDir)).as("every row folded by the runs").isZero();
    }

    /** Units from..to-1 convert once each, the day after their assignment. */
    static String conversions(int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < to; i++) {
            rows.append(row(i, "metric", "purchase", "2026-02-02"));
        }
        return rows.toString();
    }

    static String row(int unit, String field, String value, String day) {
        return "{\"unitId\":\"u" + unit + "\",\"" + field + "\":\"" + value + "\",\"timestamp\":\"" + day
                + "T00:00:00Z\"}\n";
    }

    /** Converted units of control and green, from a run now. */
    static java.util.List<Long> purchases(Api api, String id) {
        Api.Response run = api.post("/v1/experiments/" + id + "/analyze", null);
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        JsonNode variations = run.json().path("results").path("metrics").get(0).path("variations");
        return java.util.List.of(variations.get(0).path("conversions").asLong(),
                variations.get(1).path("conversions").asLong());
    }

    static long unfolded(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("herald.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM conversions_unfolded")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
