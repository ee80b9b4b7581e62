package herald.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The daily analysis on a real Herald whose clock is set to chosen hours: it runs when its time has
 * come, catches up when Herald was down at that time, and runs once a day across restarts.
 */
class DailyAnalysisTest {

    /** A clock that ticks from the given instant on, so deliveries and leases still see time pass. */
    static Clock at(String instant) {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse(instant)));
    }

    @Test
    void runsEveryRunningExperimentOnceADayAndCatchesUpAfterDowntime() {
        try (Receiver receiver = new Receiver()) {
            TestHerald herald = TestHerald.start(Map.of("HERALD_ANALYSIS_TIME", "03:00"),
                    at("2026-03-01T02:00:00Z"));
            Api api = herald.account("growth");
            api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
            api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
            TestHerald.webhook(api, receiver.url("/daily"), "[\"experiment.stats_updated\"]");
            String running = api.post("/v1/experiments", "{\"key\":\"daily\",\"name\":\"Daily\",\"project\":\"web\","
                    + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}],"
                    + "\"metrics\":[\"purchase\"]}").text("id");
            String draft = api.post("/v1/experiments", "{\"key\":\"draft\",\"name\":\"Draft\",\"project\":\"web\","
                    + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}],"
                    + "\"metrics\":[\"purchase\"]}").text("id");
            for (String id : List.of(running, draft)) {
                api.post("/v1/experiments/" + id + "/assignments", "[{\"unitId\":\"a\",\"variation\":\"control\","
                        + "\"timestamp\":\"2026-02-01T00:00:00Z\"},{\"unitId\":\"b\",\"variation\":\"green\","
                        + "\"timestamp\":\"2026-02-01T00:00:00Z\"}]");
            }
            assertThat(api.post("/v1/experiments/" + running + "/start", null).status()).isEqualTo(200);
            receiver.await(r -> r.path().equals("/daily"), 1, Duration.ofSeconds(10)); // the status_changed run
            Receiver.sleep(300);
            assertThat(scheduled(receiver)).as("03:00 has not come yet").isZero();

            herald.stopKeepingData(); // down over 03:00
            herald = herald.startAgain(at("2026-03-01T09:00:00Z"));
            awaitScheduled(receiver, 1);
            herald.stopKeepingData();
            herald = herald.startAgain(at("2026-03-01T23:00:00Z"));
            Receiver.sleep(500);
            assertThat(scheduled(receiver)).as("once a day, even across restarts").isEqualTo(1);
            herald.stopKeepingData();
            herald = herald.startAgain(at("2026-03-02T03:00:30Z"));
            awaitScheduled(receiver, 2);

            Api again = herald.operator().as(api.token());
            assertThat(again.get("/v1/experiments/" + running + "/results").text("computeReason")).isEqualTo("scheduled");
            assertThat(again.get("/v1/experiments/" + draft + "/results").status())
                    .as("a draft experiment is not analysed daily").isEqualTo(404);
            herald.close();
        }
    }

    static long scheduled(Receiver receiver) {
        return receiver.requests("/daily").stream()
                .filter(r -> AnalysisApiTest.data(r).path("computeReason").asText().equals("scheduled")).count();
    }

    static void awaitScheduled(Receiver receiver, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (scheduled(receiver) < count && System.nanoTime() < deadline) {
            Receiver.sleep(20);
        }
        assertThat(scheduled(receiver)).isEqualTo(count);
    }
}
