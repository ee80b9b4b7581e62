-- Per-unit totals of experiment data, kept up to date as rows are ingested, so an analysis reads one
-- row per unit and metric in key order instead of joining every conversion to its unit.
--
-- A row sums one unit's conversions of one metric on either side of split_at, the unit's first
-- assignment (the largest BIGINT while the unit has none): y_* from split_at on, x_* before it (the
-- CUPED pre-period). *_first and *_last bound the times summed (the largest BIGINT and its negative while
-- nothing is summed), so a run knows whether its time window takes a side whole, leaves it out whole,
-- or cuts through it; only in the last case, and for a stale row, does it read the unit's conversions.
-- variation: the unit's variation (null while unassigned); mixed: 1 once it has more than one, which
-- excludes it. stale: 1 when an earlier assignment split the pre-period sums in two; the sums no
-- longer say which side each conversion is on, so the run reads that unit's conversions.
-- ingested_at: the latest ingestion of the unit's conversions of the metric.
CREATE TABLE unit_totals (
    experiment_id TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    metric        TEXT NOT NULL,
    variation     TEXT,
    mixed         INTEGER NOT NULL,
    split_at      BIGINT NOT NULL,
    stale         INTEGER NOT NULL,
    y_sum         DOUBLE PRECISION NOT NULL,
    y_count       BIGINT NOT NULL,
    y_first       BIGINT NOT NULL,
    y_last        BIGINT NOT NULL,
    x_sum         DOUBLE PRECISION NOT NULL,
    x_count       BIGINT NOT NULL,
    x_first       BIGINT NOT NULL,
    x_last        BIGINT NOT NULL,
    ingested_at   BIGINT NOT NULL,
    PRIMARY KEY (experiment_id, unit_id, metric)
);

-- The totals of the data already stored, so an upgraded database gives the results it gave before.
INSERT INTO unit_totals (experiment_id, unit_id, metric, variation, mixed, split_at, stale, y_sum, y_count,
                         y_first, y_last, x_sum, x_count, x_first, x_last, ingested_at)
SELECT c.experiment_id, c.unit_id, c.metric, MIN(u.variation), MIN(COALESCE(u.mixed, 0)),
       MIN(COALESCE(u.split_at, 9223372036854775807)), 0,
       SUM(CASE WHEN c.converted_at >= COALESCE(u.split_at, 9223372036854775807) THEN c.value ELSE 0 END),
       SUM(CASE WHEN c.converted_at >= COALESCE(u.split_at, 9223372036854775807) THEN 1 ELSE 0 END),
       MIN(CASE WHEN c.converted_at >= COALESCE(u.split_at, 9223372036854775807) THEN c.converted_at
                ELSE 9223372036854775807 END),
       MAX(CASE WHEN c.converted_at >= COALESCE(u.split_at, 9223372036854775807) THEN c.converted_at
                ELSE -9223372036854775807 END),
       SUM(CASE WHEN c.converted_at < COALESCE(u.split_at, 9223372036854775807) THEN c.value ELSE 0 END),
       SUM(CASE WHEN c.converted_at < COALESCE(u.split_at, 9223372036854775807) THEN 1 ELSE 0 END),
       MIN(CASE WHEN c.converted_at < COALESCE(u.split_at, 9223372036854775807) THEN c.converted_at
                ELSE 9223372036854775807 END),
       MAX(CASE WHEN c.converted_at < COALESCE(u.split_at, 9223372036854775807) THEN c.converted_at
                ELSE -9223372036854775807 END),
       MAX(c.ingested_at)
FROM conversions c
LEFT JOIN (SELECT experiment_id, unit_id, MIN(variation) AS variation,
                  CASE WHEN COUNT(*) > 1 THEN 1 ELSE 0 END AS mixed, MIN(assigned_at) AS split_at
           FROM assignments GROUP BY experiment_id, unit_id) u
       ON u.experiment_id = c.experiment_id AND u.unit_id = c.unit_id
GROUP BY c.experiment_id, c.unit_id, c.metric;
