package herald.analysis;

import static herald.analysis.Reference.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/*
 * Expected values from python 3 with numpy 2.4.6 and scipy 1.17.1. Benjamini–Hochberg is scipy's own;
 * Holm is computed from its definition, the smallest level at which the step-down procedure rejects
 * each hypothesis, not from the adjusted-value formula Herald uses:
 *
 *   p = np.array([0.01, 0.04, 0.03, 0.005, 0.20, 0.04, 0.6])
 *   false_discovery_control(p, method='bh')
 *   -> [0.035, 0.055999999999999994, 0.055999999999999994, 0.035, 0.23333333333333336,
 *       0.055999999999999994, 0.6]
 *   m = len(p)
 *   def rejects(alpha):
 *       order = np.argsort(p, kind='stable'); out = np.zeros(m, bool)
 *       for k, i in enumerate(order):
 *           if p[i] <= alpha / (m - k): out[i] = True
 *           else: break
 *       return out
 *   cands = sorted(set(min(1.0, (m - k) * q) for k, q in enumerate(sorted(p))))
 *   [min(a for a in cands if rejects(a)[i]) for i in range(m)]
 *   -> [0.06, 0.16, 0.15, 0.035, 0.4, 0.16, 0.6]
 */
class MultipleTestingTest {

    private static final double[] P = {0.01, 0.04, 0.03, 0.005, 0.20, 0.04, 0.6};
    private static final double[] BH = {0.035, 0.055999999999999994, 0.055999999999999994, 0.035,
            0.23333333333333336, 0.055999999999999994, 0.6};
    private static final double[] HOLM = {0.06, 0.16, 0.15, 0.035, 0.4, 0.16, 0.6};

    @Test
    void benjaminiHochbergMatchesScipy() {
        List<Comparison> adjusted = MultipleTesting.BH.apply(comparisons(P), 0.05);

        for (int i = 0; i < P.length; i++) {
            matches(adjusted.get(i).adjustedPValue(), BH[i], "bh[" + i + "]");
            assertThat(adjusted.get(i).pValue()).as("the raw value is kept").isEqualTo(P[i]);
        }
    }

    @Test
    void holmMatchesTheStepDownProcedure() {
        List<Comparison> adjusted = MultipleTesting.HOLM.apply(comparisons(P), 0.05);

        for (int i = 0; i < P.length; i++) {
            matches(adjusted.get(i).adjustedPValue(), HOLM[i], "holm[" + i + "]");
        }
    }

    @Test
    void significanceFollowsTheAdjustedValues() {
        List<Comparison> none = MultipleTesting.NONE.apply(comparisons(P), 0.05);
        List<Comparison> bh = MultipleTesting.BH.apply(comparisons(P), 0.05);
        List<Comparison> holm = MultipleTesting.HOLM.apply(comparisons(P), 0.05);

        assertThat(none.stream().map(Comparison::significant)).containsExactly(true, true, true, true, false, true,
                false);
        assertThat(bh.stream().map(Comparison::significant)).containsExactly(true, false, false, true, false, false,
                false);
        assertThat(holm.stream().map(Comparison::significant)).containsExactly(false, false, false, true, false,
                false, false);
    }

    @Test
    void comparisonsWithoutPValueAreNotCountedAmongTheTests() {
        List<Comparison> input = new ArrayList<>(comparisons(new double[] {0.01, 0.04}));
        input.add(1, comparison(null));
        List<Comparison> holm = MultipleTesting.HOLM.apply(input, 0.05);

        matches(holm.get(0).adjustedPValue(), 0.02, "two tests, not three");
        assertThat(holm.get(1).adjustedPValue()).isNull();
        assertThat(holm.get(1).significant()).isFalse();
        matches(holm.get(2).adjustedPValue(), 0.04, "the largest keeps its value");
    }

    @Test
    void aComparisonGatedByTooFewUnitsStaysNotSignificant() {
        Comparison gated = comparison(0.001).corrected(0.001, 0.05);
        Comparison tooFew = new Comparison("m", "b", "a", 0.1, 0.0, 0.2, 0.05, 0.01, 0.0, 0.02, 0.005, 100.0,
                0.001, 0.001, null, null, null, false);

        assertThat(gated.significant()).isTrue();
        assertThat(MultipleTesting.NONE.apply(List.of(tooFew), 0.05).getFirst().significant()).isFalse();
    }

    @Test
    void wireNamesParse() {
        assertThat(MultipleTesting.parse("holm")).contains(MultipleTesting.HOLM);
        assertThat(MultipleTesting.parse("bh")).contains(MultipleTesting.BH);
        assertThat(MultipleTesting.parse("none")).contains(MultipleTesting.NONE);
        assertThat(MultipleTesting.parse("bonferroni")).isEmpty();
    }

    private static List<Comparison> comparisons(double[] pValues) {
        List<Comparison> out = new ArrayList<>();
        for (double p : pValues) {
            out.add(comparison(p));
        }
        return out;
    }

    /** A comparison significant before correction exactly when p &lt; 0.05 (enough units). */
    private static Comparison comparison(Double p) {
        return new Comparison("m", "b", "a", 0.1, 0.0, 0.2, 0.05, 0.01, 0.0, 0.02, 0.005, 100.0, p, p, null, null,
                null, p != null && p < 0.05);
    }
}
