package herald;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Herald process ({@code herald serve} in a new JVM on the test classpath), for tests that
 * kill one with SIGKILL. Its output is kept for the failure message.
 */
public final class HeraldProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final StringBuilder output = new StringBuilder();
    private final CountDownLatch listening = new CountDownLatch(1);

    private HeraldProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread.ofPlatform().daemon().start(this::readOutput);
    }

    /**
     * Starts Herald on a free port with the test operator token, private targets allowed and the
     * given extra environment, and returns once it listens.
     */
    public static HeraldProcess start(Path dataDir, Map<String, String> env) {
        HeraldProcess started = launch(dataDir, env);
        started.awaitListening();
        return started;
    }

    /** Starts Herald without waiting: for tests that start several at the same moment. */
    public static HeraldProcess launch(Path dataDir, Map<String, String> env) {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The database driver's native library is unpacked into the data directory, not the system's
        // temporary one: a killed process never removes its copy, and the test removes the directory.
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-Dorg.sqlite.tmpdir=" + dataDir,
                "-cp", System.getProperty("java.class.path"), "herald.Main", "serve",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HERALD_OPERATOR_TOKEN", TestHerald.OPERATOR_TOKEN);
        builder.environment().put("HERALD_ALLOW_PRIVATE_TARGETS", "true");
        builder.environment().putAll(env);
        try {
            Files.createDirectories(dataDir);
            return new HeraldProcess(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the process says it listens. */
    public HeraldProcess awaitListening() {
        try {
            if (!listening.await(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Herald did not start:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Api operator() {
        return new Api(baseUrl(), TestHerald.OPERATOR_TOKEN);
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** SIGKILL: no shutdown hook, no flush, leases and in-flight attempts left behind. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("Herald did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                // Waited for too: the test's data directory is removed next, and a process still
                // writing into it would make that fail.
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.contains("Herald is listening on")) {
                    listening.countDown();
                }
            }
        } catch (IOException e) {
            // the process was killed
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
