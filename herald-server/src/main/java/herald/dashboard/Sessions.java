package herald.dashboard;

import herald.account.Accounts;
import herald.account.Caller;
import herald.account.Secrets;
import herald.db.Database;
import herald.problem.Forbidden;
import herald.problem.NotFound;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Dashboard sign-in: an account API key buys a session token; the database keeps only its hash.
 * A session ends after {@link #IDLE} without use or {@link #LIFETIME} after sign-in, whichever is
 * first, or at sign-out. Each sign-in mints a new token, so a token planted before sign-in is
 * worthless after it (no session fixation).
 */
public final class Sessions {

    static final Duration IDLE = Duration.ofHours(2);
    static final Duration LIFETIME = Duration.ofHours(12);
    /** Last-seen times are written at most this often, so reading pages does not mean writing rows. */
    private static final long TOUCH_EVERY_MILLIS = 60_000;
    static final String TOKEN_PREFIX = "hds_";

    /** A new session: the token for the cookie and who it signs in. */
    record Started(String token, Viewer viewer) {}

    private final Database db;
    private final SessionStore store;
    private final Accounts accounts;
    private final Clock clock;

    public Sessions(Database db, SessionStore store, Accounts accounts, Clock clock) {
        this.db = db;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Signs in with an account API key; a 401 for a key that is not valid and a 403 for the operator
     * token, which manages accounts and has nothing to show in an account's dashboard.
     */
    Started signIn(String apiKey) {
        Caller caller = accounts.authenticate(apiKey.strip());
        if (!(caller instanceof Caller.AccountKey key)) {
            throw new Forbidden("account_key_required", "sign in with an account API key; the operator token"
                    + " manages accounts only");
        }
        String token = Secrets.newToken(TOKEN_PREFIX);
        long now = clock.millis();
        db.write(tx -> {
            store.deleteExpired(tx, now - IDLE.toMillis(), now - LIFETIME.toMillis());
            store.insert(tx, new SessionStore.Row(Secrets.hash(token), key.account().id(), key.actor(), now, now));
            return null;
        });
        return new Started(token, new Viewer(key, csrfToken(token)));
    }

    /** The viewer a session token signs in, while the session lives. */
    Optional<Viewer> resume(String token) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String hash = Secrets.hash(token);
        long now = clock.millis();
        Optional<SessionStore.Row> row = db.read(tx -> store.find(tx, hash));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        SessionStore.Row session = row.get();
        if (now - session.lastSeenAt() > IDLE.toMillis() || now - session.createdAt() > LIFETIME.toMillis()) {
            signOut(token);
            return Optional.empty();
        }
        if (now - session.lastSeenAt() > TOUCH_EVERY_MILLIS) {
            db.write(tx -> {
                store.touch(tx, hash, now);
                return null;
            });
        }
        try {
            var caller = new Caller.AccountKey(accounts.find(session.accountId()), session.actor());
            return Optional.of(new Viewer(caller, csrfToken(token)));
        } catch (NotFound gone) {
            return Optional.empty();
        }
    }

    void signOut(String token) {
        db.write(tx -> {
            store.delete(tx, Secrets.hash(token));
            return null;
        });
    }

    /**
     * The session's CSRF token, derived from the session token rather than stored: whoever can
     * compute it already holds the cookie, and a copy of the database (which holds only a different
     * hash of the token) cannot.
     */
    static String csrfToken(String sessionToken) {
        return Secrets.hash("csrf:" + sessionToken);
    }
}
