-- Short stand-ins for the names every row of the analysis tables repeats: the experiment's id (30
-- characters) and the metric and variation keys ("purchase", "treatment"). The four tables hold
-- millions of rows per experiment, indexed by (experiment, unit, ...); those names were most of each
-- index entry, so a fold or an append touched more pages than the units needed. A ref is a small
-- number, one per name whatever the experiment or account, stored in the rows as text so that they
-- keep their columns' types on both databases ("17": 2 bytes). At 10 M units the database file
-- shrinks by about half and conversions are ingested about a quarter faster (docs/performance.md).
-- Given on a name's first row, never changed or reused.
CREATE TABLE data_refs (
    ref  BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

INSERT INTO data_refs (ref, name)
SELECT ROW_NUMBER() OVER (ORDER BY name), name
FROM (SELECT experiment_id AS name FROM assignments
      UNION SELECT experiment_id FROM conversions
      UNION SELECT experiment_id FROM conversions_unfolded
      UNION SELECT experiment_id FROM unit_totals
      UNION SELECT variation FROM assignments
      UNION SELECT variation FROM unit_totals WHERE variation IS NOT NULL
      UNION SELECT metric FROM conversions
      UNION SELECT metric FROM conversions_unfolded
      UNION SELECT metric FROM unit_totals) AS named;

UPDATE assignments
SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = assignments.experiment_id),
    variation = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = assignments.variation);
UPDATE conversions
SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = conversions.experiment_id),
    metric = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = conversions.metric);
UPDATE conversions_unfolded
SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = conversions_unfolded.experiment_id),
    metric = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = conversions_unfolded.metric);
UPDATE unit_totals
SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = unit_totals.experiment_id),
    metric = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = unit_totals.metric),
    variation = (SELECT CAST(r.ref AS TEXT) FROM data_refs r WHERE r.name = unit_totals.variation);

ALTER TABLE assignments RENAME COLUMN experiment_id TO experiment_ref;
ALTER TABLE conversions RENAME COLUMN experiment_id TO experiment_ref;
ALTER TABLE conversions_unfolded RENAME COLUMN experiment_id TO experiment_ref;
ALTER TABLE unit_totals RENAME COLUMN experiment_id TO experiment_ref;
