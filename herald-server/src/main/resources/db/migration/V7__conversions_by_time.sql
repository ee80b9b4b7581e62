-- Conversions keyed by time within their metric: conversions arrive roughly in time order, so new
-- rows land at the end of the key instead of at random places in it (unit ids are random), which
-- keeps ingestion fast when an experiment holds millions of rows. Still identified by their content,
-- so re-sending a row changes nothing.
CREATE TABLE conversions_by_time (
    experiment_id TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    metric        TEXT NOT NULL,
    converted_at  BIGINT NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    ingested_at   BIGINT NOT NULL,
    PRIMARY KEY (experiment_id, metric, converted_at, unit_id, value)
);
INSERT INTO conversions_by_time (experiment_id, unit_id, metric, converted_at, value, ingested_at)
    SELECT experiment_id, unit_id, metric, converted_at, value, ingested_at FROM conversions;
DROP TABLE conversions;
ALTER TABLE conversions_by_time RENAME TO conversions;
