package herald.http;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.TestPostgres;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operator's endpoints: liveness, readiness and the metrics a deployment watches. */
class OpsRoutesTest {

    @Test
    void readinessAndTheBacklogAndFailureMetricsReflectTheQueue() {
        try (Receiver receiver = new Receiver(); TestHerald herald = TestHerald.start()) {
            receiver.reply("/slow", r -> new Receiver.Reply(200, "ok", Duration.ofSeconds(3)));
            receiver.reply("/fail", r -> Receiver.Reply.status(500));
            Api api = herald.account("growth");
            TestHerald.webhook(api, receiver.url("/slow"), "[\"flag.created\"]");
            String failing = TestHerald.webhook(api, receiver.url("/fail"), "[\"flag.removed\"]").text("id");
            Api anonymous = herald.anonymous();
            assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
            assertThat(anonymous.get("/readyz").text("status")).isEqualTo("ready");
            assertThat(metric(anonymous, "herald_queue_depth")).isZero();
            assertThat(metric(anonymous, "hikaricp_connections_pending\\{pool=\"[^\"]+\"\\}")).isZero();

            for (int i = 0; i < 40; i++) {
                api.post("/v1/events", TestHerald.flagCreated("slow" + i));
            }
            api.post("/v1/events", "{\"type\":\"flag.removed\",\"data\":{\"flag_id\":\"flg_x\",\"flag_key\":\"x\","
                    + "\"project\":\"web\"}}");
            Receiver.sleep(1_200); // past the one-second freshness of the backlog reading
            double depth = metric(anonymous, "herald_queue_depth");
            // Every slow delivery not yet answered is still waiting (a few may have been answered by now).
            assertThat(depth).as("waiting on the slow receiver")
                    .isGreaterThanOrEqualTo(Math.max(1, 40 - receiver.requests("/slow").size()));
            assertThat(metric(anonymous, "herald_queue_oldest_age_seconds")).isGreaterThan(0.5);
            receiver.await("/fail", 1);
            Receiver.sleep(200);
            assertThat(metric(anonymous, "herald_webhook_failures_total\\{webhook=\"" + failing + "\"\\}"))
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aNodeThatCannotReachItsDatabaseIsNotReady() {
        String url = TestPostgres.server().newDatabase();
        try (TestHerald herald = TestHerald.start(Map.of("HERALD_DATABASE_URL", url,
                "HERALD_MASTER_KEY", TestPostgres.MASTER_KEY))) {
            Api anonymous = herald.anonymous();
            assertThat(anonymous.get("/readyz").status()).isEqualTo(200);

            TestPostgres.server().dropDatabase(url); // the database goes away under the running node

            Api.Response notReady = anonymous.get("/readyz");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.text("status")).isEqualTo("database unreachable");
            assertThat(anonymous.get("/healthz").status()).as("still alive: the process serves HTTP").isEqualTo(200);
        }
    }

    static double metric(Api api, String series) {
        String text = api.get("/metrics").raw();
        Matcher m = Pattern.compile("(?m)^" + series + "\\s+(\\S+)$").matcher(text);
        assertThat(m.find()).as(series + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
