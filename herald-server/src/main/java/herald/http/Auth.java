package herald.http;

import herald.account.Accounts;
import herald.account.Caller;
import herald.problem.Unauthorized;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.regex.Pattern;

/** Establishes the caller of every {@code /v1} request from its bearer token. */
public final class Auth {

    private static final String CALLER = "herald.caller";

    private final Accounts accounts;

    public Auth(Accounts accounts) {
        this.accounts = accounts;
    }

    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new Unauthorized("missing_token", "send 'Authorization: Bearer <token>'");
        }
        Caller caller = accounts.authenticate(header.substring(7).trim());
        // A settings key sits in SDKs, outside the account's control: it reads one document and nothing
        // else, refused here for every other route before any handler runs.
        if (caller instanceof Caller.SettingsKey key
                && !(ctx.method() == HandlerType.GET && SETTINGS_DOCUMENT.matcher(ctx.path()).matches())) {
            throw key.refusal();
        }
        ctx.attribute(CALLER, caller);
    }

    private static final Pattern SETTINGS_DOCUMENT = Pattern.compile("/v1/projects/[^/]+/environments/[^/]+/settings");

    /** The caller established for this request. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new Unauthorized("missing_token", "send 'Authorization: Bearer <token>'");
        }
        return caller;
    }
}
