package herald.account;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.TestHerald;
import herald.WithHerald;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/accounts} over HTTP against a running Herald: the operator's API (contract sections 2 and 3). */
@WithHerald
class AccountApiTest {

    private static TestHerald herald;
    private static Api operator;

    @BeforeAll
    static void start() {
        operator = herald.operator();
    }

    private static Api.Response create(String json) {
        return operator.post("/v1/accounts", json);
    }

    @Test
    void operatorCreatesAnAccountAndSeesItsApiKeyOnlyOnce() {
        Api.Response created = create("{\"name\":\"Acme\",\"plan\":\"growth\"}");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("id")).matches("acc_[0-9A-Z]{26}");
        assertThat(created.text("name")).isEqualTo("Acme");
        assertThat(created.text("plan")).isEqualTo("growth");
        assertThat(created.text("apiKey")).isNotBlank();
        Instant.parse(created.text("createdAt"));

        String id = created.text("id");
        Api.Response fetched = operator.get("/v1/accounts/" + id);
        assertThat(fetched.status()).as(fetched.raw()).isEqualTo(200);
        assertThat(fetched.text("id")).isEqualTo(id);
        assertThat(fetched.text("name")).isEqualTo("Acme");
        assertThat(fetched.text("plan")).isEqualTo("growth");
        assertThat(fetched.json().has("apiKey")).isFalse();
        assertThat(fetched.raw()).doesNotContain(created.text("apiKey"));

