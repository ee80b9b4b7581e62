package herald;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removal of the data directories tests and their helpers create outside JUnit's {@code @TempDir}
 * (a Herald started for a test, a browser profile, a scratch database): a full test run starts
 * hundreds, and what each left behind added up to hundreds of megabytes.
 */
public final class TempDirectories {

    private TempDirectories() {}

    /** Deletes the directory and everything in it; what cannot be deleted is left, harmlessly. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind takes some disk, nothing more
        }
    }
}
