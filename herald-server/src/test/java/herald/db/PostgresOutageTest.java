package herald.db;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL faults under a stream of publishes: the server crashes (every process killed, as a power
 * cut or {@code pg_ctl -m immediate} would) and comes back, and the server ends Herald's connections
 * in the middle of their work. Publishes meanwhile are refused with a retryable 503 within a bounded
 * time, never a 500; readiness says so; every acknowledged event is delivered; Herald recovers by
 * itself. Runs in the PostgreSQL suite.
 */
class PostgresOutageTest {

    @Test
    void aCrashedPostgresIsAnswered503AndHeraldRecoversByItselfWhenItIsBack(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        EmbeddedPostgres server = startPostgres(dataDir, port);
        String url;
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE herald_outage");
            url = "jdbc:postgresql://127.0.0.1:" + port + "/herald_outage?user=postgres";
        }
        try (Receiver receiver = new Receiver();
             TestHerald herald = TestHerald.start(Map.of("HERALD_DATABASE_URL", url,
                     "HERALD_MASTER_KEY", TestPostgres.MASTER_KEY))) {
            Api api = herald.account("growth");
            TestHerald.webhook(api, receiver.url("/hooks"), "[\"flag.created\"]");
            Set<String> acknowledged;
            try (PublishStream stream = new PublishStream(api, 0)) {
                assertThat(stream.awaitAcknowledged(50, 20_000)).isTrue();

                crash(dataDir);
                release(server);
                long crashedAt = System.currentTimeMillis();
                assertThat(stream.awaitRefused(1, 15_000)).as("a refusal within the pool's wait: " + stream.statuses())
                        .isTrue();
                assertThat(stream.lastRefusedAt() - crashedAt).as("refused within a bounded time")
                        .isLessThan(Duration.ofSeconds(12).toMillis());
                assertThat(herald.anonymous().get("/readyz").status()).isEqualTo(503);

                server = startPostgres(dataDir, port);
                long restartedAt = System.currentTimeMillis();
                assertThat(stream.awaitAcknowledged(20, 30_000)).as("publishing again: " + stream.statuses()).isTrue();
                assertThat(stream.lastAcknowledgedAt() - restartedAt).as("back within seconds")
                        .isLessThan(Duration.ofSeconds(15).toMillis());
                assertThat(awaitReady(herald.anonymous(), 10_000)).isTrue();
                acknowledged = stream.acknowledged();
                assertThat(stream.unexpected()).as("no 500 and no other refusal").isEmpty();
            }
            assertThat(DeliveredEvents.awaitAll(receiver, "/hooks", acknowledged, Duration.ofSeconds(60)))
                    .as("every acknowledged event is delivered").containsAll(acknowledged);
        } finally {
            server.close();
        }
    }

    @Test
    void connectionsEndedByTheServerMidTrafficLoseNothingAndAnswerNo500() throws Exception {
        try (Receiver receiver = new Receiver(); TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            TestHerald.webhook(api, receiver.url("/hooks"), "[\"flag.created\"]");
            Set<String> acknowledged;
            int ended = 0;
            try (PublishStream stream = new PublishStream(api, 0)) {
                assertThat(stream.awaitAcknowledged(20, 20_000)).isTrue();
                for (int round = 0; round < 5; round++) {
                    ended += herald.sql(PostgresOutageTest::terminateOtherBackends);
                    assertThat(stream.awaitAcknowledged(20, 20_000)).as("publishing goes on: " + stream.statuses())
                            .isTrue();
                }
                acknowledged = stream.acknowledged();
                assertThat(stream.unexpected()).as("no 500 and no other refusal").isEmpty();
            }
            assertThat(ended).as("the server really ended Herald's connections").isGreaterThanOrEqualTo(5);
            assertThat(DeliveredEvents.awaitAll(receiver, "/hooks", acknowledged, Duration.ofSeconds(60)))
                    .as("every acknowledged event is delivered").containsAll(acknowledged);
        }
    }

    /** Ends every other connection to this database from the server side; returns how many. */
    private static int terminateOtherBackends(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "off")
                .start();
    }

    /** Kills the postmaster and every process it started, with no chance to shut down. */
    private static void crash(Path dataDir) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        var children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().join();
    }

    /** Lets go of a crashed server's hold on its data directory (its lock), so it can start again. */
    private static void release(EmbeddedPostgres crashed) {
        try {
            crashed.close();
        } catch (IOException | RuntimeException e) {
            // stopping a server that is already dead fails; the lock is released all the same
        }
    }

    private static boolean awaitReady(Api anonymous, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (anonymous.get("/readyz").status() == 200) {
                return true;
            }
            Receiver.sleep(200);
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