        Api.Response listed = operator.get("/v1/accounts?limit=500");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.raw()).contains(id).doesNotContain(created.text("apiKey")).doesNotContain("apiKey");
    }

    @Test
    void theApiKeyOfACreatedAccountAuthenticatesAsThatAccount() {
        Api account = herald.account("growth");

        Api.Response webhooks = account.get("/v1/webhooks");

        assertThat(webhooks.status()).as(webhooks.raw()).isEqualTo(200);
        assertThat(webhooks.json().path("data").isArray()).isTrue();
    }

    @Test
    void anAccountCreatedWithoutAPlanIsOnTheFreePlan() {
        Api.Response created = create("{\"name\":\"No plan given\"}");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("plan")).isEqualTo("free");
        assertThat(operator.get("/v1/accounts/" + created.text("id")).text("plan")).isEqualTo("free");
    }

    @Test
    void everyContractPlanCanBeChosen() {
        for (String plan : List.of("free", "growth", "enterprise")) {
            Api.Response created = create("{\"name\":\"On " + plan + "\",\"plan\":\"" + plan + "\"}");
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            assertThat(created.text("plan")).isEqualTo(plan);
        }
    }

    @Test
    void anUnknownPlanIsRefusedWith422AndCreatesNothing() {
        String before = operator.get("/v1/accounts?limit=500").raw();

        assertError(create("{\"name\":\"Bad plan\",\"plan\":\"platinum\"}"), 422, "invalid_plan", "plan");
        assertError(create("{\"name\":\"Bad plan\",\"plan\":\"Growth\"}"), 422, "invalid_plan", "plan");

        assertThat(operator.get("/v1/accounts?limit=500").raw()).isEqualTo(before);
    }

    @Test
    void aMissingOrBlankNameIsRefused() {
        assertError(create("{\"plan\":\"growth\"}"), 400, "missing_field", "name");
        assertError(create("{\"name\":\"  \",\"plan\":\"growth\"}"), 422, "invalid_name", "name");
    }

    @Test
    void patchingThePlanChangesItAndWhatTheAccountIsEntitledTo() {
        Api.Response created = create("{\"name\":\"Upgrader\",\"plan\":\"free\"}");
        String id = created.text("id");
        Api account = operator.as(created.text("apiKey"));
        assertError(account.get("/v1/webhooks"), 403, "plan_required");

        Api.Response patched = operator.patch("/v1/accounts/" + id, "{\"plan\":\"growth\"}");

        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.text("id")).isEqualTo(id);
        assertThat(patched.text("name")).isEqualTo("Upgrader");
        assertThat(patched.text("plan")).isEqualTo("growth");
        assertThat(patched.json().has("apiKey")).isFalse();
        assertThat(operator.get("/v1/accounts/" + id).text("plan")).isEqualTo("growth");
        assertThat(account.get("/v1/webhooks").status()).isEqualTo(200);

        Api.Response downgraded = operator.patch("/v1/accounts/" + id, "{\"plan\":\"free\"}");
        assertThat(downgraded.text("plan")).isEqualTo("free");
        assertError(account.get("/v1/webhooks"), 403, "plan_required");
    }

    @Test
    void patchingToAnUnknownPlanIsRefusedAndLeavesThePlan() {
        String id = create("{\"name\":\"Stays\",\"plan\":\"enterprise\"}").text("id");

        assertError(operator.patch("/v1/accounts/" + id, "{\"plan\":\"gold\"}"), 422, "invalid_plan", "plan");

        assertThat(operator.get("/v1/accounts/" + id).text("plan")).isEqualTo("enterprise");
    }

    @Test
    void aNewApiKeyWorksForTheSameAccount() {
        Api.Response created = create("{\"name\":\"Two keys\",\"plan\":\"growth\"}");
        String id = created.text("id");
        Api first = operator.as(created.text("apiKey"));

        Api.Response key = operator.post("/v1/accounts/" + id + "/api-keys", null);

        assertThat(key.status()).as(key.raw()).isEqualTo(201);
        String apiKey = key.text("apiKey");
        assertThat(apiKey).isNotBlank().isNotEqualTo(created.text("apiKey"));
        Api second = operator.as(apiKey);
        Api.Response webhook = TestHerald.webhook(second, "https://example.com/hook", "[\"*\"]");
        assertThat(first.get("/v1/webhooks/" + webhook.text("id")).status())
                .as("a webhook made with the new key belongs to the same account").isEqualTo(200);
        assertThat(operator.get("/v1/accounts/" + id).raw()).doesNotContain(apiKey);
    }

    @Test
    void listsPageWithLimitAndCursorUntilTheCursorIsNull() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            made.add(create("{\"name\":\"Paged " + i + "\",\"plan\":\"free\"}").text("id"));
        }
        List<String> all = ids(operator.get("/v1/accounts?limit=500"));

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = operator.get("/v1/accounts?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            assertThat(page.json().has("nextCursor")).as("nextCursor is always present").isTrue();
            List<String> ids = ids(page);
            JsonNode next = page.json().path("nextCursor");
            if (next.isNull()) {
                assertThat(ids).hasSizeBetween(1, 2);
                cursor = null;
            } else {
                assertThat(ids).hasSize(2);
                cursor = next.asText();
            }
            walked.addAll(ids);
            pages++;
            assertThat(pages).as("pagination ends").isLessThan(100);
        } while (cursor != null);

        assertThat(walked).doesNotHaveDuplicates().containsExactlyElementsOf(all).containsAll(made);
        assertThat(all.size()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theLastPageHasANullCursor() {
        Api.Response page = operator.get("/v1/accounts?limit=500");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("nextCursor").isNull()).as(page.raw()).isTrue();
    }

    @Test
    void withoutATokenEveryAccountRouteIs401() {
        Api anonymous = herald.anonymous();
        assertError(anonymous.get("/v1/accounts"), 401, "missing_token");
        assertError(anonymous.post("/v1/accounts", "{\"name\":\"Nobody\"}"), 401, "missing_token");
        assertError(anonymous.get("/v1/accounts/acc_01JD0000000000000000000000"), 401, "missing_token");
    }

    @Test
    void aWrongTokenIs401AndCreatesNothing() {
        String before = operator.get("/v1/accounts?limit=500").raw();
        Api wrong = operator.as("hop_not-the-operator-token");

        assertError(wrong.get("/v1/accounts"), 401, "invalid_token");
        assertError(wrong.post("/v1/accounts", "{\"name\":\"Intruder\",\"plan\":\"enterprise\"}"), 401, "invalid_token");

        assertThat(operator.get("/v1/accounts?limit=500").raw()).isEqualTo(before);
    }

    @Test
    void anotherAuthorizationSchemeIs401() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(herald.app().baseUrl() + "/v1/accounts"))
                        .header("Authorization", "Basic " + TestHerald.OPERATOR_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());

        assertError(new Api.Response(response.statusCode(), Api.mapper().readTree(response.body()), response.body()),
                401, "missing_token");
    }

    @Test
    void anAccountKeyMayNotManageAccounts() {
        Api account = herald.account("enterprise");
        String before = operator.get("/v1/accounts?limit=500").raw();

        assertError(account.get("/v1/accounts"), 403, "operator_required");
        assertError(account.post("/v1/accounts", "{\"name\":\"Sneaky\",\"plan\":\"enterprise\"}"), 403,
                "operator_required");
        String someId = create("{\"name\":\"Target\"}").text("id");
        assertError(account.get("/v1/accounts/" + someId), 403, "operator_required");
        assertError(account.patch("/v1/accounts/" + someId, "{\"plan\":\"enterprise\"}"), 403, "operator_required");
        assertError(account.post("/v1/accounts/" + someId + "/api-keys", null), 403, "operator_required");

        assertThat(operator.get("/v1/accounts/" + someId).text("plan")).isEqualTo("free");
        assertThat(ids(operator.get("/v1/accounts?limit=500"))).hasSize(ids(before).size() + 1);
    }

    @Test
    void theOperatorTokenMayNotManageWebhooks() {
        assertError(operator.get("/v1/webhooks"), 403, "account_key_required");
        assertError(operator.post("/v1/webhooks", "{\"url\":\"https://example.com\",\"events\":[\"*\"]}"), 403,
                "account_key_required");
    }

    @Test
    void anUnknownAccountIs404() {
        String unknown = "acc_01JD0000000000000000000000";
        assertError(operator.get("/v1/accounts/" + unknown), 404, "not_found");
        assertError(operator.patch("/v1/accounts/" + unknown, "{\"plan\":\"growth\"}"), 404, "not_found");
        assertError(operator.post("/v1/accounts/" + unknown + "/api-keys", null), 404, "not_found");
        assertError(operator.get("/v1/accounts/not-an-id"), 404, "not_found");
    }

    private static List<String> ids(Api.Response page) {
        List<String> ids = new ArrayList<>();
        page.json().path("data").forEach(a -> ids.add(a.path("id").asText()));
        return ids;
    }

    private static List<String> ids(String raw) {
        try {
            return ids(new Api.Response(200, Api.mapper().readTree(raw), raw));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
