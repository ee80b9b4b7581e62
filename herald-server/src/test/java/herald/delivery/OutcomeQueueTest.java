package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import herald.db.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes written together, on a real embedded database; one that fails never takes the others with it. */
class OutcomeQueueTest {

    @Test
    void aFailingOutcomeInABatchFailsAloneAndTheOthersCommit(@TempDir Path dir) throws Exception {
        try (Database db = Database.openEmbedded(dir.resolve("herald.db"), false)) {
            OutcomeQueue queue = new OutcomeQueue(db);
            CountDownLatch firstWriting = new CountDownLatch(1);
            // The first outcome holds the queue's writer a moment, so the next ones queue up into one batch.
            Thread first = Thread.startVirtualThread(() -> queue.record("a", tx -> {
                firstWriting.countDown();
                tx.update("INSERT INTO settings (name, value) VALUES ('first', '1')");
                sleep(300);
            }));
            firstWriting.await();
            List<Thread> others = new ArrayList<>();
            AtomicReference<Throwable> badFailure = new AtomicReference<>();
            for (int i = 0; i < 5; i++) {
                String name = "good" + i;
                others.add(Thread.startVirtualThread(() -> queue.record(name, tx ->
                        tx.update("INSERT INTO settings (name, value) VALUES (?, '1')", name))));
            }
            others.add(Thread.startVirtualThread(() -> {
                try {
                    queue.record("bad", tx -> {
                        tx.update("INSERT INTO settings (name, value) VALUES ('bad', '1')");
                        throw new IllegalStateException("this outcome cannot be written");
                    });
                } catch (IllegalStateException e) {
                    badFailure.set(e);
                }
            }));
            first.join();
            for (Thread t : others) {
                t.join();
            }
            queue.close();

            assertThat(badFailure.get()).hasMessage("this outcome cannot be written");
            List<String> names = db.read(tx -> tx.query("SELECT name FROM settings WHERE value = '1' ORDER BY name",
                    rs -> rs.getString(1)));
            assertThat(names).containsExactly("first", "good0", "good1", "good2", "good3", "good4");
            assertThatThrownBy(() -> queue.record("late", tx -> { })).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anOutcomeTheStorageCannotTakeIsWrittenAgainUntilItCanAndThenOnlyOnce(@TempDir Path dir) throws Exception {
        try (Database db = Database.openEmbedded(dir.resolve("herald.db"), false)) {
            OutcomeQueue queue = new OutcomeQueue(db);
            java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
            queue.record("a", tx -> {
                tx.update("INSERT INTO settings (name, value) VALUES ('outcome', '1')");
                if (tries.incrementAndGet() <= 3) { // SQLState 53100: PostgreSQL's disk full
                    throw new herald.db.DatabaseException("INSERT", new java.sql.SQLException("disk full", "53100"));
                }
            });
            queue.close();

            assertThat(tries.get()).as("written again until the storage took it").isEqualTo(4);
            long written = db.read(tx -> tx.count("SELECT COUNT(*) FROM settings WHERE name = 'outcome'"));
            assertThat(written).as("and committed once").isEqualTo(1);
        }
    }

    @Test
    void anOutcomeThatFailsForAnyOtherReasonIsNotWrittenAgain(@TempDir Path dir) throws Exception {
        try (Database db = Database.openEmbedded(dir.resolve("herald.db"), false)) {
            OutcomeQueue queue = new OutcomeQueue(db);
            java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
            assertThatThrownBy(() -> queue.record("a", tx -> {
                tries.incrementAndGet();
                throw new herald.db.DatabaseException("INSERT", new java.sql.SQLException("syntax error", "42601"));
            })).isInstanceOf(herald.db.DatabaseException.class);
            queue.close();
            assertThat(tries.get()).as("once together, once alone").isEqualTo(2);
        }
    }
}
