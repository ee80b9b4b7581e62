package herald.member;

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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/members} and {@code /v1/projects/{id}/members} over HTTP, and the {@code access.*} events
 * each change of access emits (contract sections 5 and 9).
 */
@WithHerald
class MemberApiTest {

    private static final String UNKNOWN_PROJECT = "prj_01JD0000000000000000000000";
    private static final String ALICE = "alice@example.com";

    private static TestHerald herald;
    private static Receiver receiver;

    private static Api.Response put(Api api, String path, String role) {
        return api.put(path, "{\"role\":\"" + role + "\"}");
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isBetween(200, 204);
    }

    private static String createProject(Api api, String key) {
        Api.Response created = api.post("/v1/projects", "{\"key\":\"" + key + "\",\"name\":\"Project " + key + "\"}");
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

    private static List<String> userIds(Api.Response list) {
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(m -> ids.add(m.path("userId").asText()));
        return ids;
    }

    @Nested
    class AccountLevel {

        @Test
        void aNewViewerIs200AndEmitsAccessAccountGranted() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);

            Api.Response put = put(account.api(), "/v1/members/usr_5190", "viewer");

            assertThat(put.status()).as(put.raw()).isEqualTo(200);
            assertThat(put.text("userId")).isEqualTo("usr_5190");
            assertThat(put.text("role")).isEqualTo("viewer");
            assertThat(Instant.parse(put.text("updatedAt"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
            assertThat(account.expectOne("access.account.granted"))
                    .isEqualTo(object("user_id", "usr_5190", "role", "viewer"));
        }

        @Test
        void aNewEditorEmitsAccessAccountEditGranted() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);

            ok(put(account.api(), "/v1/members/usr_5190", "editor"));

            assertThat(account.expectOne("access.account.edit_granted"))
                    .isEqualTo(object("user_id", "usr_5190", "role", "editor"));
        }

        @Test
        void theSameRoleAgainIs200UnchangedAndEmitsNothing() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            Api.Response first = put(account.api(), "/v1/members/usr_5190", "editor");
            account.expect("access.account.edit_granted");

            Api.Response again = put(account.api(), "/v1/members/usr_5190", "editor");

            assertThat(again.status()).as(again.raw()).isEqualTo(200);
            assertThat(again.json()).isEqualTo(first.json());
            account.expectNothing();
        }

        @Test
        void aChangedRoleEmitsTheEventOfTheNewRole() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            ok(put(account.api(), "/v1/members/usr_5190", "viewer"));
            account.expect("access.account.granted");

            ok(put(account.api(), "/v1/members/usr_5190", "editor"));
            assertThat(account.expectOne("access.account.edit_granted"))
                    .isEqualTo(object("user_id", "usr_5190", "role", "editor"));

