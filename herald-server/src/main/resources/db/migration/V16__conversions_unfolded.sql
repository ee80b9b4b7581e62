-- Conversions not yet added to their unit's totals. The ingestion appends each new conversion here
-- (and to conversions) instead of updating unit_totals row by row: units arrive in random order, so
-- every new unit's totals row landed on a random page of a large index, one page written per row.
-- The rows are folded into unit_totals in bulk, sorted by unit, which writes each page of the
-- experiment's totals once per fold, and deleted in the same transaction. A run folds what is left
-- before it reads, and counts any pair still listed here from its conversions, so it never reads
-- stale totals. No key: rows are only appended, read whole per experiment and deleted.
CREATE TABLE conversions_unfolded (
    experiment_id TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    metric        TEXT NOT NULL,
    converted_at  BIGINT NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    ingested_at   BIGINT NOT NULL
);
CREATE INDEX conversions_unfolded_by_experiment ON conversions_unfolded (experiment_id);

-- Per experiment, how many conversions the folds have added to unit_totals: a fold is due when the
-- unfolded rows reach a fraction of it, so the cost of folds stays linear in the rows.
CREATE TABLE conversion_folds (
    experiment_id TEXT PRIMARY KEY,
    folded        BIGINT NOT NULL
);
