package herald;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of every row of every table of a Herald's database, read through its own connection, so
 * a test can prove that a refused request changed nothing at all, not only what the API shows. It
 * reads as one line per table (name, row count, hash of the rows), so a failure names the table.
 * {@code leases} is left out: the scheduler renews its lease there in the background, whatever
 * requests come.
 */
public final class DatabaseDigest {

    private DatabaseDigest() {}

    public static String of(TestHerald herald) {
        return herald.sql(c -> {
            StringBuilder summary = new StringBuilder();
            List<String> tables = new ArrayList<>();
            boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
            try (ResultSet rs = c.getMetaData().getTables(null, postgres ? "public" : null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    if (!table.equals("leases")) {
                        tables.add(table);
                    }
                }
            }
            tables.sort(null);
            for (String table : tables) {
                MessageDigest digest = sha256();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    List<String> rows = new ArrayList<>();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('\u0000');
                        }
                        rows.add(row.toString());
                    }
                    rows.sort(null);
                    rows.forEach(r -> digest.update(r.getBytes(StandardCharsets.UTF_8)));
                    summary.append(table).append(": ").append(rows.size()).append(" rows, ")
                            .append(HexFormat.of().formatHex(digest.digest(), 0, 8)).append('\n');
                }
            }
            return summary.toString();
        });
    }

    /** The digest once two readings a moment apart agree: background work (deliveries, analyses) has settled. */
    public static String settled(TestHerald herald) {
        String previous = of(herald);
        for (int i = 0; i < 100; i++) {
            Receiver.sleep(100);
            String now = of(herald);
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("the database never settled");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
