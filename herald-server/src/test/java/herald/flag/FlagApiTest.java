package herald.flag;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** {@code /v1/flags} over HTTP, and the {@code flag.*} events each change emits (contract sections 5 and 9). */
@WithHerald
class FlagApiTest {

    private static final String UNKNOWN_ID = "flg_01JD0000000000000000000000";

    private static TestHerald herald;
    private static Receiver receiver;

    private static WatchedAccount watchedWithProject(String projectKey) {
        WatchedAccount account = WatchedAccount.create(herald, receiver);
        createProject(account.api(), projectKey);
        return account;
    }

    private static String createProject(Api api, String key) {
        Api.Response created = api.post("/v1/projects", "{\"key\":\"" + key + "\",\"name\":\"Project " + key + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    private static Api.Response createFlag(Api api, String key, String project) {
        return api.post("/v1/flags", "{\"key\":\"" + key + "\",\"name\":\"Flag " + key + "\",\"project\":\""
                + project + "\"}");
    }

    private static String flag(Api api, String key, String project) {
        Api.Response created = createFlag(api, key, project);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    private static ObjectNode object(String... fieldsAndValues) {
        ObjectNode node = Api.mapper().createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            node.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return node;
    }

    private static List<String> ids(Api.Response list) {
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    // --- create, read, delete and their events

    @Test
    void createAnswers201WithTheFlagAndEmitsFlagCreatedWithoutAnActor() {
        WatchedAccount account = watchedWithProject("web-store");

        Api.Response created = account.api().post("/v1/flags",
                "{\"key\":\"new-checkout\",\"name\":\"New checkout\",\"project\":\"web-store\"}");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode f = created.json();
        assertThat(f.path("id").asText()).matches("flg_[0-9A-Z]{26}");
        assertThat(f.path("key").asText()).isEqualTo("new-checkout");
        assertThat(f.path("name").asText()).isEqualTo("New checkout");
        assertThat(f.path("project").asText()).isEqualTo("web-store");
        assertThat(Instant.parse(f.path("createdAt").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(account.expectOne("flag.created"))
                .isEqualTo(object("flag_id", f.path("id").asText(), "flag_key", "new-checkout", "project", "web-store"));
    }

    @Test
    void aFlagOfOneEnvironmentShowsItAndCarriesItInItsEvents() {
        WatchedAccount account = watchedWithProject("web-store");
        String project = account.api().get("/v1/projects").json().path("data").get(0).path("id").asText();
        assertThat(account.api().post("/v1/projects/" + project + "/environments",
                "{\"key\":\"staging\",\"name\":\"Staging\"}").status()).isEqualTo(201);

        Api.Response created = account.api().post("/v1/flags",
                "{\"key\":\"beta\",\"name\":\"Beta\",\"project\":\"web-store\",\"environment\":\"staging\"}");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("environment")).isEqualTo("staging");
        assertThat(account.api().get("/v1/flags/" + created.text("id")).json()).isEqualTo(created.json());
        ObjectNode expected = object("flag_id", created.text("id"), "flag_key", "beta", "project", "web-store",
                "environment", "staging");
        assertThat(account.expectOne("flag.created")).isEqualTo(expected);
        assertThat(account.api().delete("/v1/flags/" + created.text("id")).status()).isEqualTo(204);
        assertThat(account.expectOne("flag.removed")).isEqualTo(expected);
    }

    @Test
    void aFlagWithoutAnEnvironmentIsOfEveryEnvironmentAndSaysSoWithNull() {
        WatchedAccount account = watchedWithProject("web-store");
        Api.Response created = createFlag(account.api(), "everywhere", "web-store");
        assertThat(created.json().has("environment")).isTrue();
        assertThat(created.json().path("environment").isNull()).isTrue();
        assertThat(account.expectOne("flag.created").has("environment")).isFalse();
    }

    @Test
    void anEnvironmentTheProjectDoesNotHaveIs422AndEmitsNothing() {
        WatchedAccount account = watchedWithProject("web-store");
        assertError(account.api().post("/v1/flags", "{\"key\":\"beta\",\"name\":\"Beta\",\"project\":\"web-store\","
                + "\"environment\":\"nope\"}"), 422, "unknown_environment", "environment");
        assertError(account.api().post("/v1/flags", "{\"key\":\"beta\",\"name\":\"Beta\",\"project\":\"web-store\","
                + "\"environment\":3}"), 400, "invalid_field", "environment");
        assertThat(account.api().get("/v1/flags").json().path("data")).isEmpty();
        account.expectNothing();
    }

    @Test
    void getAndListShowTheFlagAsCreated() {
        WatchedAccount account = watchedWithProject("web-store");
        Api.Response created = createFlag(account.api(), "banner", "web-store");

        Api.Response fetched = account.api().get("/v1/flags/" + created.text("id"));
        Api.Response listed = account.api().get("/v1/flags");

        assertThat(fetched.status()).as(fetched.raw()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(created.json());
        assertThat(listed.json().path("data")).containsExactly(created.json());
        assertThat(listed.json().path("nextCursor").isNull()).isTrue();
        account.expect("flag.created");
    }

    @Test
    void deleteAnswers204AndEmitsFlagRemovedWithTheFlagsKeyAndProject() {
        WatchedAccount account = watchedWithProject("web-store");
        String id = flag(account.api(), "banner", "web-store");
        account.expect("flag.created");

        Api.Response deleted = account.api().delete("/v1/flags/" + id);

        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
        assertThat(deleted.raw()).isEmpty();
        assertThat(account.expectOne("flag.removed"))
                .isEqualTo(object("flag_id", id, "flag_key", "banner", "project", "web-store"));
        assertError(account.api().get("/v1/flags/" + id), 404, "not_found");
        assertThat(account.api().get("/v1/flags").json().path("data")).isEmpty();
    }

    @Test
    void deletingAFlagTwiceIs404AndEmitsOnlyOneRemoval() {
        WatchedAccount account = watchedWithProject("web-store");
        String id = flag(account.api(), "banner", "web-store");
        assertThat(account.api().delete("/v1/flags/" + id).status()).isEqualTo(204);

        assertError(account.api().delete("/v1/flags/" + id), 404, "not_found");
        assertError(account.api().delete("/v1/flags/" + UNKNOWN_ID), 404, "not_found");

        account.expect("flag.created", "flag.removed");
    }

    @Test
    void aKeyThatNamesAnActorPutsTheActorInBothEvents() {
        WatchedAccount account = watchedWithProject("web-store");
        Api alice = account.keyOf("alice@example.com");

        String id = flag(alice, "banner", "web-store");
        JsonNode createdData = account.expectOne("flag.created");
        assertThat(alice.delete("/v1/flags/" + id).status()).isEqualTo(204);
        JsonNode removedData = account.expectOne("flag.removed");

        ObjectNode expected = object("flag_id", id, "flag_key", "banner", "project", "web-store",
                "actor", "alice@example.com");
        assertThat(createdData).isEqualTo(expected);
        assertThat(removedData).isEqualTo(expected);
    }

    @Test
    void aFlagMadeWithAnActorsKeyAndDeletedWithAPlainKeyNamesTheActorOnlyOnCreation() {
        WatchedAccount account = watchedWithProject("web-store");
        String id = flag(account.keyOf("alice@example.com"), "banner", "web-store");
        assertThat(account.expectOne("flag.created").path("actor").asText()).isEqualTo("alice@example.com");

        account.api().delete("/v1/flags/" + id);

        assertThat(account.expectOne("flag.removed").has("actor")).isFalse();
    }

    // --- refused changes emit nothing

    @Test
    void aDuplicateKeyInTheSameProjectIs409AndEmitsNothing() {
        WatchedAccount account = watchedWithProject("web-store");
        flag(account.api(), "banner", "web-store");
        account.expect("flag.created");

        assertError(createFlag(account.api(), "banner", "web-store"), 409, "duplicate_key", "key");

        account.expectNothing();
        assertThat(account.api().get("/v1/flags").json().path("data")).hasSize(1);
    }

    @Test
    void theSameKeyInAnotherProjectIsAnotherFlag() {
        WatchedAccount account = watchedWithProject("web-store");
        createProject(account.api(), "mobile-app");
        String web = flag(account.api(), "banner", "web-store");

        String mobile = flag(account.api(), "banner", "mobile-app");

        assertThat(mobile).isNotEqualTo(web);
        List<JsonNode> events = account.expect("flag.created", "flag.created");
        assertThat(events).extracting(e -> e.path("data").path("project").asText())
                .containsExactlyInAnyOrder("web-store", "mobile-app");
    }

    @Test
    void anUnknownProjectIs422AndEmitsNothing() {
        WatchedAccount account = watchedWithProject("web-store");

        assertError(createFlag(account.api(), "banner", "nowhere"), 422, "unknown_project", "project");

        account.expectNothing();
        assertThat(account.api().get("/v1/flags").json().path("data")).isEmpty();
    }

    @Test
    void anotherAccountsProjectKeyIsUnknown() {
        WatchedAccount owner = watchedWithProject("owners-only");
        WatchedAccount other = WatchedAccount.create(herald, receiver);

        assertError(createFlag(other.api(), "banner", "owners-only"), 422, "unknown_project", "project");

        other.expectNothing();
        owner.expectNothing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", "has space", "slash/inside", "ünïcode",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anInvalidKeyIs422AndEmitsNothing(String key) {
        WatchedAccount account = watchedWithProject("web-store");

        assertError(createFlag(account.api(), key, "web-store"), 422, "invalid_key", "key");

        account.expectNothing();
    }

    @Test
    void aBlankNameIs422AndEmitsNothing() {
        WatchedAccount account = watchedWithProject("web-store");

        assertError(account.api().post("/v1/flags", "{\"key\":\"banner\",\"name\":\"  \",\"project\":\"web-store\"}"),
                422, "invalid_name", "name");

        account.expectNothing();
    }

    @Test
    void missingFieldsAre400NamingTheFieldAndEmitNothing() {
        WatchedAccount account = watchedWithProject("web-store");
        Api api = account.api();

        assertError(api.post("/v1/flags", "{\"name\":\"Banner\",\"project\":\"web-store\"}"), 400, "missing_field", "key");
        assertError(api.post("/v1/flags", "{\"key\":\"banner\",\"project\":\"web-store\"}"), 400, "missing_field", "name");
        assertError(api.post("/v1/flags", "{\"key\":\"banner\",\"name\":\"Banner\"}"), 400, "missing_field", "project");
        assertError(api.post("/v1/flags", "{\"key\":7,\"name\":\"Banner\",\"project\":\"web-store\"}"), 400,
                "invalid_field", "key");
        assertError(api.post("/v1/flags", "[]"), 400, "invalid_body");

        account.expectNothing();
    }

    // --- lists

    @Test
    void theListFiltersByProjectKeyAndPagesWithACursor() {
        WatchedAccount account = watchedWithProject("web-store");
        Api api = account.api();
        createProject(api, "mobile-app");
        List<String> web = List.of(flag(api, "a", "web-store"), flag(api, "b", "web-store"), flag(api, "c", "web-store"));
        String mobile = flag(api, "a", "mobile-app");

        Api.Response first = api.get("/v1/flags?project=web-store&limit=2");
        Api.Response second = api.get("/v1/flags?project=web-store&limit=2&cursor=" + first.text("nextCursor"));

        assertThat(first.json().path("data")).hasSize(2);
        assertThat(first.text("nextCursor")).startsWith("flg_");
        assertThat(second.json().path("data")).hasSize(1);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
        List<String> paged = new ArrayList<>(ids(first));
        paged.addAll(ids(second));
        assertThat(paged).containsExactlyInAnyOrderElementsOf(web);
        assertThat(ids(api.get("/v1/flags?project=mobile-app"))).containsExactly(mobile);
        assertThat(ids(api.get("/v1/flags"))).hasSize(4);
        assertThat(api.get("/v1/flags?project=nowhere").json().path("data")).isEmpty();
        assertError(api.get("/v1/flags?limit=0"), 400, "invalid_parameter", "limit");
        account.expect("flag.created", "flag.created", "flag.created", "flag.created");
    }

    // --- tenants

    @Test
    void anotherAccountsFlagIs404ToReadAndDeleteAndNeverListedAndItsDeleteEmitsNothing() {
        WatchedAccount owner = watchedWithProject("web-store");
        WatchedAccount other = watchedWithProject("web-store");
        String id = flag(owner.api(), "banner", "web-store");
        owner.expect("flag.created");

        assertError(other.api().get("/v1/flags/" + id), 404, "not_found");
        assertError(other.api().delete("/v1/flags/" + id), 404, "not_found");

        assertThat(other.api().get("/v1/flags").json().path("data")).isEmpty();
        assertThat(other.api().get("/v1/flags?project=web-store").json().path("data")).isEmpty();
        assertThat(owner.api().get("/v1/flags/" + id).status()).isEqualTo(200);
        other.expectNothing();
        owner.expectNothing();
    }

    @Test
    void theOperatorTokenCannotManageFlags() {
        assertError(herald.operator().get("/v1/flags"), 403, "account_key_required");
        assertError(herald.operator().post("/v1/flags", "{\"key\":\"k\",\"name\":\"n\",\"project\":\"p\"}"), 403,
                "account_key_required");
        assertError(herald.anonymous().get("/v1/flags"), 401, "missing_token");
    }

    @Test
    void aWebhookFilteredToAProjectGetsOnlyThatProjectsFlags() {
        WatchedAccount account = watchedWithProject("web-store");
        createProject(account.api(), "mobile-app");
        String path = "/web-only/" + account.id();
        Api.Response webhook = account.api().post("/v1/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"events\":[\"flag.created\"],\"projects\":[\"web-store\"]}");
        assertThat(webhook.status()).as(webhook.raw()).isEqualTo(201);

        flag(account.api(), "m", "mobile-app");
        String web = flag(account.api(), "w", "web-store");

        receiver.await(path, 1);
        account.expect("flag.created", "flag.created");
        List<Receiver.Request> filtered = receiver.requests(path);
        assertThat(filtered).hasSize(1);
        assertThat(filtered.getFirst().body()).contains(web);
    }
}
