-- Conversions not yet added to their unit's totals. The ingestion appends each new conversion here
-- (and to conversions) instead of updating unit_totals row by row: units arrive in random order, so
-- every new unit's totals row landed on a random page of a large index, one page written per row.
-- The rows are folded into unit_totals in bulk, sorted by unit, so the upserts walk the totals in
-- key order, and deleted in the same transaction. A run folds what is left
-- before it reads, and counts any pair still listed here from its conversions, so it never reads
-- stale totals. No key: rows are only appended, and folded and deleted by ingestion time.
CREATE TABLE conversions_unfolded (
    experiment_id TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    metric        TEXT NOT NULL,
    converted_at  BIGINT NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    ingested_at   BIGINT NOT NULL
);
-- Ingestion times only grow (almost), so the index is appended to; a fold takes the rows up to a time.
CREATE INDEX conversions_unfolded_by_time ON conversions_unfolded (experiment_id, ingested_at);
