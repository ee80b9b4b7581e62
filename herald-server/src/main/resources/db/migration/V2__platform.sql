-- The experimentation platform's own objects. Keys are unique per account (environments per
-- project); requests name projects, environments, metrics and variations by key.

ALTER TABLE api_keys ADD COLUMN actor TEXT;

CREATE TABLE projects (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX projects_by_key ON projects (account_id, key);

CREATE TABLE environments (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    key        TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX environments_by_key ON environments (project_id, key);

CREATE TABLE metrics (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX metrics_by_key ON metrics (account_id, key);

CREATE TABLE metric_collections (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    name       TEXT NOT NULL,
    metrics    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX metric_collections_by_key ON metric_collections (account_id, key);

CREATE TABLE experiments (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    project     TEXT NOT NULL,
    environment TEXT NOT NULL,
    hypothesis  TEXT NOT NULL,
    status      TEXT NOT NULL,
    variations  TEXT NOT NULL,
    metrics     TEXT NOT NULL,
    collections TEXT NOT NULL,
    targeting   TEXT NOT NULL,
    cost_data   TEXT NOT NULL,
    start_at    BIGINT,
    end_at      BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX experiments_by_key ON experiments (account_id, key);
CREATE INDEX experiments_by_account ON experiments (account_id, id);
-- The scheduler's access path: running experiments by end date.
CREATE INDEX experiments_ending ON experiments (end_at) WHERE status = 'running';

CREATE TABLE flags (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    project    TEXT NOT NULL,
    key        TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX flags_by_key ON flags (account_id, project, key);

CREATE TABLE members (
    account_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    role       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, user_id)
);

CREATE TABLE project_members (
    account_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    role       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
