package herald.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database's writer reads the file through memory mapping; its readers do not. */
class WriterMappingTest {

    @Test
    void theWriterMapsTheFileAndTheReadersReadIt(@TempDir Path dir) {
        try (Database db = Database.openEmbedded(dir.resolve("herald.db"), false)) {
            long writerMapping = db.write(tx -> tx.count("PRAGMA mmap_size"));
            long readerMapping = db.read(tx -> tx.count("PRAGMA mmap_size"));
            assertThat(writerMapping).isEqualTo(Database.WRITER_MMAP_BYTES);
            assertThat(readerMapping).isZero();
            // Writes go through the file as before, and what they wrote is read back through the mapping.
            db.write(tx -> tx.update("INSERT INTO settings (name, value) VALUES ('mapped', 'yes')"));
            long seenByWriter = db.write(tx -> tx.count("SELECT COUNT(*) FROM settings WHERE name = 'mapped'"));
            long seenByReader = db.read(tx -> tx.count("SELECT COUNT(*) FROM settings WHERE name = 'mapped'"));
            assertThat(seenByWriter).isEqualTo(1);
            assertThat(seenByReader).isEqualTo(1);
        }
    }
}
