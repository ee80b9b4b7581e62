package herald.analysis;

import static herald.ApiAssertions.assertError;
import static herald.analysis.Reference.matches;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import herald.event.EventCatalog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data in through the API, results and analysis events out, against a real receiver; CUPED, the
 * Bayesian method, corrections and their settings.
 */
@WithHerald
class AnalysisApiTest {

    static TestHerald herald;
    static Receiver receiver;
    static Api api;
    static EventCatalog catalog = EventCatalog.load(Api.mapper());

    @BeforeAll
    static void start() {
        api = herald.account("growth");
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        api.post("/v1/metrics", "{\"key\":\"revenue\",\"name\":\"Revenue\",\"type\":\"continuous\"}");
    }

    static String experiment(String key) {
        String id = configured(key, "");
        TestHerald.webhook(api, receiver.url("/" + key), "[\"experiment.calculated_metrics.updated\","
                + "\"experiment.stats_updated\",\"experiment.reached_significance\"]");
        return id;
    }

    /** n units per arm, c converted in control and t in treatment, each conversion worth 2.5. */
    static void load(String id, int n, int c, int t) {
        StringBuilder assignments = new StringBuilder();
        StringBuilder conversions = new StringBuilder();
        for (int i = 0; i < n; i++) {
            assignments.append("{\"unitId\":\"c").append(i).append("\",\"variation\":\"control\",\"timestamp\":\"2026-02-01T00:00:00Z\"}\n");
            assignments.append("{\"unitId\":\"t").append(i).append("\",\"variation\":\"green\",\"timestamp\":\"2026-02-01T00:00:00Z\"}\n");
            if (i < c) {
                conversions.append("{\"unitId\":\"c").append(i).append("\",\"metric\":\"purchase\",\"timestamp\":\"2026-02-02T00:00:00Z\"}\n");
                conversions.append("{\"unitId\":\"c").append(i).append("\",\"metric\":\"revenue\",\"value\":2.5,\"timestamp\":\"2026-02-02T00:00:00Z\"}\n");
            }
            if (i < t) {
                conversions.append("{\"unitId\":\"t").append(i).append("\",\"metric\":\"purchase\",\"timestamp\":\"2026-02-02T00:00:00Z\"}\n");
                conversions.append("{\"unitId\":\"t").append(i).append("\",\"metric\":\"revenue\",\"value\":2.5,\"timestamp\":\"2026-02-02T00:00:00Z\"}\n");
            }
        }
        assertThat(ndjson(api, "/v1/experiments/" + id + "/assignments", assignments.toString()).status()).isEqualTo(202);
        assertThat(ndjson(api, "/v1/experiments/" + id + "/conversions", conversions.toString()).status()).isEqualTo(202);
    }

    static Api.Response ndjson(Api api, String path, String body) {
        return api.send("POST", path, body); // Content-Type is JSON; the reader accepts NDJSON either way
    }

