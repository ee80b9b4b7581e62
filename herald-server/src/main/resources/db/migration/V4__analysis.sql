-- Experiment data and analysis runs.

-- One row per (unit, variation) ever assigned, with its first time. A unit with two variations is
-- excluded from the analysis (and counted); re-sending rows changes nothing.
CREATE TABLE assignments (
    experiment_id TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    variation     TEXT NOT NULL,
    assigned_at   BIGINT NOT NULL,
    ingested_at   BIGINT NOT NULL,
    PRIMARY KEY (experiment_id, unit_id, variation)
);

-- Conversions are identified by their content: re-sending the same row changes nothing.
CREATE TABLE conversions (
    experiment_id TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    metric        TEXT NOT NULL,
    converted_at  BIGINT NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    ingested_at   BIGINT NOT NULL,
    PRIMARY KEY (experiment_id, metric, unit_id, converted_at, value)
);

CREATE TABLE analysis_runs (
    id            TEXT PRIMARY KEY,
    experiment_id TEXT NOT NULL,
    account_id    TEXT NOT NULL,
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL,
    as_of         BIGINT NOT NULL,
    data_mark     BIGINT NOT NULL,
    results       TEXT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX analysis_runs_by_experiment ON analysis_runs (experiment_id, created_at);

-- (experiment, variation, metric) pairs that have reached significance: the event fires once.
CREATE TABLE significance_reached (
    experiment_id TEXT NOT NULL,
    variation     TEXT NOT NULL,
    metric        TEXT NOT NULL,
    reached_at    BIGINT NOT NULL,
    PRIMARY KEY (experiment_id, variation, metric)
);

-- Analysis settings of an experiment.
ALTER TABLE experiments ADD COLUMN alpha DOUBLE PRECISION NOT NULL DEFAULT 0.05;
ALTER TABLE experiments ADD COLUMN min_units INTEGER NOT NULL DEFAULT 100;
ALTER TABLE experiments ADD COLUMN method TEXT NOT NULL DEFAULT 'fixed';
