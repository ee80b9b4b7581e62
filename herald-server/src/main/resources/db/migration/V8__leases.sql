-- Leases that give one node of a cluster a job: the scheduler lease names the node that runs the
-- scheduled jobs until expires_at (epoch milliseconds); another node takes it once it has expired.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
