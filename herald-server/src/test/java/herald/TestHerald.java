package herald;

import static org.assertj.core.api.Assertions.assertThat;

import herald.config.Config;
import herald.config.RetrySchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Herald started in-process on a free port with a fresh data directory, private targets allowed
 * (receivers live on loopback) and a fast retry schedule, plus helpers to make accounts and webhooks.
 */
public final class TestHerald implements AutoCloseable {

    public static final String OPERATOR_TOKEN = "hop_test-operator-token";

    private final Path dataDir;
    private final Map<String, String> env;
    private final Clock clock;
    private final App app;
    private final Api operator;
    private boolean keepData;

    private TestHerald(Path dataDir, Map<String, String> env, Clock clock) {
        this.dataDir = dataDir;
        this.env = env;
        this.clock = clock;
        Map<String, String> all = new HashMap<>(Map.of(
                "HERALD_OPERATOR_TOKEN", OPERATOR_TOKEN,
                "HERALD_ALLOW_PRIVATE_TARGETS", "true",
                "HERALD_RETRY_SCHEDULE", "0s,100ms,100ms,100ms,100ms",
                "HERALD_DURABLE_COMMITS", "false"));
        all.putAll(env);
        all.put("HERALD_PORT", "0");
        all.put("HERALD_DATA_DIR", dataDir.toString());
        if (TestPostgres.enabled() && !all.containsKey("HERALD_DATABASE_URL")) {
            throw new IllegalStateException("start through TestHerald.start, which makes the database");
        }
        Config config = Config.load(all);
        this.app = App.start(config, clock);
        this.operator = new Api(app.baseUrl(), OPERATOR_TOKEN);
    }

    public static TestHerald start() {
        return start(Map.of());
    }

    public static TestHerald start(Map<String, String> env) {
        return start(env, Clock.systemUTC());
    }

    /** Starts Herald on a clock of the test's choosing, e.g. one offset to a day and hour it needs. */
    public static TestHerald start(Map<String, String> env, Clock clock) {
        try {
            Map<String, String> withDatabase = new HashMap<>(env);
            if (TestPostgres.enabled() && !env.containsKey("HERALD_DATABASE_URL")) {
                withDatabase.put("HERALD_DATABASE_URL", TestPostgres.server().newDatabase());
                withDatabase.putIfAbsent("HERALD_MASTER_KEY", TestPostgres.MASTER_KEY);
            }
            return new TestHerald(Files.createTempDirectory("herald-test"), Map.copyOf(withDatabase), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts Herald on the embedded database in a data directory of the test's choosing. */
    public static TestHerald startIn(Path dataDir, Map<String, String> env) {
        return new TestHerald(dataDir, Map.copyOf(env), Clock.systemUTC());
    }

    /** The data directory: the embedded database and the key file. */
    public Path dataDir() {
        return dataDir;
    }

    /** Runs SQL against this Herald's database directly, as another process would. */
    public <T> T sql(SqlWork<T> work) {
        String url = env.getOrDefault("HERALD_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("herald.db"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
            return work.run(c);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Work on a JDBC connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(java.sql.Connection connection) throws java.sql.SQLException;
    }

    public App app() {
        return app;
    }

    public Api operator() {
        return operator;
    }

    public Api anonymous() {
        return new Api(app.baseUrl(), null);
    }

    /** Creates an account on this plan and returns an API client holding its key. */
    public Api account(String plan) {
        Api.Response created = operator.post("/v1/accounts", "{\"name\":\"Test " + plan + "\",\"plan\":\"" + plan + "\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return operator.as(created.text("apiKey"));
    }

    /** Creates a webhook and returns its JSON. */
    public static Api.Response webhook(Api api, String url, String events) {
        Api.Response created = api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":" + events + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created;
    }

    public static String flagCreated(String key) {
        return "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_" + key + "\",\"flag_key\":\"" + key
                + "\",\"project\":\"web\"}}";
    }

    /** Stops Herald, keeping its data, for tests that want downtime between stop and {@link #startAgain}. */
    public void stopKeepingData() {
        keepData = true;
        close();
    }

    public TestHerald startAgain() {
        return startAgain(clock);
    }

    /** Starts Herald again on the same data, with a clock that may have moved on. */
    public TestHerald startAgain(Clock later) {
        return new TestHerald(dataDir, env, later);
    }

    /** Starts Herald again on the same data directory with other settings on top of the first ones. */
    public TestHerald startAgain(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(more);
        return new TestHerald(dataDir, all, clock);
    }

    @Override
    public void close() {
        app.close();
        if (keepData) {
            return;
        }
        if (env.containsKey("HERALD_DATABASE_URL") && TestPostgres.enabled()) {
            TestPostgres.server().dropDatabase(env.get("HERALD_DATABASE_URL"));
        }
        TempDirectories.delete(dataDir);
    }

    /** A schedule for tests that need the default attempt count with short delays. */
    public static RetrySchedule fastSchedule() {
        return RetrySchedule.parse("0s,100ms,100ms,100ms,100ms");
    }
}
