package herald.db;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The embedded database's disk fills up while events stream in, then space comes back: publishes are
 * refused with a retryable 503 meanwhile (never a 500), readiness says so, every acknowledged event is
 * delivered, and Herald takes writes again by itself, without a restart.
 */
class DiskFullTest {

    @Test
    void aFullDiskIsRefusedWithA503AndHeraldRecoversByItselfWhenSpaceReturns() throws Exception {
        try (SmallFilesystem disk = SmallFilesystem.mount(24);
             Receiver receiver = new Receiver()) {
            Path dataDir = disk.root().resolve("data");
            try (TestHerald herald = TestHerald.startIn(dataDir, Map.of())) {
                Api api = herald.account("growth");
                TestHerald.webhook(api, receiver.url("/hooks"), "[\"flag.created\"]");
                Set<String> acknowledged;
                try (PublishStream stream = new PublishStream(api, 2_000)) {
                    assertThat(stream.awaitAcknowledged(50, 20_000)).as("publishing before the fault").isTrue();

                    Path filler = disk.fill();
                    assertThat(stream.awaitRefused(5, 60_000)).as("refusals while the disk is full: " + stream.statuses())
                            .isTrue();
                    Api.Response ready = herald.anonymous().get("/readyz");
                    assertThat(ready.status()).as(ready.raw()).isEqualTo(503);
                    assertThat(herald.anonymous().get("/healthz").status()).isEqualTo(200);

                    Files.delete(filler);
                    long freedAt = System.currentTimeMillis();
                    assertThat(stream.awaitAcknowledged(20, 15_000)).as("publishing again once space is back: "
                            + stream.statuses()).isTrue();
                    assertThat(stream.lastAcknowledgedAt() - freedAt).as("back within seconds")
                            .isLessThan(Duration.ofSeconds(10).toMillis());
                    assertThat(herald.anonymous().get("/readyz").status()).isEqualTo(200);
                    acknowledged = stream.acknowledged();
                    assertThat(stream.unexpected()).as("no 500 and no other refusal").isEmpty();
                }

                assertThat(DeliveredEvents.awaitAll(receiver, "/hooks", acknowledged, Duration.ofSeconds(60)))
                        .as("every acknowledged event is delivered").containsAll(acknowledged);
            }
        }
    }
}
