package herald.metric;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WatchedAccount;
import herald.WithHerald;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/metrics} and {@code /v1/metric-collections} over HTTP (contract section 9). Metrics emit no
 * events: every test ends by checking that its account, watched by a webhook for everything, heard nothing.
 */
@WithHerald
class MetricApiTest {

    private static TestHerald herald;
    private static Receiver receiver;

    private static Api.Response create(Api api, String key, String type) {
        return api.post("/v1/metrics", "{\"key\":\"" + key + "\",\"name\":\"Metric " + key + "\",\"type\":\"" + type
                + "\"}");
    }

    private static String metric(Api api, String key) {
        Api.Response created = create(api, key, "conversion");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    private static Api.Response collection(Api api, String key, String metricsJson) {
        return api.post("/v1/metric-collections", "{\"key\":\"" + key + "\",\"name\":\"Collection " + key
                + "\",\"metrics\":" + metricsJson + "}");
    }

    private static List<String> ids(Api.Response... pages) {
        List<String> ids = new ArrayList<>();
        for (Api.Response page : pages) {
            page.json().path("data").forEach(n -> ids.add(n.path("id").asText()));
        }
        return ids;
    }

    // --- metrics

    @Test
    void createAnswers201ForBothTypes() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);

        Api.Response conversion = create(account.api(), "purchase", "conversion");
        Api.Response continuous = create(account.api(), "revenue", "continuous");

        assertThat(conversion.status()).as(conversion.raw()).isEqualTo(201);
        JsonNode m = conversion.json();
        assertThat(m.path("id").asText()).matches("met_[0-9A-Z]{26}");
        assertThat(m.path("key").asText()).isEqualTo("purchase");
        assertThat(m.path("name").asText()).isEqualTo("Metric purchase");
        assertThat(m.path("type").asText()).isEqualTo("conversion");
        assertThat(Instant.parse(m.path("createdAt").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(continuous.status()).as(continuous.raw()).isEqualTo(201);
        assertThat(continuous.text("type")).isEqualTo("continuous");
        assertThat(account.api().get("/v1/metrics/" + m.path("id").asText()).json()).isEqualTo(m);
        account.expectNothing();
    }

    @Test
    void anUnknownTypeIs422AndAMissingOneIs400() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);

