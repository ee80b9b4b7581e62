package herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import herald.TestPostgres;
import herald.db.Database;
import herald.loop.Wakeup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two nodes' notifications on one real PostgreSQL: work announced on one wakes the idle loop on the other. */
class NotificationsTest {

    @Test
    void workAnnouncedOnOneNodeWakesTheSameLoopOnAnother() throws Exception {
        String url = TestPostgres.server().newDatabase();
        try (Database db = Database.openPostgres(url, null, null, 2)) {
            Wakeup idleOnB = new Wakeup("herald_deliveries");
            Wakeup otherChannelOnB = new Wakeup("herald_experiment_ends");
            try (Notifications b = new Notifications(db).start(List.of(idleOnB, otherChannelOnB));
                 Notifications a = new Notifications(db).start(List.of(new Wakeup("herald_deliveries")))) {
                // B wakes its loops once it listens (anything sent before that was missed): wait for it.
                assertThat(idleOnB.await(10_000)).as("woken when B starts listening").isTrue();
                assertThat(otherChannelOnB.await(10_000)).isTrue();
                assertThat(idleOnB.await(200)).as("nothing announced yet").isFalse();

                a.announce("herald_deliveries");

                assertThat(idleOnB.await(10_000)).as("A's announcement wakes B's dispatcher loop").isTrue();
                assertThat(otherChannelOnB.await(200)).as("and only the loop of that channel").isFalse();
            }
        } finally {
            TestPostgres.server().dropDatabase(url);
        }
    }
}
