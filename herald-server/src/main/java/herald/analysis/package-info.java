/**
 * The statistics of experiment analysis, free of storage and HTTP: per-arm summaries of a metric
 * ({@link herald.analysis.ArmSummary}), the comparison of a variation against control by a
 * fixed-horizon Welch t-test ({@link herald.analysis.FixedHorizonTest}) or by always-valid
 * asymptotic confidence sequences that survive daily peeking ({@link herald.analysis.SequentialTest}),
 * or by GrowthBook's Gaussian Bayesian model ({@link herald.analysis.BayesianTest}); CUPED variance
 * reduction by a pre-period covariate ({@link herald.analysis.Cuped}); Holm and Benjamini–Hochberg
 * corrections ({@link herald.analysis.MultipleTesting}); and the chi-square check for a traffic
 * imbalance ({@link herald.analysis.SampleRatioCheck}). Beside them, the ingestion, storage and
 * scheduling of runs ({@link herald.analysis.Analysis}, {@link herald.analysis.DataStore}).
 * The statistics are pure functions of their arguments, thread-safe, and checked digit for digit
 * against an independent reference in the tests; distributions come from Apache Commons Statistics.
 */
package herald.analysis;
