package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.HandClock;
import herald.account.AccountStore;
import herald.audit.AuditLog;
import herald.audit.AuditStore;
import herald.loop.Wakeup;
import herald.account.Accounts;
import herald.account.Plan;
import herald.account.Secrets;
import herald.db.Database;
import herald.delivery.DeliveryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session life: idle and absolute expiry, sign-out, and what the database keeps of a token. */
class SessionsTest {

    @TempDir
    Path dir;
    private Database db;
    private HandClock clock;
    private Sessions sessions;
    private String apiKey;

    @BeforeEach
    void open() {
        db = Database.openEmbedded(dir.resolve("herald.db"), false);
        clock = new HandClock(Instant.ofEpochMilli(1_800_000_000_000L));
        Accounts accounts = new Accounts(db, new AccountStore(), new DeliveryStore(), new Wakeup("herald_deliveries"),
                clock, Secrets.hash("hop_operator"),
                new AuditLog(db, new AuditStore(), new ObjectMapper(), clock));
        apiKey = accounts.create("Acme", Plan.GROWTH).apiKey();
        sessions = new Sessions(db, new SessionStore(), accounts, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSessionLivesWhileUsedAndEndsAfterTwoIdleHours() {
        String token = sessions.signIn(apiKey).token();
        clock.advance(Duration.ofMinutes(110));
        assertThat(sessions.resume(token)).isPresent();
        clock.advance(Duration.ofMinutes(110));
        assertThat(sessions.resume(token)).isPresent();
        clock.advance(Sessions.IDLE.plusSeconds(1));
        assertThat(sessions.resume(token)).isEmpty();
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
        String token = sessions.signIn(apiKey).token();
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofHours(1));
            sessions.resume(token);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.resume(token)).isEmpty();
    }

    @Test
    void signOutEndsTheSessionAndOnlyTheTokensHashIsStored() {
        Sessions.Started started = sessions.signIn(apiKey);
        assertThat(started.viewer().account().name()).isEqualTo("Acme");
        String stored = db.read(tx -> tx.one("SELECT token_hash FROM dashboard_sessions", rs -> rs.getString(1)))
                .orElseThrow();
        assertThat(stored).isEqualTo(Secrets.hash(started.token())).doesNotContain(started.token());
        sessions.signOut(started.token());
        assertThat(sessions.resume(started.token())).isEmpty();
    }

    @Test
    void eachSignInGetsItsOwnTokenAndCsrfToken() {
        Sessions.Started a = sessions.signIn(apiKey);
        Sessions.Started b = sessions.signIn(apiKey);
        assertThat(a.token()).isNotEqualTo(b.token());
        assertThat(a.viewer().csrfToken()).isNotEqualTo(b.viewer().csrfToken());
        assertThat(sessions.resume(a.token()).orElseThrow().csrfToken()).isEqualTo(a.viewer().csrfToken());
    }
}
