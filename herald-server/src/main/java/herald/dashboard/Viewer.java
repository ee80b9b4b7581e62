package herald.dashboard;

import herald.account.Account;
import herald.account.Caller;

/**
 * The person signed in to the dashboard: acting as the account API key they signed in with, and
 * holding the CSRF token that every form of their session carries.
 */
record Viewer(Caller.AccountKey caller, String csrfToken) {

    Account account() {
        return caller.account();
    }
}
