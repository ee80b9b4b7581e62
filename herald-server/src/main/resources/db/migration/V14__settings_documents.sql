-- The SDK settings document of each project environment (GET /v1/projects/{id}/environments/{env}/settings).
-- Its version moves on by one in the very transaction that emits settings.changed for that environment,
-- so the number a receiver is told and the number the document shows are the same counter.
ALTER TABLE environments ADD COLUMN settings_version BIGINT NOT NULL DEFAULT 0;

-- A flag may belong to one environment of its project; NULL means every environment.
ALTER TABLE flags ADD COLUMN environment TEXT;

-- Read-only keys that SDKs hold: each reads the settings document of one project environment and
-- nothing else. Stored as SHA-256 hashes, like API keys.
CREATE TABLE settings_keys (
    id          TEXT PRIMARY KEY,
    key_hash    TEXT NOT NULL UNIQUE,
    account_id  TEXT NOT NULL,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    environment TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX settings_keys_by_environment ON settings_keys (account_id, project_id, environment, id);
