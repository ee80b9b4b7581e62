package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloning an experiment and changing its metrics from the dashboard, over plain HTTP: what is refused
 * shows the experiment service's own message and changes nothing. The browser test does the rest.
 */
@WithHerald
class ExperimentActionsTest {

    private static TestHerald herald;
    private static Api api;
    private static DashboardClient dashboard;
    private static String session;
    private String id;
    private String page;

    @BeforeAll
    static void start() throws Exception {
        String apiKey = herald.operator().post("/v1/accounts", "{\"name\":\"Acme\",\"plan\":\"growth\"}").text("apiKey");
        api = herald.operator().as(apiKey);
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        dashboard = new DashboardClient(herald.app().baseUrl());
        session = dashboard.session(apiKey);
    }

    @BeforeEach
    void experiment() {
        Api.Response created = api.post("/v1/experiments", "{\"key\":\"cta-" + System.nanoTime() + "\",\"name\":\"CTA\","
                + "\"project\":\"web\",\"variations\":[{\"key\":\"control\",\"name\":\"Control\",\"weight\":50},"
                + "{\"key\":\"green\",\"name\":\"Green\",\"weight\":50}],\"metrics\":[\"purchase\"]}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        id = created.text("id");
        page = "/dashboard/experiments/" + id;
    }

    @Test
    void addingNothingAnUnknownMetricOrOneAlreadyThereIsRefusedWithTheReasonAndChangesNothing() throws Exception {
        String before = api.get("/v1/experiments/" + id).raw();

        HttpResponse<String> nothing = dashboard.submit(page, page + "/metrics", session, "metric=");
        assertThat(nothing.statusCode()).isEqualTo(422);
        assertThat(nothing.body()).contains("choose a metric or a collection to add");
        HttpResponse<String> unknown = dashboard.submit(page, page + "/metrics", session, "metric=metric:nope");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("no metric &#39;nope&#39;");
        HttpResponse<String> twice = dashboard.submit(page, page + "/metrics", session, "metric=metric:purchase");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("metric &#39;purchase&#39; is already on");
        HttpResponse<String> absent = dashboard.submit(page, page + "/metrics/remove", session, "key=nope");
        assertThat(absent.statusCode()).isEqualTo(404);

        assertThat(api.get("/v1/experiments/" + id).raw()).isEqualTo(before);
    }

    @Test
    void aCompletedExperimentsMetricsAreShownWithoutControlsAndCannotBeChanged() throws Exception {
        api.post("/v1/experiments/" + id + "/start", "");
        api.post("/v1/experiments/" + id + "/stop", "");
        String shown = dashboard.get(page, session).body();
        assertThat(shown).contains("<code>purchase</code>").contains("A completed experiment's metrics stay as they were")
                .doesNotContain("Add metric").doesNotContain(">Remove<")
                .contains("Clone…"); // a completed experiment is what one most often runs again

        HttpResponse<String> removed = dashboard.submit(page, page + "/metrics/remove", session, "key=purchase");
        assertThat(removed.statusCode()).isEqualTo(409);
        assertThat(api.get("/v1/experiments/" + id).json().path("metrics").toString()).isEqualTo("[\"purchase\"]");
    }

    @Test
    void aCloneWithAnInvalidKeyIsRefusedOnItsFormAndCreatesNothing() throws Exception {
        int before = api.get("/v1/experiments").json().path("data").size();

        HttpResponse<String> refused = dashboard.submit(page + "/clone", page + "/clone", session, "key=no+spaces&name=Copy");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("The experiment was not cloned.").contains("key must be 1 to 100 letters")
                .contains("value=\"no spaces\"").contains("aria-invalid=\"true\"");

        assertThat(api.get("/v1/experiments").json().path("data").size()).isEqualTo(before);
    }
}
