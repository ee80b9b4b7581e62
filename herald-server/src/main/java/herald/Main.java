package herald;

import herald.cli.Cli;
import herald.cli.DeliveriesCommand;
import herald.cli.EventsCommand;
import herald.cli.ExperimentsCommand;
import herald.cli.ListenCommand;
import herald.cli.Terminal;
import herald.cli.TriggerCommand;
import herald.cli.WebhooksCommand;
import herald.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald <command>}: the server and its tools in one jar. */
@Command(name = "herald", mixinStandardHelpOptions = true, version = "Herald 0.1.0",
        description = "Webhooks for experimentation and feature-flag platforms.",
        subcommands = {Main.Serve.class, Main.RotateMasterKey.class, ListenCommand.class, WebhooksCommand.class,
                DeliveriesCommand.class, EventsCommand.class, TriggerCommand.class, ExperimentsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new Main(), Terminal.system()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Puts a command-line flag over the variable it stands for ({@code --port} over {@code HERALD_PORT}),
     * so that a flag given wins and {@link Config#load} reads one source; a flag not given (picocli
     * leaves it null) leaves the variable as it is.
     */
    static void flag(java.util.Map<String, String> env, String variable, Object value) {
        if (value != null) {
            env.put(variable, value.toString());
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the API, dispatcher and scheduler in one process.")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--port", description = "HTTP port (default 8080, or HERALD_PORT).")
        Integer port;

        @Option(names = "--data-dir", description = "Data directory (default ./herald-data, or HERALD_DATA_DIR).")
        Path dataDir;

        @Option(names = "--database-url", description = "A jdbc:postgresql: URL (or HERALD_DATABASE_URL); "
                + "default: the embedded database in the data directory.")
        String databaseUrl;

        @Option(names = "--database-user", description = "PostgreSQL user (or HERALD_DATABASE_USER).")
        String databaseUser;

        @Option(names = "--database-password-file", description = "A file holding the PostgreSQL password "
                + "(or HERALD_DATABASE_PASSWORD), so that it never shows in the process list.")
        Path databasePasswordFile;

        @Override
        public Integer call() throws InterruptedException {
            Config config;
            try {
                java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
                if (databasePasswordFile != null) {
                    env.put("HERALD_DATABASE_PASSWORD", java.nio.file.Files.readString(databasePasswordFile).strip());
                }
                flag(env, "HERALD_DATABASE_USER", databaseUser);
                flag(env, "HERALD_PORT", port);
                flag(env, "HERALD_DATA_DIR", dataDir);
                flag(env, "HERALD_DATABASE_URL", databaseUrl);
                config = Config.load(env);
            } catch (java.io.IOException e) {
                System.err.println("herald: cannot read the password file: " + e.getMessage());
                return 2;
            } catch (IllegalArgumentException e) {
                System.err.println("herald: " + e.getMessage());
                return 2;
            }
            App app;
            try {
                app = App.start(config, Clock.systemUTC());
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("herald: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "herald-shutdown"));
            app.generatedOperatorToken().ifPresent(token -> System.out.println(
                    "Generated operator token (shown once; its hash is stored): " + token));
            System.out.println("Herald is listening on " + app.baseUrl());
            System.out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "rotate-master-key", mixinStandardHelpOptions = true,
            description = "Re-encrypt every signing secret and custom header under a new master key (run it while"
                    + " Herald is stopped).")
    static final class RotateMasterKey implements Callable<Integer> {

        @Option(names = "--data-dir", description = "Data directory (default ./herald-data, or HERALD_DATA_DIR).")
        Path dataDir;

        @Option(names = "--database-url", description = "A jdbc:postgresql: URL (or HERALD_DATABASE_URL); stop "
                + "every node first. Default: the embedded database in the data directory.")
        String databaseUrl;

        @Option(names = "--new-key", description = "The new key, base64 of 32 random bytes; required when "
                + "HERALD_MASTER_KEY is set. Default: a new random key, written to master.key.")
        String newKey;

        @Override
        public Integer call() {
            try {
                java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
                flag(env, "HERALD_DATA_DIR", dataDir);
                flag(env, "HERALD_DATABASE_URL", databaseUrl);
                Config config = Config.load(env);
                String id = Optional.ofNullable(newKey).map(key -> App.rotateMasterKey(config, key))
                        .orElseGet(() -> App.rotateMasterKey(config));
                System.out.println("Signing secrets are now sealed under master key " + id + ".");
                if (config.masterKey().isPresent()) {
                    System.out.println("Set HERALD_MASTER_KEY to the new key before starting Herald.");
                }
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("herald: " + e.getMessage());
                return 1;
            }
        }
    }
}
