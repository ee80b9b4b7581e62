-- Dashboard sign-in sessions. Only a SHA-256 of the session token is kept, as for API keys: a copy
-- of the database does not let anyone sign in. Times are epoch milliseconds; a session ends when it
-- has been idle too long or has lived too long, whichever comes first.
CREATE TABLE dashboard_sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    actor        TEXT,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX dashboard_sessions_by_last_seen ON dashboard_sessions (last_seen_at);
