-- Analysis settings added with CUPED, the Bayesian method and multiple-testing corrections.
-- correction: none, holm or bh. The prior is on the relative lift; both columns null mean a flat prior.
-- cuped_lookback_days: the pre-period before each unit's assignment; 0 turns CUPED off.
ALTER TABLE experiments ADD COLUMN correction TEXT NOT NULL DEFAULT 'none';
ALTER TABLE experiments ADD COLUMN prior_mean DOUBLE PRECISION;
ALTER TABLE experiments ADD COLUMN prior_std_dev DOUBLE PRECISION;
ALTER TABLE experiments ADD COLUMN cuped_lookback_days INTEGER NOT NULL DEFAULT 14;
