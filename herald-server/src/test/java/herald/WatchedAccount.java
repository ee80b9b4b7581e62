package herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.event.EventCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A growth account whose every event goes to a webhook subscribed to {@code "*"} on a real receiver,
 * for tests that prove which events a change emits: exactly the expected ones, no more and no fewer,
 * each delivered with data that validates against the catalog.
 *
 * <p>Events are committed with the change, before its response, so the account's event list is exact
 * at once; deliveries are then awaited, and a short settle after they arrive catches any extra.
 */
public final class WatchedAccount {

    private static final EventCatalog CATALOG = EventCatalog.load(new ObjectMapper());
    private static final Duration ARRIVAL = Duration.ofSeconds(15);
    private static final long SETTLE_MILLIS = 200;

    private final TestHerald herald;
    private final Receiver receiver;
    private final String id;
    private final Api api;
    private final String path;
    private final List<String> expected = new ArrayList<>();
    private final Set<String> seenEvents = new HashSet<>();

    private WatchedAccount(TestHerald herald, Receiver receiver, String id, Api api) {
        this.herald = herald;
        this.receiver = receiver;
        this.id = id;
        this.api = api;
        this.path = "/watch/" + id;
        TestHerald.webhook(api, receiver.url(path), "[\"*\"]");
    }

    /** A new growth account with a webhook for every event to {@code receiver}. */
    public static WatchedAccount create(TestHerald herald, Receiver receiver) {
        Api.Response created = herald.operator().post("/v1/accounts", "{\"name\":\"Watched\",\"plan\":\"growth\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return new WatchedAccount(herald, receiver, created.text("id"), herald.operator().as(created.text("apiKey")));
    }

    public String id() {
        return id;
    }

    /** A client with the account's first key, which names no actor. */
    public Api api() {
        return api;
    }

    /** A client with a new key of this account that names {@code actor} (made by the operator). */
    public Api keyOf(String actor) {
        Api.Response key = herald.operator().post("/v1/accounts/" + id + "/api-keys", "{\"actor\":\"" + actor + "\"}");
        assertThat(key.status()).as(key.raw()).isEqualTo(201);
        return api.as(key.text("apiKey"));
    }

    /**
     * Asserts that the changes since the previous call emitted exactly these event types, in any order,
     * and returns the envelopes delivered for them, ordered as {@code types} is (a repeated type in
     * event id order).
     */
    public List<JsonNode> expect(String... types) {
        expected.addAll(List.of(types));
        Api.Response listed = api.get("/v1/events?limit=500");
        assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
        assertThat(listed.json().path("data")).extracting(e -> e.path("type").asText())
                .as("the account's events").containsExactlyInAnyOrderElementsOf(expected);

        receiver.await(r -> r.path().equals(path), expected.size(), ARRIVAL);
        Receiver.sleep(SETTLE_MILLIS);
        List<JsonNode> delivered = receiver.requests(path).stream().map(WatchedAccount::json).toList();
        assertThat(delivered).extracting(d -> d.path("type").asText())
                .as("the deliveries").containsExactlyInAnyOrderElementsOf(expected);

        List<JsonNode> fresh = new ArrayList<>(delivered.stream()
                .filter(d -> !seenEvents.contains(d.path("eventId").asText()))
                .sorted((a, b) -> a.path("eventId").asText().compareTo(b.path("eventId").asText()))
                .toList());
        List<JsonNode> ordered = new ArrayList<>();
        for (String type : types) {
            JsonNode match = fresh.stream().filter(d -> d.path("type").asText().equals(type)).findFirst().orElseThrow();
            fresh.remove(match);
            ordered.add(match);
        }
        for (JsonNode envelope : ordered) {
            seenEvents.add(envelope.path("eventId").asText());
            assertThat(envelope.path("accountId").asText()).isEqualTo(id);
            assertThatCode(() -> CATALOG.validate(envelope.path("type").asText(), envelope.path("data")))
                    .as("data of %s", envelope).doesNotThrowAnyException();
            JsonNode event = api.get("/v1/events/" + envelope.path("eventId").asText()).json();
            assertThat(event.path("data")).as("the stored event is the delivered one").isEqualTo(envelope.path("data"));
        }
        return ordered;
    }

    /** Asserts that nothing was emitted since the previous check. */
    public void expectNothing() {
        expect();
    }

    /** The {@code data} of the one event the changes since the previous check emitted, of this type. */
    public JsonNode expectOne(String type) {
        return expect(type).getFirst().path("data");
    }

    private static JsonNode json(Receiver.Request request) {
        try {
            return Api.mapper().readTree(request.rawBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
