package herald.project;

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
 * {@code /v1/projects} and their environments over HTTP (contract section 9). Projects emit no events:
 * every test ends by checking that its account, watched by a webhook for everything, heard nothing.
 */
@WithHerald
class ProjectApiTest {

    private static final String UNKNOWN_ID = "prj_01JD0000000000000000000000";

    private static TestHerald herald;
    private static Receiver receiver;

    private static Api.Response create(Api api, String key) {
        return api.post("/v1/projects", "{\"key\":\"" + key + "\",\"name\":\"Project " + key + "\"}");
    }

    private static String project(Api api, String key) {
        Api.Response created = create(api, key);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    private static Api.Response addEnvironment(Api api, String projectId, String key) {
        return api.post("/v1/projects/" + projectId + "/environments",
                "{\"key\":\"" + key + "\",\"name\":\"Env " + key + "\"}");
    }

    private static List<String> keys(JsonNode array) {
        List<String> keys = new ArrayList<>();
        array.forEach(n -> keys.add(n.path("key").asText()));
        return keys;
    }

    @Test
    void createAnswers201WithTheProductionEnvironment() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);

        Api.Response created = account.api().post("/v1/projects", "{\"key\":\"web-store\",\"name\":\" Web store \"}");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode p = created.json();
        assertThat(p.path("id").asText()).matches("prj_[0-9A-Z]{26}");
        assertThat(p.path("key").asText()).isEqualTo("web-store");
        assertThat(p.path("name").asText()).isEqualTo("Web store");
        assertThat(Instant.parse(p.path("createdAt").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(p.path("environments")).hasSize(1);
        JsonNode production = p.path("environments").get(0);
        assertThat(production.path("id").asText()).matches("env_[0-9A-Z]{26}");
        assertThat(production.path("key").asText()).isEqualTo("production");
        assertThat(production.path("name").asText()).isEqualTo("Production");
        assertThat(production.path("createdAt").asText()).isEqualTo(p.path("createdAt").asText());
        assertThat(account.api().get("/v1/projects/" + p.path("id").asText()).json()).isEqualTo(p);
        account.expectNothing();
    }

    @Test
    void anEnvironmentIsAddedBesideProduction() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        String id = project(account.api(), "web-store");

        Api.Response added = addEnvironment(account.api(), id, "staging");

        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        assertThat(added.text("id")).isEqualTo(id);
        assertThat(keys(added.json().path("environments"))).containsExactly("production", "staging");
        assertThat(added.json().path("environments").get(1).path("name").asText()).isEqualTo("Env staging");
        assertThat(account.api().get("/v1/projects/" + id).json()).isEqualTo(added.json());
        account.expectNothing();
    }

    @Test
    void aDuplicateProjectKeyIs409() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        project(account.api(), "web-store");

        assertError(create(account.api(), "web-store"), 409, "duplicate_key", "key");