        assertError(create(account.api(), "purchase", "ratio"), 422, "invalid_type", "type");
        assertError(create(account.api(), "purchase", "Conversion"), 422, "invalid_type", "type");
        assertError(account.api().post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\"}"), 400,
                "missing_field", "type");

        assertThat(account.api().get("/v1/metrics").json().path("data")).isEmpty();
        account.expectNothing();
    }

    @Test
    void aDuplicateMetricKeyIs409() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");

        assertError(create(account.api(), "purchase", "continuous"), 409, "duplicate_key", "key");

        assertThat(account.api().get("/v1/metrics").json().path("data")).hasSize(1);
        account.expectNothing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", "has space", "slash/inside", "ünïcode",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anInvalidKeyIs422ForMetricsAndCollections(String key) {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");

        assertError(create(account.api(), key, "conversion"), 422, "invalid_key", "key");
        assertError(collection(account.api(), key, "[\"purchase\"]"), 422, "invalid_key", "key");

        account.expectNothing();
    }

    @Test
    void missingOrMistypedFieldsAre400NamingTheField() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        Api api = account.api();
        metric(api, "purchase");

        assertError(api.post("/v1/metrics", "{\"name\":\"P\",\"type\":\"conversion\"}"), 400, "missing_field", "key");
        assertError(api.post("/v1/metrics", "{\"key\":\"p\",\"type\":\"conversion\"}"), 400, "missing_field", "name");
        assertError(api.post("/v1/metric-collections", "{\"key\":\"c\",\"name\":\"C\"}"), 400, "missing_field",
                "metrics");
        assertError(api.post("/v1/metric-collections", "{\"name\":\"C\",\"metrics\":[\"purchase\"]}"), 400,
                "missing_field", "key");
        assertError(api.post("/v1/metric-collections", "{\"key\":\"c\",\"metrics\":[\"purchase\"]}"), 400,
                "missing_field", "name");
        assertError(collection(api, "c", "\"purchase\""), 400, "invalid_field", "metrics");
        assertError(collection(api, "c", "[\"purchase\",7]"), 400, "invalid_field", "metrics[1]");

        assertThat(api.get("/v1/metric-collections").json().path("data")).isEmpty();
        account.expectNothing();
    }

    // --- collections

    @Test
    void aCollectionOfKnownMetricsIs201() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");
        metric(account.api(), "signup");

        Api.Response created = collection(account.api(), "funnel", "[\"signup\",\"purchase\"]");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.path("id").asText()).matches("mcol_[0-9A-Z]{26}");
        assertThat(c.path("key").asText()).isEqualTo("funnel");
        assertThat(c.path("name").asText()).isEqualTo("Collection funnel");
        assertThat(c.path("metrics")).extracting(JsonNode::asText).containsExactly("signup", "purchase");
        assertThat(Instant.parse(c.path("createdAt").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(account.api().get("/v1/metric-collections/" + c.path("id").asText()).json()).isEqualTo(c);
        account.expectNothing();
    }

    @Test
    void aMetricNamedTwiceInACollectionIsKeptOnce() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");

        Api.Response created = collection(account.api(), "funnel", "[\"purchase\",\"purchase\"]");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json().path("metrics")).extracting(JsonNode::asText).containsExactly("purchase");
        account.expectNothing();
    }

    @Test
    void anUnknownMetricInACollectionIs422NamingItsIndex() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");

        assertError(collection(account.api(), "funnel", "[\"nope\"]"), 422, "unknown_metric", "metrics[0]");
        assertError(collection(account.api(), "funnel", "[\"purchase\",\"nope\"]"), 422, "unknown_metric",
                "metrics[1]");

        assertThat(account.api().get("/v1/metric-collections").json().path("data")).isEmpty();
        account.expectNothing();
    }

    @Test
    void theIndexOfAnUnknownMetricCountsRepeatedKeysBeforeIt() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");

        assertError(collection(account.api(), "funnel", "[\"purchase\",\"purchase\",\"nope\"]"), 422,
                "unknown_metric", "metrics[2]");

        account.expectNothing();
    }

    @Test
    void anEmptyCollectionIs422() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);

        assertError(collection(account.api(), "funnel", "[]"), 422, "invalid_metrics", "metrics");

        account.expectNothing();
    }

    @Test
    void aDuplicateCollectionKeyIs409() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");
        assertThat(collection(account.api(), "funnel", "[\"purchase\"]").status()).isEqualTo(201);

        assertError(collection(account.api(), "funnel", "[\"purchase\"]"), 409, "duplicate_key", "key");

        assertThat(account.api().get("/v1/metric-collections").json().path("data")).hasSize(1);
        account.expectNothing();
    }

    @Test
    void aCollectionAndAMetricMayShareAKey() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        metric(account.api(), "purchase");

        assertThat(collection(account.api(), "purchase", "[\"purchase\"]").status()).isEqualTo(201);

        account.expectNothing();
    }

    // --- lists

    @Test
    void metricsAndCollectionsPageWithACursor() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        Api api = account.api();
        List<String> metrics = List.of(metric(api, "a"), metric(api, "b"), metric(api, "c"));
        List<String> collections = new ArrayList<>();
        for (String key : List.of("x", "y", "z")) {
            collections.add(collection(api, key, "[\"a\"]").text("id"));
        }

        Api.Response first = api.get("/v1/metrics?limit=2");
        Api.Response second = api.get("/v1/metrics?limit=2&cursor=" + first.text("nextCursor"));
        Api.Response firstCollections = api.get("/v1/metric-collections?limit=2");
        Api.Response secondCollections = api.get("/v1/metric-collections?limit=2&cursor="
                + firstCollections.text("nextCursor"));

        assertThat(first.json().path("data")).hasSize(2);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
        assertThat(ids(first, second)).containsExactlyInAnyOrderElementsOf(metrics);
        assertThat(firstCollections.json().path("data")).hasSize(2);
        assertThat(secondCollections.json().path("nextCursor").isNull()).isTrue();
        assertThat(ids(firstCollections, secondCollections)).containsExactlyInAnyOrderElementsOf(collections);
        assertThat(ids(api.get("/v1/metrics"))).hasSize(3);
        assertError(api.get("/v1/metrics?limit=x"), 400, "invalid_parameter", "limit");
        account.expectNothing();
    }

    // --- tenants

    @Test
    void anotherAccountsMetricsAreInvisibleAndUnknownInCollections() {
        WatchedAccount owner = WatchedAccount.create(herald, receiver);
        WatchedAccount other = WatchedAccount.create(herald, receiver);
        String metricId = metric(owner.api(), "purchase");
        String collectionId = collection(owner.api(), "funnel", "[\"purchase\"]").text("id");

        assertError(other.api().get("/v1/metrics/" + metricId), 404, "not_found");
        assertError(other.api().get("/v1/metric-collections/" + collectionId), 404, "not_found");
        assertError(collection(other.api(), "funnel", "[\"purchase\"]"), 422, "unknown_metric", "metrics[0]");
        assertThat(create(other.api(), "purchase", "continuous").status()).isEqualTo(201);

        assertThat(ids(other.api().get("/v1/metrics"))).doesNotContain(metricId);
        assertThat(other.api().get("/v1/metric-collections").json().path("data")).isEmpty();
        owner.expectNothing();
        other.expectNothing();
    }
}
