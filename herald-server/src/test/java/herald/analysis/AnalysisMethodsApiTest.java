package herald.analysis;

import static herald.ApiAssertions.assertError;
import static herald.analysis.Reference.matches;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CUPED, the Bayesian method and multiple-testing corrections through the API, on a real database and
 * a real receiver: the settings, their validation, and the figures the results carry.
 */
class AnalysisMethodsApiTest {

    static TestHerald herald;
    static Receiver receiver;
    static Api api;

    @BeforeAll
    static void start() {
        herald = TestHerald.start();
        receiver = new Receiver();
        api = herald.account("growth");
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        api.post("/v1/metrics", "{\"key\":\"revenue\",\"name\":\"Revenue\",\"type\":\"continuous\"}");
    }

    @AfterAll
    static void stop() {
        herald.close();
        receiver.close();
    }

    static String experiment(String key, String settings) {
        Api.Response created = api.post("/v1/experiments", "{\"key\":\"" + key + "\",\"name\":\"N\",\"project\":\"web\","
                + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}],"
                + "\"metrics\":[\"purchase\",\"revenue\"],\"startAt\":\"2026-01-01T00:00:00Z\"" + settings + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    static JsonNode analyze(String id) {
        Api.Response run = api.post("/v1/experiments/" + id + "/analyze", null);
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        return run.json().path("results");
    }

    static JsonNode comparison(JsonNode results, String metric) {
        return StreamSupport.stream(results.path("comparisons").spliterator(), false)
                .filter(c -> c.path("metric").asText().equals(metric)).findFirst().orElseThrow();
    }

