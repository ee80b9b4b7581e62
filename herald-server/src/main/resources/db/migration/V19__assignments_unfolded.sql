-- Assignments that arrived after their experiment had unit totals, not yet applied to their units'
-- totals rows, one row per unit. Updating each unit's totals rows in the transaction of its
-- assignment wrote a random page of a large index per unit, for every batch again; listed here
-- instead, they are applied in bulk by the fold that adds the listed conversions, one range of units
-- at a time, and deleted in the same transaction. A totals row holds what its unit's assignments so
-- far say (the variation, whether it is mixed, the first time), so the listed row alone updates it:
-- the smallest and the largest variation listed (they differ when the unit got two) and the earliest
-- time. A run counts the pairs of any unit still listed from its conversions, so it never reads a
-- split its assignments have moved.
CREATE TABLE assignments_unfolded (
    experiment_ref  TEXT NOT NULL,
    unit_id         TEXT NOT NULL,
    variation       TEXT NOT NULL,
    other_variation TEXT NOT NULL,
    assigned_at     BIGINT NOT NULL,
    PRIMARY KEY (experiment_ref, unit_id)
);
