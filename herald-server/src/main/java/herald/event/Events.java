package herald.event;

import com.fasterxml.jackson.databind.JsonNode;
import herald.account.Account;
import herald.db.Database;
import herald.limit.RateLimiter;
import herald.page.PageRequest;
import herald.problem.Invalid;
import herald.problem.NotFound;
import herald.problem.TooLarge;
import java.util.List;
import java.util.Optional;

/** Events published by the platform's own code through the API, and reading them back. */
public final class Events {

    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** The largest {@code data} accepted, as JSON text: a webhook receiver should not have to take more. */
    public static final int MAX_DATA_BYTES = 256 * 1024;
    /** Types only Herald itself emits; publishing them through the API would forge Herald's voice. */
    private static final List<String> INTERNAL_TYPES = List.of("webhook.ping", "webhook.disabled");

    private final Database db;
    private final EventStore store;
    private final EventCatalog catalog;
    private final Publisher publisher;
    private final RateLimiter publishLimit;

    /** @param publishLimit the per-account limit on publishing */
    public Events(Database db, EventStore store, EventCatalog catalog, Publisher publisher, RateLimiter publishLimit) {
        this.db = db;
        this.store = store;
        this.catalog = catalog;
        this.publisher = publisher;
        this.publishLimit = publishLimit;
    }

    /** The most events one batch may carry. */
    public static final int MAX_BATCH = 1_000;

    /** One event to publish, as a client sent it. */
    public record Publication(String type, JsonNode data, Optional<String> idempotencyKey) {}

    /** An event that passed every check, with its data as the JSON text to store. */
    private record Checked(Publication publication, String json) {}

    /**
     * Validates and publishes; with a repeated idempotency key, returns the first event and sends nothing new.
     * The rate limit is taken first, so a flood of bad requests is limited too.
     */
    public Publisher.Published publish(Account account, Publication publication) {
        publishLimit.acquire(account.id().value());
        Checked event = check(publication);
        return db.write(tx -> store(tx, account, event));
    }

    /**
     * Publishes up to {@link #MAX_BATCH} events in one transaction: every one is checked before any is
     * stored, and a refusal names the index of the event at fault ({@code events[3].data.flag_id}), so
     * a batch is stored whole or not at all. Each event counts against the publish rate limit.
     */
    public List<Publisher.Published> publishBatch(Account account, List<Publication> publications) {
        if (publications.isEmpty() || publications.size() > MAX_BATCH) {
            throw new Invalid("invalid_batch", "events must hold 1 to " + MAX_BATCH + " events", "events");
        }
        publishLimit.acquire(account.id().value(), publications.size());
        List<Checked> checked = new java.util.ArrayList<>(publications.size());
        for (int i = 0; i < publications.size(); i++) {
            try {
                checked.add(check(publications.get(i)));
            } catch (Invalid | TooLarge problem) {
                throw at("events[" + i + "]", problem);
            }
        }
        return db.write(tx -> checked.stream().map(event -> store(tx, account, event)).toList());
    }

    private Checked check(Publication p) {
        String json = publisher.json(p.data());
        // A char is at most 3 bytes of UTF-8: only text near the limit needs encoding to be measured.
        if (json.length() > MAX_DATA_BYTES || (3L * json.length() > MAX_DATA_BYTES
                && json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DATA_BYTES)) {
            throw new TooLarge("data_too_large", "data must be at most " + MAX_DATA_BYTES + " bytes of JSON", "data");
        }
        if (INTERNAL_TYPES.contains(p.type())) {
            throw new Invalid("reserved_event_type", "'" + p.type() + "' is emitted by Herald itself and cannot be"
                    + " published", "type");
        }
        catalog.validate(p.type(), p.data());
        p.idempotencyKey().ifPresent(key -> {
            if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw new Invalid("invalid_idempotency_key", "idempotencyKey must be 1 to "
                        + MAX_IDEMPOTENCY_KEY_LENGTH + " characters", "idempotencyKey");
            }
        });
        return new Checked(p, json);
    }

    private Publisher.Published store(herald.db.Tx tx, Account account, Checked event) {
        return publisher.publish(tx, account.id(), event.publication(), event.json());
    }

    /** The same refusal, located inside a batch: the field and the message name the event's index. */
    private static herald.problem.Problem at(String prefix, herald.problem.Problem problem) {
        String field = problem.field().map(f -> prefix + "." + f).orElse(prefix);
        String message = prefix + ": " + problem.getMessage();
        return problem instanceof TooLarge
                ? new TooLarge(problem.code(), message, field)
                : new Invalid(problem.code(), message, field);
    }

    public Event find(Account account, EventId id) {
        return db.read(tx -> store.find(tx, account.id(), id))
                .orElseThrow(() -> new NotFound("not_found", "no event " + id));
    }

    /** A page of the account's events, newest first. */
    public List<Event> list(Account account, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), page));
    }

    /** A page of the account's events of one type, newest first. */
    public List<Event> list(Account account, String type, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), type, page));
    }

    /**
     * The account's newest events about one experiment, newest first. The store's LIKE treats the
     * id's underscore as a wildcard, so each match is confirmed here as an exact member.
     */
    public List<Event> aboutExperiment(Account account, String experimentId, int limit) {
        String member = "\"experiment_id\":\"" + experimentId + "\"";
        return db.read(tx -> store.mentioningExperiment(tx, account.id(), experimentId, limit)).stream()
                .filter(e -> e.data().contains(member))
                .toList();
    }

    public EventCatalog catalog() {
        return catalog;
    }
}
