package herald.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartGeneratesAKeyFileReadableOnlyByItsOwner() throws Exception {
        SecretBox box = new KeyFiles(dataDir).open();

        Path file = dataDir.resolve(KeyFiles.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(KeyFiles.OWNER_ONLY);
        assertThat(MasterKey.parse(Files.readString(file)).id()).isEqualTo(box.currentKeyId());
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void laterStartsUseTheSameKey() {
        SecretBox first = new KeyFiles(dataDir).open();
        String sealed = first.seal("whsec_x", "p");

        SecretBox second = new KeyFiles(dataDir).open();
        assertThat(second.currentKeyId()).isEqualTo(first.currentKeyId());
        assertThat(second.open(sealed, "p")).isEqualTo("whsec_x");
    }

    @Test
    void aKeyFromTheEnvironmentWritesNoFile() throws Exception {
        MasterKey key = MasterKey.generate();
        SecretBox box = new KeyFiles(dataDir, key.encoded()).open();

        assertThat(box.currentKeyId()).isEqualTo(key.id());
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aStagedRotationKeyStillOpensWhatWasSealedUnderIt() throws Exception {
        KeyFiles files = new KeyFiles(dataDir);
        files.open();
        MasterKey next = MasterKey.generate();
        files.stageNext(next);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(KeyFiles.NEXT_FILE))).isEqualTo(KeyFiles.OWNER_ONLY);
        String sealedUnderNext = new SecretBox(next, List.of()).seal("whsec_y", "p");

        // a crash after the rows were re-sealed but before master.key was replaced
        assertThat(new KeyFiles(dataDir).open().open(sealedUnderNext, "p")).isEqualTo("whsec_y");

        files.promoteNext();
        assertThat(files.current().id()).isEqualTo(next.id());
        assertThat(Files.exists(dataDir.resolve(KeyFiles.NEXT_FILE))).isFalse();
    }
}
