package herald;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL server of the PostgreSQL test suite: started once per test JVM from Maven
 * Central's PostgreSQL binaries, stopped when the JVM exits. Each Herald under test gets a database
 * of its own on it, so tests stay as independent as on the embedded database.
 *
 * <p>The suite runs when the environment variable {@code HERALD_TEST_POSTGRES} is {@code true}:
 * {@code ./mvnw verify} runs every Herald-level test once on the embedded database and once more
 * that way (see the {@code postgres} execution in herald-server's pom).
 */
public final class TestPostgres {

    private static final TestPostgres INSTANCE = new TestPostgres();

    /**
     * The master key every Herald on the test server shares, as nodes of one cluster must (on
     * PostgreSQL it comes from HERALD_MASTER_KEY, never from a node's own key file).
     */
    public static final String MASTER_KEY = java.util.Base64.getEncoder().encodeToString(
            "herald-test-master-key-32-bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private final AtomicInteger databases = new AtomicInteger();
    private volatile EmbeddedPostgres server;

    private TestPostgres() {}

    /** True when this test run is the PostgreSQL suite. */
    public static boolean enabled() {
        return "true".equalsIgnoreCase(System.getenv("HERALD_TEST_POSTGRES"));
    }

    public static TestPostgres server() {
        return INSTANCE;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "herald_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = started().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return url(name);
    }

    /** Drops a database made by {@link #newDatabase}, ending whatever still holds it open. */
    public void dropDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection c = started().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name, e);
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + started().getPort() + "/" + database + "?user=postgres";
    }

    private synchronized EmbeddedPostgres started() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "400")
                        .setServerConfig("fsync", "off") // a test server: speed over power-loss safety
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // the JVM is exiting; the temporary cluster is removed with it
                    }
                }));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the PostgreSQL test server", e);
            }
        }
        return server;
    }
}
