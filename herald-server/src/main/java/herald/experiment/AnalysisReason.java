package herald.experiment;

import herald.wire.WireName;

/**
 * Why an experiment's analysis ran, as results' {@code computeReason} spells it. It lives beside
 * the experiment because experiments' changes ask for runs too, and the analysis depends on them,
 * not the other way round.
 */
public enum AnalysisReason implements WireName {
    SCHEDULED, MANUAL, STATUS_CHANGED, COST_CHANGED, WINDOW_CHANGED
}
