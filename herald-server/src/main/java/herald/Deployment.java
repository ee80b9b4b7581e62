package herald;

import herald.cluster.Notifications;
import herald.config.Config;
import herald.db.Database;
import herald.loop.Wakeup;
import herald.vault.KeyFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * How this Herald runs: {@link Embedded} (one process, its database a file in the data directory) or
 * {@link Cluster} (nodes sharing PostgreSQL). Every difference between the two is decided here, once,
 * so {@link App} wires the same objects either way.
 */
sealed interface Deployment {

    static Deployment of(Config config) {
        return config.embedded() ? new Embedded(config) : new Cluster(config);
    }

    /** Held while Herald runs: the embedded database serves one process, so its data directory is locked. */
    AutoCloseable claimDataDir();

    Database openDatabase();

    /** Where the master key comes from. */
    KeyFiles masterKeys();

    /**
     * True when no other node can hold leases, so those left by a previous run of this process may be
     * released at start instead of waiting for them to expire.
     */
    boolean soleNode();

    /** How committed work is announced to the other nodes. */
    Wakeup.Broadcast broadcast(Notifications notifications);

    /** Starts waking {@code wakeups} when another node announces work on their channels. */
    AutoCloseable listen(Notifications notifications, List<Wakeup> wakeups);

    record Embedded(Config config) implements Deployment {

        @Override
        public AutoCloseable claimDataDir() {
            try {
                Files.createDirectories(config.dataDir());
                FileChannel channel = FileChannel.open(config.dataDir().resolve("herald.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very process
                }
                if (lock == null) {
                    channel.close();
                    throw new IllegalStateException("another Herald process is using "
                            + config.dataDir().toAbsolutePath() + "; the embedded database serves one process");
                }
                return channel::close;
            } catch (IOException e) {
                throw new IllegalStateException("cannot use data directory " + config.dataDir().toAbsolutePath(), e);
            }
        }

        @Override
        public Database openDatabase() {
            return Database.openEmbedded(config.dataDir().resolve("herald.db"), config.durableCommits());
        }

        @Override
        public KeyFiles masterKeys() {
            return config.masterKey().map(key -> new KeyFiles(config.dataDir(), key))
                    .orElseGet(() -> new KeyFiles(config.dataDir()));
        }

        @Override
        public boolean soleNode() {
            return true;
        }

        @Override
        public Wakeup.Broadcast broadcast(Notifications notifications) {
            return Wakeup.Broadcast.NONE;
        }

        @Override
        public AutoCloseable listen(Notifications notifications, List<Wakeup> wakeups) {
            return () -> { };
        }
    }

    record Cluster(Config config) implements Deployment {

        @Override
        public AutoCloseable claimDataDir() {
            return () -> { };
        }

        @Override
        public Database openDatabase() {
            return Database.openPostgres(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                    config.databasePoolSize());
        }

        /**
         * Nodes sharing a PostgreSQL database must share the key too, so it must come from
         * {@code HERALD_MASTER_KEY}: a key file generated in one node's data directory would leave the
         * other nodes unable to sign.
         */
        @Override
        public KeyFiles masterKeys() {
            return config.masterKey().map(key -> new KeyFiles(config.dataDir(), key))
                    .orElseThrow(() -> new IllegalArgumentException("on PostgreSQL every node needs the same master"
                            + " key: set HERALD_MASTER_KEY (32 random bytes, base64) on each node"));
        }

        @Override
        public boolean soleNode() {
            return false;
        }

        @Override
        public Wakeup.Broadcast broadcast(Notifications notifications) {
            return notifications::announce;
        }

        @Override
        public AutoCloseable listen(Notifications notifications, List<Wakeup> wakeups) {
            return notifications.start(wakeups);
        }
    }
}
