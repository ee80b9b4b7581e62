package herald.db;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real filesystem of a few megabytes (a tmpfs mounted for the test), so that a disk can really
 * fill up under Herald. Mounting needs root; where the test cannot mount, it is skipped with the
 * reason, except in CI ({@code CI=true}), where it must run.
 */
final class SmallFilesystem implements AutoCloseable {

    private final Path mountPoint;

    private SmallFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static SmallFilesystem mount(int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("herald-small-fs");
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        if (failure != null) {
            Files.deleteIfExists(dir);
            String reason = "cannot mount a small filesystem for the disk-full test (needs root): " + failure;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason);
            }
            Assumptions.abort(reason);
        }
        return new SmallFilesystem(dir);
    }

    Path root() {
        return mountPoint;
    }

    /** Writes a file until the filesystem has no room left; returns its path. */
    Path fill() throws IOException {
        Path filler = mountPoint.resolve("filler");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return filler;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        String output = new String(process.getInputStream().readAllBytes()).trim();
        return process.exitValue() == 0 ? null : output.isEmpty() ? "exit " + process.exitValue() : output;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", "-l", mountPoint.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot unmount " + mountPoint + ": " + failure);
        }
        Files.deleteIfExists(mountPoint);
    }
}