    @Test
    void aManualRunComputesResultsAndEmitsItsEventsAndSignificanceOnlyOnce() throws IOException {
        String id = experiment("signif");
        load(id, 1000, 100, 150);

        Api.Response run = api.post("/v1/experiments/" + id + "/analyze", null);
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        assertThat(run.text("status")).isEqualTo("success");
        JsonNode results = api.get("/v1/experiments/" + id + "/results").json();
        assertThat(results.path("computeReason").asText()).isEqualTo("manual");
        assertThat(results.path("method").asText()).isEqualTo("fixed");
        assertThat(results.path("variations")).extracting(v -> v.path("units").asLong()).containsExactly(1000L, 1000L);
        assertThat(results.path("srm").path("imbalanced").asBoolean()).isFalse();
        JsonNode purchase = results.path("metrics").get(0);
        assertThat(purchase.path("metric").asText()).isEqualTo("purchase");
        assertThat(purchase.path("variations").get(0).path("conversions").asLong()).isEqualTo(100);
        assertThat(purchase.path("variations").get(1).path("mean").asDouble()).isEqualTo(0.15);
        assertThat(purchase.path("variations").get(1).path("variance").asDouble()).isCloseTo(0.15 * 0.85,
                org.assertj.core.data.Offset.offset(1e-12));
        JsonNode revenue = results.path("metrics").get(1);
        assertThat(revenue.path("variations").get(0).path("mean").asDouble()).isEqualTo(0.25);
        JsonNode comparison = results.path("comparisons").get(0);
        assertThat(comparison.path("metric").asText()).isEqualTo("purchase");
        assertThat(comparison.path("relativeLift").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(comparison.path("significant").asBoolean()).isTrue();
        assertThat(comparison.path("pValue").asDouble()).isLessThan(0.05);

        List<Receiver.Request> first = receiver.await(r -> r.path().equals("/signif"), 4, Duration.ofSeconds(10));
        Map<String, Long> types = first.stream().collect(Collectors.groupingBy(r -> r.header("X-Herald-Event"),
                Collectors.counting()));
        assertThat(types).containsEntry("experiment.calculated_metrics.updated", 1L)
                .containsEntry("experiment.stats_updated", 1L)
                .containsEntry("experiment.reached_significance", 2L); // purchase and revenue both moved
        JsonNode stats = first.stream().filter(r -> r.header("X-Herald-Event").equals("experiment.stats_updated"))
                .map(AnalysisApiTest::data).findFirst().orElseThrow();
        for (Receiver.Request r : first) {
            JsonNode data = Api.mapper().readTree(r.rawBody()).path("data");
            catalog.validate(r.header("X-Herald-Event"), data);
            if (r.header("X-Herald-Event").equals("experiment.reached_significance")) {
                // The Eraya seed's body: the run's comparisons and variations, and which pair crossed.
                assertThat(data.has("comparison")).isFalse();
                assertThat(data.path("comparisons")).isEqualTo(stats.path("comparisons"));
                assertThat(data.path("variations")).isEqualTo(stats.path("variations"));
                assertThat(data.path("asOfDate")).isEqualTo(stats.path("asOfDate"));
                assertThat(crossed(data).path("significant").asBoolean()).isTrue();
            }
            if (r.header("X-Herald-Event").equals("experiment.calculated_metrics.updated")) {
                JsonNode meta = data.path("meta_data");
                assertThat(meta.path("status").asText()).isEqualTo("success");
                assertThat(meta.path("is_manual_refresh").asBoolean()).isTrue();
                assertThat(meta.path("is_data_updated").asBoolean()).isTrue();
                assertThat(meta.path("assignments_scan_start_date").asText()).isEqualTo("2026-02-01");
            }
        }

        api.post("/v1/experiments/" + id + "/analyze", null);
        List<Receiver.Request> second = receiver.await(r -> r.path().equals("/signif"), 6, Duration.ofSeconds(10));
        Receiver.sleep(300);
        assertThat(receiver.requests("/signif")).hasSize(6).as("significance is announced once");
        JsonNode rerun = second.stream().skip(4).filter(r -> r.header("X-Herald-Event")
                .equals("experiment.calculated_metrics.updated")).map(AnalysisApiTest::data).findFirst().orElseThrow();
        assertThat(rerun.path("meta_data").path("is_data_updated").asBoolean()).as("nothing new since").isFalse();
    }

    @Test
    void assignmentsToTwoVariationsAreExcludedAndConversionsBeforeAssignmentDoNotCount() {
        String id = experiment("rules");
        api.post("/v1/experiments/" + id + "/assignments", "[{\"unitId\":\"u1\",\"variation\":\"control\",\"timestamp\":\"2026-02-01T00:00:00Z\"},"
                + "{\"unitId\":\"u2\",\"variation\":\"control\",\"timestamp\":\"2026-02-01T00:00:00Z\"},"
                + "{\"unitId\":\"u3\",\"variation\":\"green\",\"timestamp\":\"2026-02-01T00:00:00Z\"},"
                + "{\"unitId\":\"u3\",\"variation\":\"control\",\"timestamp\":\"2026-02-01T00:00:00Z\"},"
                + "{\"unitId\":\"u4\",\"variation\":\"green\",\"timestamp\":\"2026-02-01T00:00:00Z\"}]");
        api.post("/v1/experiments/" + id + "/conversions", "[{\"unitId\":\"u1\",\"metric\":\"purchase\",\"timestamp\":\"2026-01-31T00:00:00Z\"},"
                + "{\"unitId\":\"u2\",\"metric\":\"purchase\",\"timestamp\":\"2026-02-03T00:00:00Z\"},"
                + "{\"unitId\":\"u2\",\"metric\":\"purchase\",\"timestamp\":\"2026-02-03T00:00:00Z\"},"
                + "{\"unitId\":\"u3\",\"metric\":\"purchase\",\"timestamp\":\"2026-02-03T00:00:00Z\"}]");

        JsonNode results = api.post("/v1/experiments/" + id + "/analyze", null).json().path("results");
        assertThat(results.path("excludedUnits").asLong()).isEqualTo(1);
        assertThat(results.path("variations")).extracting(v -> v.path("units").asLong()).containsExactly(2L, 1L);
        JsonNode control = results.path("metrics").get(0).path("variations").get(0);
        assertThat(control.path("conversions").asLong()).as("u1 converted before assignment; u2 counts once").isEqualTo(1);
    }

    @Test
    void aBadRowRefusesTheWholeBatchAndResendingChangesNothing() {
        String id = experiment("batch");
        assertError(api.post("/v1/experiments/" + id + "/assignments", "[{\"unitId\":\"a\",\"variation\":\"control\","
                + "\"timestamp\":\"2026-02-01T00:00:00Z\"},{\"unitId\":\"b\",\"variation\":\"blue\","
                + "\"timestamp\":\"2026-02-01T00:00:00Z\"}]"), 422, "invalid_row", "rows[1].variation");
        assertError(api.post("/v1/experiments/" + id + "/assignments", "[{\"unitId\":\"a\",\"variation\":\"control\","
                + "\"timestamp\":\"yesterday\"}]"), 422, "invalid_row", "rows[0].timestamp");
        assertError(api.post("/v1/experiments/" + id + "/conversions", "[{\"unitId\":\"a\",\"metric\":\"nope\","
                + "\"timestamp\":\"2026-02-01T00:00:00Z\"}]"), 422, "invalid_row", "rows[0].metric");
        assertThat(api.post("/v1/experiments/" + id + "/analyze", null).text("status"))
                .as("the refused batch stored nothing").isEqualTo("failure");

        String rows = "[{\"unitId\":\"a\",\"variation\":\"control\",\"timestamp\":\"2026-02-01T00:00:00Z\"},"
                + "{\"unitId\":\"b\",\"variation\":\"green\",\"timestamp\":\"2026-02-01T00:00:00Z\"}]";
        assertThat(api.post("/v1/experiments/" + id + "/assignments", rows).json().path("accepted").asInt()).isEqualTo(2);
        api.post("/v1/experiments/" + id + "/analyze", null);
        assertThat(api.post("/v1/experiments/" + id + "/assignments", rows).status()).isEqualTo(202);
        JsonNode again = api.post("/v1/experiments/" + id + "/analyze", null).json().path("results");
        assertThat(again.path("variations")).extracting(v -> v.path("units").asLong()).containsExactly(1L, 1L);
        // three runs: a failure, then two successes (each with stats_updated)
        assertThat(receiver.await(r -> r.path().equals("/batch"), 5, Duration.ofSeconds(10)).stream()
                .sorted(java.util.Comparator.comparing(r -> r.header("X-Herald-Delivery"))).map(AnalysisApiTest::data)
                .filter(d -> d.has("meta_data")).reduce((a, b) -> b).orElseThrow()
                .path("meta_data").path("is_data_updated").asBoolean()).as("re-sent rows are not new").isFalse();
    }

    @Test
    void trafficImbalanceIsFlagged() {
        String id = experiment("srm");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 5400; i++) {
            if (i < 5000) {
                rows.append("{\"unitId\":\"c").append(i).append("\",\"variation\":\"control\",\"timestamp\":\"2026-02-01T00:00:00Z\"}\n");
            }
            rows.append("{\"unitId\":\"t").append(i).append("\",\"variation\":\"green\",\"timestamp\":\"2026-02-01T00:00:00Z\"}\n");
        }
        api.send("POST", "/v1/experiments/" + id + "/assignments", rows.toString());
        JsonNode srm = api.post("/v1/experiments/" + id + "/analyze", null).json().path("results").path("srm");
        assertThat(srm.path("imbalanced").asBoolean()).isTrue();
        assertThat(srm.path("pValue").asDouble()).isCloseTo(8.77e-5, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theSequentialMethodWidensTheIntervalAgainstPeeking() {
        String fixed = experiment("peek-fixed");
        String sequential = experiment("peek-seq");
        assertThat(api.patch("/v1/experiments/" + sequential, "{\"method\":\"sequential\"}").status()).isEqualTo(200);
        load(fixed, 1000, 100, 150);
        load(sequential, 1000, 100, 150);

        JsonNode a = api.post("/v1/experiments/" + fixed + "/analyze", null).json().path("results");
        JsonNode b = api.post("/v1/experiments/" + sequential + "/analyze", null).json().path("results");
        assertThat(b.path("method").asText()).isEqualTo("sequential");
        JsonNode f = a.path("comparisons").get(0);
        JsonNode s = b.path("comparisons").get(0);
        assertThat(s.path("relativeLift").asDouble()).isEqualTo(f.path("relativeLift").asDouble());
        assertThat(s.path("ciLow").asDouble()).isLessThan(f.path("ciLow").asDouble());
        assertThat(s.path("ciHigh").asDouble()).isGreaterThan(f.path("ciHigh").asDouble());
        assertThat(s.path("pValue").asDouble()).isGreaterThan(f.path("pValue").asDouble());
    }

    @Test
    void statusCostAndWindowChangesEachRecomputeWithTheirReason() {
        String id = experiment("reasons");
        load(id, 200, 20, 30);
        assertThat(api.post("/v1/experiments/" + id + "/start", null).status()).isEqualTo(200);
        awaitReason(id, "status_changed");
        assertThat(api.patch("/v1/experiments/" + id, "{\"costData\":{\"perUnit\":0.02}}").status()).isEqualTo(200);
        awaitReason(id, "cost_changed");
        assertThat(api.patch("/v1/experiments/" + id, "{\"endAt\":\"2027-01-01T00:00:00Z\"}").status()).isEqualTo(200);
        awaitReason(id, "window_changed");
        List<String> reasons = receiver.await(r -> r.path().equals("/reasons")
                        && r.header("X-Herald-Event").equals("experiment.stats_updated"), 3, Duration.ofSeconds(10))
                .stream().map(r -> data(r).path("computeReason").asText()).toList();
        assertThat(reasons).containsExactlyInAnyOrder("status_changed", "cost_changed", "window_changed");
    }

    static void awaitReason(String id, String reason) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            Api.Response results = api.get("/v1/experiments/" + id + "/results");
            seen = results.status() == 200 ? results.text("computeReason") : "no results";
            if (seen.equals(reason)) {
                return;
            }
            Receiver.sleep(20);
        }
        throw new AssertionError("no run for " + reason + "; last computeReason " + seen);
    }

