package herald.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Running sums per (metric, variation) while a run streams the unit totals: one unit's outcome y and
 * pre-period value x at a time, added and forgotten, so memory holds the experiment's metrics and
 * variations, never its units.
 */
final class Accumulators {

    private final int variations;
    private final long[] converted;
    private final double[] sum;
    private final double[] sumOfSquares;
    private final long[] preConverted;
    private final double[] preSum;
    private final double[] preSumOfSquares;
    private final long[] bothConverted;
    private final double[] crossSum;

    Accumulators(int metrics, int variations) {
        this.variations = variations;
        int n = metrics * variations;
        converted = new long[n];
        sum = new double[n];
        sumOfSquares = new double[n];
        preConverted = new long[n];
        preSum = new double[n];
        preSumOfSquares = new double[n];
        bothConverted = new long[n];
        crossSum = new double[n];
    }

    /** One unit's totals for one metric: y and whether it converted, x and whether it did before. */
    void add(int metric, int variation, double y, boolean yConverted, double x, boolean xConverted) {
        int i = metric * variations + variation;
        if (yConverted) {
            converted[i]++;
        }
        sum[i] += y;
        sumOfSquares[i] += y * y;
        if (xConverted) {
            preConverted[i]++;
        }
        preSum[i] += x;
        preSumOfSquares[i] += x * x;
        if (xConverted && yConverted) {
            bothConverted[i]++;
        }
        crossSum[i] += x * y;
    }

    /** Per metric, in the given order, the totals of every variation, with its units from {@code unitsOf}. */
    Map<String, List<DataStore.VariationTotals>> totals(List<String> metrics, List<String> variationKeys,
                                                        Map<String, Long> unitsOf) {
        Map<String, List<DataStore.VariationTotals>> totals = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            List<DataStore.VariationTotals> list = new ArrayList<>();
            for (int v = 0; v < variationKeys.size(); v++) {
                int i = m * variations + v;
                String key = variationKeys.get(v);
                list.add(new DataStore.VariationTotals(key, unitsOf.getOrDefault(key, 0L), converted[i], sum[i],
                        sumOfSquares[i], preConverted[i], preSum[i], preSumOfSquares[i], bothConverted[i], crossSum[i]));
            }
            totals.put(metrics.get(m), list);
        }
        return totals;
    }

    /** Totals of disjoint sets of units added, variation by variation; the units are those of {@code a}. */
    static List<DataStore.VariationTotals> plus(List<DataStore.VariationTotals> a, List<DataStore.VariationTotals> b) {
        return a.stream().map(t -> b.stream().filter(o -> o.variation().equals(t.variation())).findFirst()
                .map(o -> new DataStore.VariationTotals(t.variation(), t.units(), t.converted() + o.converted(),
                        t.sum() + o.sum(), t.sumOfSquares() + o.sumOfSquares(), t.preConverted() + o.preConverted(),
                        t.preSum() + o.preSum(), t.preSumOfSquares() + o.preSumOfSquares(),
                        t.bothConverted() + o.bothConverted(), t.crossSum() + o.crossSum()))
                .orElse(t)).toList();
    }
}