            ok(put(account.api(), "/v1/members/usr_5190", "viewer"));
            assertThat(account.expectOne("access.account.granted"))
                    .isEqualTo(object("user_id", "usr_5190", "role", "viewer"));
            assertThat(account.api().get("/v1/members").json().path("data").get(0).path("role").asText())
                    .isEqualTo("viewer");
        }

        @Test
        void removingIs204AndEmitsAccessAccountRemovedWithoutARole() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            ok(put(account.api(), "/v1/members/usr_5190", "editor"));
            account.expect("access.account.edit_granted");

            Api.Response deleted = account.api().delete("/v1/members/usr_5190");

            assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
            assertThat(account.expectOne("access.account.removed")).isEqualTo(object("user_id", "usr_5190"));
            assertThat(userIds(account.api().get("/v1/members"))).isEmpty();
        }

        @Test
        void removingSomeoneWhoIsNotAMemberIs404AndEmitsNothing() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            ok(put(account.api(), "/v1/members/usr_1", "viewer"));
            ok(account.api().delete("/v1/members/usr_1"));
            account.expect("access.account.granted", "access.account.removed");

            assertError(account.api().delete("/v1/members/usr_1"), 404, "not_found");
            assertError(account.api().delete("/v1/members/never-a-member"), 404, "not_found");

            account.expectNothing();
        }

        @Test
        void aKeyThatNamesAnActorPutsTheActorInEveryEvent() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            Api alice = account.keyOf(ALICE);

            ok(put(alice, "/v1/members/usr_5190", "viewer"));
            JsonNode granted = account.expectOne("access.account.granted");
            ok(put(alice, "/v1/members/usr_5190", "editor"));
            JsonNode editGranted = account.expectOne("access.account.edit_granted");
            ok(alice.delete("/v1/members/usr_5190"));
            JsonNode removed = account.expectOne("access.account.removed");

            assertThat(granted).isEqualTo(object("user_id", "usr_5190", "role", "viewer", "actor", ALICE));
            assertThat(editGranted).isEqualTo(object("user_id", "usr_5190", "role", "editor", "actor", ALICE));
            assertThat(removed).isEqualTo(object("user_id", "usr_5190", "actor", ALICE));
        }

        @Test
        void theListPagesByUserIdWithACursor() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            for (String user : List.of("carol", "alice", "bob")) {
                ok(put(account.api(), "/v1/members/" + user, "viewer"));
            }

            Api.Response first = account.api().get("/v1/members?limit=2");
            Api.Response second = account.api().get("/v1/members?limit=2&cursor=" + first.text("nextCursor"));

            assertThat(userIds(first)).containsExactly("alice", "bob");
            assertThat(first.text("nextCursor")).isEqualTo("bob");
            assertThat(userIds(second)).containsExactly("carol");
            assertThat(second.json().path("nextCursor").isNull()).isTrue();
            assertThat(first.json().path("data").get(0)).isEqualTo(put(account.api(), "/v1/members/alice", "viewer").json());
            account.expect("access.account.granted", "access.account.granted", "access.account.granted");
        }

        @Test
        void userIdsMayHoldEmailCharacters() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);

            Api.Response put = put(account.api(), "/v1/members/first.last+tag_1-x@example.com", "viewer");

            assertThat(put.status()).as(put.raw()).isEqualTo(200);
            assertThat(put.text("userId")).isEqualTo("first.last+tag_1-x@example.com");
            assertThat(account.expectOne("access.account.granted").path("user_id").asText())
                    .isEqualTo("first.last+tag_1-x@example.com");
            ok(account.api().delete("/v1/members/first.last+tag_1-x@example.com"));
            account.expect("access.account.removed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"has%20space", "hash%23tag", "%C3%BCser", "colon:x",
                "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"
                        + "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"})
        void anInvalidUserIdIs422AndEmitsNothing(String userId) {
            WatchedAccount account = WatchedAccount.create(herald, receiver);

            assertError(put(account.api(), "/v1/members/" + userId, "viewer"), 422, "invalid_user_id", "userId");
            assertError(account.api().delete("/v1/members/" + userId), 422, "invalid_user_id", "userId");

            account.expectNothing();
            assertThat(userIds(account.api().get("/v1/members"))).isEmpty();
        }

        @Test
        void aUserIdOf200CharactersIsAccepted() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            String longest = "u".repeat(200);

            ok(put(account.api(), "/v1/members/" + longest, "viewer"));

            account.expect("access.account.granted");
        }

        @Test
        void anInvalidRoleIs422AndAMissingOneIs400AndNeitherEmits() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);

            assertError(put(account.api(), "/v1/members/usr_1", "admin"), 422, "invalid_role", "role");
            assertError(put(account.api(), "/v1/members/usr_1", "Viewer"), 422, "invalid_role", "role");
            assertError(account.api().put("/v1/members/usr_1", "{}"), 400, "missing_field", "role");
            assertError(account.api().put("/v1/members/usr_1", "{\"role\":1}"), 400, "invalid_field", "role");
            assertError(account.api().put("/v1/members/usr_1", "{\"role\":"), 400, "malformed_json");

            account.expectNothing();
            assertThat(userIds(account.api().get("/v1/members"))).isEmpty();
        }

        @Test
        void anInvalidRoleLeavesAnExistingMemberAsTheyWere() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            Api.Response first = put(account.api(), "/v1/members/usr_1", "editor");

            assertError(put(account.api(), "/v1/members/usr_1", "owner"), 422, "invalid_role", "role");

            assertThat(account.api().get("/v1/members").json().path("data").get(0)).isEqualTo(first.json());
            account.expect("access.account.edit_granted");
        }

        @Test
        void anotherAccountsMembersAreNeitherListedNorRemovable() {
            WatchedAccount owner = WatchedAccount.create(herald, receiver);
            WatchedAccount other = WatchedAccount.create(herald, receiver);
            ok(put(owner.api(), "/v1/members/usr_1", "editor"));
            owner.expect("access.account.edit_granted");

            assertError(other.api().delete("/v1/members/usr_1"), 404, "not_found");

            assertThat(userIds(other.api().get("/v1/members"))).isEmpty();
            assertThat(userIds(owner.api().get("/v1/members"))).containsExactly("usr_1");
            other.expectNothing();
            owner.expectNothing();
        }

        @Test
        void theSameUserInTwoAccountsIsTwoIndependentMemberships() {
            WatchedAccount one = WatchedAccount.create(herald, receiver);
            WatchedAccount two = WatchedAccount.create(herald, receiver);
            ok(put(one.api(), "/v1/members/usr_1", "editor"));

            ok(put(two.api(), "/v1/members/usr_1", "editor"));

            one.expect("access.account.edit_granted");
            two.expect("access.account.edit_granted");
        }

        @Test
        void theOperatorTokenCannotManageMembers() {
            assertError(put(herald.operator(), "/v1/members/usr_1", "viewer"), 403, "account_key_required");
            assertError(herald.operator().get("/v1/members"), 403, "account_key_required");
        }
    }

    @Nested
    class ProjectLevel {

        @Test
        void aNewViewerIs200AndEmitsAccessProjectGrantedWithTheProjectKey() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            String project = createProject(account.api(), "web-store");

            Api.Response put = put(account.api(), "/v1/projects/" + project + "/members/usr_5190", "viewer");

            assertThat(put.status()).as(put.raw()).isEqualTo(200);
            assertThat(put.text("userId")).isEqualTo("usr_5190");
            assertThat(put.text("role")).isEqualTo("viewer");
            assertThat(Instant.parse(put.text("updatedAt"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
            assertThat(account.expectOne("access.project.granted"))
                    .isEqualTo(object("user_id", "usr_5190", "project", "web-store", "role", "viewer"));
        }

        @Test
        void editorChangesRepeatsAndRemovalEmitExactlyTheirEvents() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            String path = "/v1/projects/" + createProject(account.api(), "web-store") + "/members/usr_5190";

            ok(put(account.api(), path, "editor"));
            assertThat(account.expectOne("access.project.edit_granted"))
                    .isEqualTo(object("user_id", "usr_5190", "project", "web-store", "role", "editor"));
            ok(put(account.api(), path, "editor"));
            account.expectNothing();
            ok(put(account.api(), path, "viewer"));
            assertThat(account.expectOne("access.project.granted").path("role").asText()).isEqualTo("viewer");
            Api.Response deleted = account.api().delete(path);
            assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
            assertThat(account.expectOne("access.project.removed"))
                    .isEqualTo(object("user_id", "usr_5190", "project", "web-store"));
            assertError(account.api().delete(path), 404, "not_found");
            account.expectNothing();
        }

        @Test
        void aKeyThatNamesAnActorPutsTheActorInEveryEvent() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            Api alice = account.keyOf(ALICE);
            String path = "/v1/projects/" + createProject(account.api(), "web-store") + "/members/usr_5190";

            ok(put(alice, path, "viewer"));
            JsonNode granted = account.expectOne("access.project.granted");
            ok(put(alice, path, "editor"));
            JsonNode editGranted = account.expectOne("access.project.edit_granted");
            ok(alice.delete(path));
            JsonNode removed = account.expectOne("access.project.removed");

            assertThat(granted).isEqualTo(
                    object("user_id", "usr_5190", "project", "web-store", "role", "viewer", "actor", ALICE));
            assertThat(editGranted).isEqualTo(
                    object("user_id", "usr_5190", "project", "web-store", "role", "editor", "actor", ALICE));
            assertThat(removed).isEqualTo(object("user_id", "usr_5190", "project", "web-store", "actor", ALICE));
        }

        @Test
        void membershipsOfTheAccountAndOfEachProjectAreIndependent() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            Api api = account.api();
            String web = createProject(api, "web-store");
            String mobile = createProject(api, "mobile-app");
            ok(put(api, "/v1/members/usr_1", "viewer"));
            ok(put(api, "/v1/projects/" + web + "/members/usr_1", "editor"));
            ok(put(api, "/v1/projects/" + mobile + "/members/usr_2", "viewer"));
            account.expect("access.account.granted", "access.project.edit_granted", "access.project.granted");

            ok(api.delete("/v1/members/usr_1"));

            assertThat(account.expectOne("access.account.removed")).isEqualTo(object("user_id", "usr_1"));
            assertThat(userIds(api.get("/v1/members"))).isEmpty();
            assertThat(userIds(api.get("/v1/projects/" + web + "/members"))).containsExactly("usr_1");
            assertThat(userIds(api.get("/v1/projects/" + mobile + "/members"))).containsExactly("usr_2");
            assertError(api.delete("/v1/projects/" + mobile + "/members/usr_1"), 404, "not_found");
            account.expectNothing();
        }

        @Test
        void theListPagesByUserIdWithACursor() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            String base = "/v1/projects/" + createProject(account.api(), "web-store") + "/members";
            for (String user : List.of("carol", "alice", "bob")) {
                ok(put(account.api(), base + "/" + user, "editor"));
            }

            Api.Response first = account.api().get(base + "?limit=2");
            Api.Response second = account.api().get(base + "?limit=2&cursor=" + first.text("nextCursor"));

            assertThat(userIds(first)).containsExactly("alice", "bob");
            assertThat(userIds(second)).containsExactly("carol");
            assertThat(second.json().path("nextCursor").isNull()).isTrue();
            account.expect("access.project.edit_granted", "access.project.edit_granted", "access.project.edit_granted");
        }

        @Test
        void invalidUserIdsAndRolesAre422AndEmitNothing() {
            WatchedAccount account = WatchedAccount.create(herald, receiver);
            String base = "/v1/projects/" + createProject(account.api(), "web-store") + "/members/";

            assertError(put(account.api(), base + "bad%20user", "viewer"), 422, "invalid_user_id", "userId");
            assertError(put(account.api(), base + "usr_1", "admin"), 422, "invalid_role", "role");
            assertError(account.api().put(base + "usr_1", "{}"), 400, "missing_field", "role");

            account.expectNothing();
        }

        @Test
        void anUnknownOrAnotherAccountsProjectIs404ForEveryMemberRouteAndEmitsNothing() {
            WatchedAccount owner = WatchedAccount.create(herald, receiver);
            WatchedAccount other = WatchedAccount.create(herald, receiver);
            String project = createProject(owner.api(), "web-store");
            ok(put(owner.api(), "/v1/projects/" + project + "/members/usr_1", "viewer"));
            owner.expect("access.project.granted");

            for (String id : List.of(project, UNKNOWN_PROJECT, "not-an-id")) {
                String base = "/v1/projects/" + id + "/members";
                assertError(put(other.api(), base + "/usr_2", "viewer"), 404, "not_found");
                assertError(other.api().delete(base + "/usr_1"), 404, "not_found");
                assertError(other.api().get(base), 404, "not_found");
            }

            assertThat(userIds(owner.api().get("/v1/projects/" + project + "/members"))).containsExactly("usr_1");
            other.expectNothing();
            owner.expectNothing();
        }
    }
}
