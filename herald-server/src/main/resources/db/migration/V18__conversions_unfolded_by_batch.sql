-- The list of unfolded conversions, indexed in the order a fold reads it: by batch (the ingestion
-- time), then by unit and metric. The embedded database lists each batch's new rows in that order,
-- so the index still grows at its end, as it did by time alone; and a fold of a range of units reads
-- it from the index in sorted runs, one per batch, testing each entry's unit in the index itself,
-- instead of sorting the range (docs/performance.md, "Folds without a sort").
DROP INDEX conversions_unfolded_by_time;
CREATE INDEX conversions_unfolded_by_batch ON conversions_unfolded (experiment_ref, ingested_at, unit_id, metric);