    /**
     * Revenue before and after assignment (2026-02-01): unit i of control spent x = i % 10 + 1 three
     * days before and x + i % 3 a day after; treatment units x = i % 7 + 1 and x + i % 3 + 1. Every
     * fourth unit also spent 100 twenty days before, outside the 14-day lookback, which must not count.
     */
    static void loadRevenue(String id, int n, List<double[]> control, List<double[]> treatment) {
        StringBuilder assignments = new StringBuilder();
        StringBuilder conversions = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (String arm : List.of("control", "green")) {
                String unit = arm + i;
                boolean isControl = arm.equals("control");
                double x = isControl ? i % 10 + 1 : i % 7 + 1;
                double y = x + i % 3 + (isControl ? 0 : 1);
                (isControl ? control : treatment).add(new double[] {x, y});
                assignments.append(row(unit, "variation", arm, "2026-02-01T00:00:00Z"));
                conversions.append(value(unit, x, "2026-01-29T00:00:00Z")).append(value(unit, y, "2026-02-02T00:00:00Z"));
                if (i % 4 == 0) {
                    conversions.append(value(unit, 100, "2026-01-12T00:00:00Z"));
                }
            }
        }
        assertThat(api.send("POST", "/v1/experiments/" + id + "/assignments", assignments.toString()).status())
                .isEqualTo(202);
        assertThat(api.send("POST", "/v1/experiments/" + id + "/conversions", conversions.toString()).status())
                .isEqualTo(202);
    }

    private static String row(String unit, String field, String value, String at) {
        return "{\"unitId\":\"" + unit + "\",\"" + field + "\":\"" + value + "\",\"timestamp\":\"" + at + "\"}\n";
    }

    private static String value(String unit, double value, String at) {
        return "{\"unitId\":\"" + unit + "\",\"metric\":\"revenue\",\"value\":" + value + ",\"timestamp\":\"" + at + "\"}\n";
    }

    @Test
    void cupedAdjustsByThePrePeriodWithinTheLookbackAndCanBeTurnedOff() {
        String id = experiment("cuped", "");
        List<double[]> control = new ArrayList<>();
        List<double[]> treatment = new ArrayList<>();
        loadRevenue(id, 300, control, treatment);

        // θ and the adjusted lift computed here, by two passes over the units, not from sums.
        List<double[]> all = new ArrayList<>(control);
        all.addAll(treatment);
        double meanX = all.stream().mapToDouble(u -> u[0]).average().orElseThrow();
        double meanY = all.stream().mapToDouble(u -> u[1]).average().orElseThrow();
        double covariance = all.stream().mapToDouble(u -> (u[0] - meanX) * (u[1] - meanY)).sum();
        double variance = all.stream().mapToDouble(u -> (u[0] - meanX) * (u[0] - meanX)).sum();
        double theta = covariance / variance;
        double adjustedA = control.stream().mapToDouble(u -> u[1] - theta * u[0]).average().orElseThrow();
        double adjustedB = treatment.stream().mapToDouble(u -> u[1] - theta * u[0]).average().orElseThrow();
        double plainA = control.stream().mapToDouble(u -> u[1]).average().orElseThrow();
        double plainB = treatment.stream().mapToDouble(u -> u[1]).average().orElseThrow();

        JsonNode results = analyze(id);
        JsonNode revenue = results.path("metrics").get(1);
        assertThat(revenue.path("cuped").path("applied").asBoolean()).isTrue();
        matches(revenue.path("cuped").path("theta").asDouble(), theta, "theta");
        assertThat(revenue.path("cuped").path("varianceReduction").asDouble()).isBetween(0.5, 1.0);
        JsonNode adjusted = comparison(results, "revenue");
        matches(adjusted.path("absoluteLift").asDouble(), adjustedB - adjustedA, "absoluteLift");
        matches(adjusted.path("relativeLift").asDouble(), (adjustedB - adjustedA) / plainA, "relativeLift");
        assertThat(results.path("metrics").get(0).path("cuped").path("applied").asBoolean())
                .as("no purchases before assignment: nothing to adjust by").isFalse();

        assertThat(api.patch("/v1/experiments/" + id, "{\"cupedLookbackDays\":0}").status()).isEqualTo(200);
        JsonNode off = analyze(id);
        assertThat(off.path("metrics").get(1).path("cuped").path("applied").asBoolean()).isFalse();
        JsonNode plain = comparison(off, "revenue");
        matches(plain.path("absoluteLift").asDouble(), plainB - plainA, "plain absoluteLift");
        assertThat(plain.path("standardError").asDouble()).as("CUPED narrowed the interval")
                .isGreaterThan(adjusted.path("standardError").asDouble());
    }

    @Test
    void theBayesianMethodReportsChanceToWinAndRiskAndReachesSignificance() {
        String id = experiment("bayes", ",\"method\":\"bayesian\",\"prior\":{\"mean\":0,\"stdDev\":0.3}");
        TestHerald.webhook(api, receiver.url("/bayes"), "[\"experiment.reached_significance\"]");
        AnalysisApiTest.load(api, id, 1000, 100, 150);

        JsonNode results = analyze(id);
        assertThat(results.path("method").asText()).isEqualTo("bayesian");
        JsonNode purchase = comparison(results, "purchase");
        assertThat(purchase.path("pValue").isNull()).isTrue();
        assertThat(purchase.path("chanceToWin").asDouble()).isGreaterThan(0.95);
        assertThat(purchase.path("riskTreatment").asDouble()).isLessThan(purchase.path("riskControl").asDouble());
        assertThat(purchase.path("significant").asBoolean()).isTrue();
        // The proper prior N(0, 0.3²) pulls the interval's centre below the data's lift of 0.5.
        double centre = (purchase.path("ciLow").asDouble() + purchase.path("ciHigh").asDouble()) / 2;
        double se = purchase.path("standardError").asDouble();
        double expected = 0.5 / (se * se) / (1 / (se * se) + 1 / 0.09);
        matches(centre, expected, "posterior mean");

        List<Receiver.Request> reached = receiver.await(r -> r.path().equals("/bayes"), 2, Duration.ofSeconds(10));
        assertThat(reached).extracting(r -> AnalysisApiTest.data(r).path("comparison").path("chanceToWin").asDouble())
                .allMatch(p -> p > 0.95);
    }

    /*
     * 1000 units per arm, 100 and 135 conversions: both metrics are just significant at 5 % on their own
     * (p ≈ 0.037), and not once Holm doubles the smaller p-value.
     */
    @Test
    void holmAdjustsOverEveryComparisonAndDecidesSignificance() {
        String none = experiment("raw", "");
        String holm = experiment("holm", ",\"correction\":\"holm\"");
        AnalysisApiTest.load(api, none, 1000, 100, 135);
        AnalysisApiTest.load(api, holm, 1000, 100, 135);

        JsonNode raw = analyze(none);
        JsonNode adjusted = analyze(holm);
        assertThat(adjusted.path("correction").asText()).isEqualTo("holm");
        double p1 = comparison(adjusted, "purchase").path("pValue").asDouble();
        double p2 = comparison(adjusted, "revenue").path("pValue").asDouble();
        double smaller = Math.min(p1, p2);
        assertThat(comparison(raw, "purchase").path("significant").asBoolean()).isTrue();
        assertThat(comparison(raw, "purchase").path("adjustedPValue").asDouble()).isEqualTo(p1);
        for (String metric : List.of("purchase", "revenue")) {
            JsonNode c = comparison(adjusted, metric);
            double p = c.path("pValue").asDouble();
            matches(c.path("adjustedPValue").asDouble(), p == smaller ? 2 * p : Math.max(2 * smaller, p), metric);
            assertThat(p).isLessThan(0.05);
            assertThat(c.path("significant").asBoolean()).as("significance follows the adjusted value").isFalse();
        }
    }

    @Test
    void settingsAreShownAndBadOnesAreRefusedWithoutChangingAnything() {
        String id = experiment("settings", ",\"correction\":\"bh\"");
        JsonNode shown = api.get("/v1/experiments/" + id).json();
        assertThat(shown.path("correction").asText()).isEqualTo("bh");
        assertThat(shown.path("cupedLookbackDays").asInt()).isEqualTo(14);
        assertThat(shown.path("prior").isNull()).isTrue();

        assertError(api.patch("/v1/experiments/" + id, "{\"method\":\"bayesian\"}"), 422, "invalid_correction",
                "correction");
        assertError(api.patch("/v1/experiments/" + id, "{\"correction\":\"bonferroni\"}"), 422, "invalid_correction",
                "correction");
        assertError(api.patch("/v1/experiments/" + id, "{\"prior\":{\"mean\":0,\"stdDev\":0}}"), 422, "invalid_prior",
                "prior.stdDev");
        assertError(api.patch("/v1/experiments/" + id, "{\"prior\":{\"mean\":\"zero\",\"stdDev\":1}}"), 400,
                "invalid_field", "prior.mean");
        assertError(api.patch("/v1/experiments/" + id, "{\"prior\":{\"mean\":0,\"stdDev\":1,\"shape\":2}}"), 400,
                "unknown_field", "prior.shape");
        assertError(api.patch("/v1/experiments/" + id, "{\"prior\":0.3}"), 400, "invalid_field", "prior");
        assertError(api.patch("/v1/experiments/" + id, "{\"cupedLookbackDays\":366}"), 422, "invalid_cuped_lookback",
                "cupedLookbackDays");
        assertError(api.patch("/v1/experiments/" + id, "{\"cupedLookbackDays\":-1}"), 422, "invalid_cuped_lookback",
                "cupedLookbackDays");
        JsonNode unchanged = api.get("/v1/experiments/" + id).json();
        assertThat(unchanged.path("method").asText()).isEqualTo("fixed");
        assertThat(unchanged.path("correction").asText()).isEqualTo("bh");
        assertThat(unchanged.path("updatedAt")).isEqualTo(shown.path("updatedAt"));

        JsonNode bayesian = api.patch("/v1/experiments/" + id, "{\"method\":\"bayesian\",\"correction\":\"none\","
                + "\"prior\":{\"mean\":0.01,\"stdDev\":0.2},\"cupedLookbackDays\":7}").json();
        assertThat(bayesian.path("method").asText()).isEqualTo("bayesian");
        assertThat(bayesian.path("prior").path("stdDev").asDouble()).isEqualTo(0.2);
        assertThat(bayesian.path("cupedLookbackDays").asInt()).isEqualTo(7);
        assertThat(api.patch("/v1/experiments/" + id, "{\"prior\":null}").json().path("prior").isNull())
                .as("null returns to the flat prior").isTrue();
    }
}
