-- Herald core schema. Portable between SQLite and PostgreSQL: times are epoch milliseconds (BIGINT),
-- booleans are 0/1 integers, JSON documents are TEXT.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    plan       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    key_hash   TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL
);

CREATE TABLE webhooks (
    id                    TEXT PRIMARY KEY,
    account_id            TEXT NOT NULL REFERENCES accounts (id),
    url                   TEXT NOT NULL,
    description           TEXT NOT NULL,
    events                TEXT NOT NULL,
    projects              TEXT NOT NULL,
    environments          TEXT NOT NULL,
    format                TEXT NOT NULL,
    headers               TEXT NOT NULL,
    enabled               INTEGER NOT NULL,
    consecutive_failures  INTEGER NOT NULL,
    secret                TEXT NOT NULL,
    previous_secret       TEXT,
    previous_secret_until BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX webhooks_by_account ON webhooks (account_id, id);

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL,
    type            TEXT NOT NULL,
    data            TEXT NOT NULL,
    idempotency_key TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX events_by_account ON events (account_id, id);
CREATE UNIQUE INDEX events_by_idempotency_key ON events (account_id, idempotency_key);
CREATE INDEX events_by_created_at ON events (created_at);

-- A delivery is one event to one webhook, and also the queue entry that gets it there.
-- The dispatcher's access path is deliveries_queue: per webhook, pending and not held, by
-- next_attempt_at. Each webhook is its own queue, so a claim can skip a webhook that is at its
-- concurrency cap without reading its backlog. A claim moves next_attempt_at forward by the
-- lease, so a claimed delivery whose node dies becomes due again by itself when the lease runs out.
CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL,
    webhook_id      TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    status          TEXT NOT NULL,
    held            INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    round_start     INTEGER NOT NULL,
    next_attempt_at BIGINT,
    lease           INTEGER NOT NULL,
    lease_owner     TEXT,
    response_code   INTEGER,
    response_body   TEXT,
    error           TEXT,
    created_at      BIGINT NOT NULL,
    last_attempt_at BIGINT
);
CREATE INDEX deliveries_queue ON deliveries (webhook_id, next_attempt_at) WHERE status = 'pending' AND held = 0;
CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, id);
CREATE INDEX deliveries_by_event ON deliveries (event_id);
CREATE INDEX deliveries_by_created_at ON deliveries (created_at);

CREATE TABLE attempts (
    delivery_id   TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    started_at    BIGINT NOT NULL,
    duration_ms   BIGINT NOT NULL,
    response_code INTEGER,
    response_body TEXT,
    error         TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
