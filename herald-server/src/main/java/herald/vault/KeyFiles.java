package herald.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the master key comes from: {@code HERALD_MASTER_KEY}, or else {@code master.key} in the data
 * directory, generated on first start. Key files are created with mode 0600 from the first byte
 * (the file is made with that mode, written, and then moved into place), never widened afterwards.
 *
 * <p>{@code master.key.next} holds the new key while a rotation runs; it is opened too, so a rotation
 * cut short by a crash leaves every secret readable.
 */
public final class KeyFiles {

    public static final String ENV = "HERALD_MASTER_KEY";
    static final String FILE = "master.key";
    static final String NEXT_FILE = "master.key.next";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dataDir;
    private final Optional<String> fromEnv;

    /** The key file in {@code dataDir}, created on first start. */
    public KeyFiles(Path dataDir) {
        this.dataDir = dataDir;
        this.fromEnv = Optional.empty();
    }

    /** @param configured the key given by {@code HERALD_MASTER_KEY}: no key file is read or written */
    public KeyFiles(Path dataDir, String configured) {
        this.dataDir = dataDir;
        this.fromEnv = Optional.of(configured);
    }

    /** True when the key is given by the environment (no key file is read or written). */
    public boolean fromEnvironment() {
        return fromEnv.isPresent();
    }

    /** The box for the running server: the configured key, creating {@code master.key} if needed. */
    public SecretBox open() {
        MasterKey current = fromEnv.map(MasterKey::parse).orElseGet(this::fileKeyCreatingIt);
        return new SecretBox(current, nextKey().stream().toList());
    }

    /** The key in use now, without creating anything: for the rotation command. */
    public MasterKey current() {
        if (fromEnv.isPresent()) {
            return MasterKey.parse(fromEnv.get());
        }
        return read(dataDir.resolve(FILE)).orElseThrow(() -> new IllegalStateException(
                "no master key: neither " + ENV + " nor " + dataDir.resolve(FILE) + " exists"));
    }

    /** Keys that may still seal some rows: the pending rotation's key. */
    public List<MasterKey> others() {
        List<MasterKey> others = new ArrayList<>();
        nextKey().ifPresent(others::add);
        return others;
    }

    /** Writes the rotation's new key beside the current one, before any row is re-sealed under it. */
    public void stageNext(MasterKey next) {
        write(dataDir.resolve(NEXT_FILE), next);
    }

    /** Makes the staged key the key file, in one atomic rename. */
    public void promoteNext() {
        try {
            Files.move(dataDir.resolve(NEXT_FILE), dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot replace " + dataDir.resolve(FILE), e);
        }
    }

    private Optional<MasterKey> nextKey() {
        return fromEnv.isPresent() ? Optional.empty() : read(dataDir.resolve(NEXT_FILE));
    }

    private MasterKey fileKeyCreatingIt() {
        Path file = dataDir.resolve(FILE);
        return read(file).orElseGet(() -> {
            MasterKey key = MasterKey.generate();
            write(file, key);
            return key;
        });
    }

    private static Optional<MasterKey> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MasterKey.parse(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a master key: " + e.getMessage());
        }
    }

    private static void write(Path file, MasterKey key) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".master", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                Files.writeString(temp, key.encoded() + "\n", StandardCharsets.US_ASCII);
                try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " appeared while Herald was writing it", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
