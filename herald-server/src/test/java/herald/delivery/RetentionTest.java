package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.account.AccountId;
import herald.db.Database;
import herald.event.Event;
import herald.event.EventId;
import herald.event.EventStore;
import herald.webhook.WebhookId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History past retention goes, in batches; pending deliveries and the events they need stay. */
class RetentionTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private final Instant now = Instant.parse("2026-06-30T00:00:00Z");
    private final DeliveryStore deliveries = new DeliveryStore();
    private final EventStore events = new EventStore();
    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.openEmbedded(dir.resolve("herald.db"), false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void purgesFinishedHistoryOlderThanRetentionInBatchesAndKeepsWhatIsPendingOrRecent() {
        int old = Retention.BATCH * 2 + 7; // more than one batch
        List<String> oldIds = new ArrayList<>();
        for (int i = 0; i < old; i++) {
            oldIds.add(store("old-" + i, now.toEpochMilli() - 31 * DAY, "success"));
        }
        String oldPending = store("old-pending", now.toEpochMilli() - 40 * DAY, "pending");
        String recent = store("recent", now.toEpochMilli() - 29 * DAY, "dead");

        long purged = new Retention(db, deliveries, events, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC)).purge();

        assertThat(purged).isEqualTo(2L * old); // the deliveries, then their events
        assertThat(count("SELECT COUNT(*) FROM deliveries")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM attempts")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM events")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE id = ?", oldPending)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE id = ?", recent)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE id = ?", oldIds.getFirst())).isZero();
    }

    /** Stores an event, one delivery in the given state and one attempt; returns the delivery id. */
    private String store(String key, long createdAt, String status) {
        return db.write(tx -> {
            Event event = new Event(new EventId("evt_" + key), new AccountId("acc_1"), "flag.created", "{}", Optional.empty(), createdAt);
            events.insert(tx, event);
            String id = deliveries.insertPending(tx, event, List.of(new WebhookId("wh_1")), false, createdAt).getFirst()
                    .value();
            tx.update("UPDATE deliveries SET status = ? WHERE id = ?", status, id);
            tx.update("INSERT INTO attempts (delivery_id, attempt, started_at, duration_ms) VALUES (?, 1, ?, 1)",
                    id, createdAt);
            return id;
        });
    }

    private long count(String sql, Object... args) {
        return db.read(tx -> tx.count(sql, args));
    }
}
