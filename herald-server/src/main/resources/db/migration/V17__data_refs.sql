-- A short stand-in for an experiment's id in every key of its data. The four analysis tables each
-- hold millions of rows per experiment, indexed by (experiment, unit, ...); the id (30 characters)
-- was most of each index entry, so a fold or an append touched more pages than the units needed.
-- A ref is a small number, stored as text so that the tables keep their columns' types on both
-- databases ("17": 2 bytes). At 10 M units the database file shrinks by about a third and
-- conversions are ingested about a fifth faster (docs/performance.md). Given on an experiment's first
-- data, never changed or reused.
CREATE TABLE experiment_refs (
    ref           BIGINT PRIMARY KEY,
    experiment_id TEXT NOT NULL UNIQUE
);

INSERT INTO experiment_refs (ref, experiment_id)
SELECT ROW_NUMBER() OVER (ORDER BY experiment_id), experiment_id
FROM (SELECT experiment_id FROM assignments
      UNION SELECT experiment_id FROM conversions
      UNION SELECT experiment_id FROM conversions_unfolded
      UNION SELECT experiment_id FROM unit_totals) AS with_data;

UPDATE assignments SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM experiment_refs r
                                        WHERE r.experiment_id = assignments.experiment_id);
UPDATE conversions SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM experiment_refs r
                                        WHERE r.experiment_id = conversions.experiment_id);
UPDATE conversions_unfolded SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM experiment_refs r
                                                 WHERE r.experiment_id = conversions_unfolded.experiment_id);
UPDATE unit_totals SET experiment_id = (SELECT CAST(r.ref AS TEXT) FROM experiment_refs r
                                        WHERE r.experiment_id = unit_totals.experiment_id);

ALTER TABLE assignments RENAME COLUMN experiment_id TO experiment_ref;
ALTER TABLE conversions RENAME COLUMN experiment_id TO experiment_ref;
ALTER TABLE conversions_unfolded RENAME COLUMN experiment_id TO experiment_ref;
ALTER TABLE unit_totals RENAME COLUMN experiment_id TO experiment_ref;

-- The same for the metric and variation keys the rows repeat ("purchase", "treatment"): each is held
-- as the ref of its name, the same ref for the same name in every experiment and account. Given on
-- a name's first row, never changed or reused.
CREATE TABLE data_names (
    ref  BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

INSERT INTO data_names (ref, name)
SELECT ROW_NUMBER() OVER (ORDER BY name), name
FROM (SELECT metric AS name FROM conversions
      UNION SELECT metric FROM conversions_unfolded
      UNION SELECT metric FROM unit_totals
      UNION SELECT variation FROM assignments
      UNION SELECT variation FROM unit_totals WHERE variation IS NOT NULL) AS named;

UPDATE assignments SET variation = (SELECT CAST(n.ref AS TEXT) FROM data_names n WHERE n.name = assignments.variation);
UPDATE conversions SET metric = (SELECT CAST(n.ref AS TEXT) FROM data_names n WHERE n.name = conversions.metric);
UPDATE conversions_unfolded SET metric = (SELECT CAST(n.ref AS TEXT) FROM data_names n
                                          WHERE n.name = conversions_unfolded.metric);
UPDATE unit_totals SET metric = (SELECT CAST(n.ref AS TEXT) FROM data_names n WHERE n.name = unit_totals.metric),
                       variation = (SELECT CAST(n.ref AS TEXT) FROM data_names n WHERE n.name = unit_totals.variation);
