/**
 * The statistics of experiment analysis, free of storage and HTTP: per-arm summaries of a metric
 * ({@link herald.analysis.ArmSummary}), the comparison of a variation against control by a
 * fixed-horizon Welch t-test ({@link herald.analysis.FixedHorizonTest}) or by always-valid
 * asymptotic confidence sequences that survive daily peeking ({@link herald.analysis.SequentialTest}),
 * and the chi-square check for a traffic imbalance ({@link herald.analysis.SampleRatioCheck}).
 * Everything here is a pure function of its arguments, thread-safe, and checked digit for digit
 * against an independent reference in the tests; distributions come from Apache Commons Statistics.
 */
package herald.analysis;