    @Test
    void resultsOfAnotherTenantAreNotFound() {
        String id = experiment("private");
        Api other = herald.account("growth");
        assertThat(other.get("/v1/experiments/" + id + "/results").status()).isEqualTo(404);
        assertThat(other.post("/v1/experiments/" + id + "/analyze", null).status()).isEqualTo(404);
        assertThat(other.post("/v1/experiments/" + id + "/assignments", "[]").status()).isEqualTo(404);
        assertThat(api.get("/v1/experiments/" + id + "/results").status()).as("no run yet").isEqualTo(404);
    }

    static JsonNode data(Receiver.Request r) {
        try {
            return Api.mapper().readTree(r.rawBody()).path("data");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // CUPED, the Bayesian method, multiple-testing corrections and their settings.

    static String configured(String key, String settings) {
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

    /** The comparison a {@code experiment.reached_significance} names by its variation and metric. */
    static JsonNode crossed(JsonNode reached) {
        return StreamSupport.stream(reached.path("comparisons").spliterator(), false)
                .filter(c -> c.path("metric").asText().equals(reached.path("metric").asText())
                        && c.path("variation").asText().equals(reached.path("variation").asText()))
                .findFirst().orElseThrow();
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
        String id = configured("cuped", "");
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
        JsonNode stored = api.get("/v1/experiments/" + id + "/results").json();
        assertThat(stored.path("metrics").get(1).path("cuped")).as("kept with the run").isEqualTo(revenue.path("cuped"));
        assertThat(stored.path("comparisons")).isEqualTo(results.path("comparisons"));

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
        String id = configured("bayes", ",\"method\":\"bayesian\",\"prior\":{\"mean\":0,\"stdDev\":0.3}");
        TestHerald.webhook(api, receiver.url("/bayes"), "[\"experiment.reached_significance\"]");
        load(id, 1000, 100, 150);

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
        assertThat(reached).extracting(r -> crossed(data(r)).path("chanceToWin").asDouble())
                .allMatch(p -> p > 0.95);
    }

    /*
     * 1000 units per arm, 100 and 135 conversions: both metrics are just significant at 5 % on their own
     * (p ≈ 0.037), and not once Holm doubles the smaller p-value.
     */
    @Test
    void holmAdjustsOverEveryComparisonAndDecidesSignificance() {
        String none = configured("raw", "");
        String holm = configured("holm", ",\"correction\":\"holm\"");
        load(none, 1000, 100, 135);
        load(holm, 1000, 100, 135);

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
        String id = configured("settings", ",\"correction\":\"bh\"");
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