        assertThat(account.api().get("/v1/projects").json().path("data")).hasSize(1);
        account.expectNothing();
    }

    @Test
    void aDuplicateEnvironmentKeyIs409ProductionIncluded() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        String id = project(account.api(), "web-store");
        assertThat(addEnvironment(account.api(), id, "staging").status()).isEqualTo(201);

        assertError(addEnvironment(account.api(), id, "staging"), 409, "duplicate_key", "key");
        assertError(addEnvironment(account.api(), id, "production"), 409, "duplicate_key", "key");

        assertThat(keys(account.api().get("/v1/projects/" + id).json().path("environments")))
                .containsExactly("production", "staging");
        account.expectNothing();
    }

    @Test
    void keysAreUniquePerAccountAndEnvironmentKeysPerProject() {
        WatchedAccount one = WatchedAccount.create(herald, receiver);
        WatchedAccount two = WatchedAccount.create(herald, receiver);
        String web = project(one.api(), "web-store");
        String mobile = project(one.api(), "mobile-app");

        assertThat(create(two.api(), "web-store").status()).isEqualTo(201);
        assertThat(addEnvironment(one.api(), web, "staging").status()).isEqualTo(201);
        assertThat(addEnvironment(one.api(), mobile, "staging").status()).isEqualTo(201);

        one.expectNothing();
        two.expectNothing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", "_leading-underscore", "has space", "slash/inside", "ünïcode",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anInvalidKeyIs422ForProjectsAndEnvironments(String key) {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        String id = project(account.api(), "web-store");

        assertError(create(account.api(), key), 422, "invalid_key", "key");
        assertError(addEnvironment(account.api(), id, key), 422, "invalid_key", "key");

        assertThat(account.api().get("/v1/projects").json().path("data")).hasSize(1);
        account.expectNothing();
    }

    @Test
    void keysOfAHundredCharactersWithDotsAndUnderscoresAreValid() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        String longest = "a".repeat(100);

        assertThat(create(account.api(), longest).status()).isEqualTo(201);
        assertThat(create(account.api(), "Web_Store.v2-1").status()).isEqualTo(201);

        account.expectNothing();
    }

    @Test
    void aBlankOrTooLongNameIs422() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        String id = project(account.api(), "web-store");

        assertError(account.api().post("/v1/projects", "{\"key\":\"k\",\"name\":\" \"}"), 422, "invalid_name", "name");
        assertError(account.api().post("/v1/projects", "{\"key\":\"k\",\"name\":\"" + "n".repeat(201) + "\"}"), 422,
                "invalid_name", "name");
        assertError(account.api().post("/v1/projects/" + id + "/environments", "{\"key\":\"k\",\"name\":\"\"}"), 422,
                "invalid_name", "name");

        account.expectNothing();
    }

    @Test
    void missingOrMistypedFieldsAre400NamingTheField() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        Api api = account.api();
        String id = project(api, "web-store");

        assertError(api.post("/v1/projects", "{\"name\":\"Web\"}"), 400, "missing_field", "key");
        assertError(api.post("/v1/projects", "{\"key\":\"web\"}"), 400, "missing_field", "name");
        assertError(api.post("/v1/projects", "{\"key\":null,\"name\":\"Web\"}"), 400, "missing_field", "key");
        assertError(api.post("/v1/projects", "{\"key\":[\"web\"],\"name\":\"Web\"}"), 400, "invalid_field", "key");
        assertError(api.post("/v1/projects/" + id + "/environments", "{\"name\":\"Staging\"}"), 400, "missing_field",
                "key");
        assertError(api.post("/v1/projects/" + id + "/environments", "{\"key\":\"staging\"}"), 400, "missing_field",
                "name");
        assertError(api.post("/v1/projects", ""), 400, "invalid_body");

        assertThat(api.get("/v1/projects").json().path("data")).hasSize(1);
        account.expectNothing();
    }

    @Test
    void theListPagesNewestFirstWithACursor() {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        List<String> created = List.of(project(account.api(), "a"), project(account.api(), "b"),
                project(account.api(), "c"));

        Api.Response first = account.api().get("/v1/projects?limit=2");
        Api.Response second = account.api().get("/v1/projects?limit=2&cursor=" + first.text("nextCursor"));

        assertThat(first.json().path("data")).hasSize(2);
        assertThat(first.text("nextCursor")).startsWith("prj_");
        assertThat(second.json().path("data")).hasSize(1);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
        List<String> paged = new ArrayList<>();
        first.json().path("data").forEach(p -> paged.add(p.path("id").asText()));
        second.json().path("data").forEach(p -> paged.add(p.path("id").asText()));
        assertThat(paged).containsExactlyInAnyOrderElementsOf(created);
        assertThat(first.json().path("data").get(0).path("environments")).hasSize(1);
        JsonNode all = account.api().get("/v1/projects").json();
        assertThat(all.path("data")).hasSize(3);
        assertThat(all.path("nextCursor").isNull()).isTrue();
        assertError(account.api().get("/v1/projects?limit=501"), 400, "invalid_parameter", "limit");
        account.expectNothing();
    }

    @Test
    void anotherAccountsProjectIs404AndNeverListed() {
        WatchedAccount owner = WatchedAccount.create(herald, receiver);
        WatchedAccount other = WatchedAccount.create(herald, receiver);
        String id = project(owner.api(), "web-store");

        assertError(other.api().get("/v1/projects/" + id), 404, "not_found");
        assertError(addEnvironment(other.api(), id, "staging"), 404, "not_found");
        assertError(other.api().get("/v1/projects/" + UNKNOWN_ID), 404, "not_found");
        assertError(addEnvironment(other.api(), UNKNOWN_ID, "staging"), 404, "not_found");

        assertThat(other.api().get("/v1/projects").json().path("data")).isEmpty();
        assertThat(keys(owner.api().get("/v1/projects/" + id).json().path("environments")))
                .containsExactly("production");
        owner.expectNothing();
        other.expectNothing();
    }

    @Test
    void theOperatorTokenCannotManageProjects() {
        assertError(herald.operator().get("/v1/projects"), 403, "account_key_required");
        assertError(herald.operator().post("/v1/projects", "{\"key\":\"k\",\"name\":\"n\"}"), 403,
                "account_key_required");
    }
}
