package herald.analysis;

/** Rows of experiment data as ingested. */
public sealed interface Row {

    /** A unit assigned to a variation at a time (epoch milliseconds). */
    record Assignment(String unitId, String variation, long at) implements Row {}

    /** A unit converting on a metric at a time, with a value (1 when not given). */
    record Conversion(String unitId, String metric, double value, long at) implements Row {}
}
