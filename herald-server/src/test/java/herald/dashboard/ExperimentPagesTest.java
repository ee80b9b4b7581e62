package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import herald.account.AccountId;
import herald.analysis.ArmSummary;
import herald.analysis.BayesianTest;
import herald.analysis.Comparison;
import herald.analysis.Cuped;
import herald.analysis.FixedHorizonTest;
import herald.analysis.MultipleTesting;
import herald.analysis.Results;
import herald.experiment.Experiment;
import herald.experiment.ExperimentId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The results section shows every figure a comparison carries, for each method. */
class ExperimentPagesTest {

    private static final ArmSummary CONTROL = ArmSummary.conversion("control", 10_000, 1_000);
    private static final ArmSummary TREATMENT = ArmSummary.conversion("green", 9_500, 1_100);
    private static final Experiment EXPERIMENT = Experiment.builder().id(new ExperimentId("exp_1")).accountId(new AccountId("acc_1")).key("cta")
            .name("CTA").project("web").environment("production").status(Experiment.Status.RUNNING)
            .variations(List.of(new Experiment.Variation("control", "Control", 1),
                    new Experiment.Variation("green", "Green", 1)))
            .metrics(List.of("purchase", "revenue")).targeting(JsonNodeFactory.instance.objectNode())
            .costData(JsonNodeFactory.instance.objectNode()).build();

    private static Results results(String method, String correction, List<Comparison> comparisons) {
        return new Results("2026-03-01", "manual", method, correction, new Results.Srm(0.5, false), 0,
                List.of(new Results.VariationUnits("control", 10_000), new Results.VariationUnits("green", 9_500)),
                List.of(new Results.MetricResults("purchase", "conversion", List.of(), new Cuped.View(false, 0, 0)),
                        new Results.MetricResults("revenue", "continuous", List.of(),
                                new Cuped.View(true, 0.7006501483334456, 0.4615549710860887))),
                comparisons);
    }

    @Test
    void aCorrectedFixedHorizonResultShowsStandardErrorDegreesOfFreedomBothPValuesAndCuped() {
        Comparison purchase = FixedHorizonTest.compare("purchase", CONTROL, TREATMENT, 0.05, 100);
        Comparison revenue = FixedHorizonTest.compare("revenue", CONTROL, ArmSummary.conversion("green", 9_500, 990),
                0.05, 100);
        List<Comparison> adjusted = MultipleTesting.HOLM.apply(List.of(purchase, revenue), 0.05);

        String page = ExperimentPages.results(EXPERIMENT, results("fixed", "holm", adjusted)).markup();

        assertThat(page).contains("fixed analysis, holm correction")
                .contains("<th scope=\"col\" class=\"num\">Standard error</th>")
                .contains("<th scope=\"col\" class=\"num\">Degrees of freedom</th>")
                .contains("Adjusted p (holm)")
                .contains(">4.78%<") // √Var(Δ) = 0.0477949…
                .contains(">19241.2<")
                .contains(">0.0010<").contains(">0.0019<") // p = 0.000956…, Holm doubles the smaller one
                .contains("<code>revenue</code>: CUPED applied, θ = 0.7007, variance reduced by 46.2%")
                .contains("<code>purchase</code>: CUPED not applied")
                .doesNotContain("Chance to win");
    }

    @Test
    void aBayesianResultShowsChanceToWinRiskAndACredibleInterval() {
        Comparison c = BayesianTest.compare("purchase", CONTROL, TREATMENT, 0.05, 100);

        String page = ExperimentPages.results(EXPERIMENT, results("bayesian", "none", List.of(c)))
                .markup();

        assertThat(page).contains("bayesian analysis, computed")
                .contains("Credible interval").contains("Chance to win").contains("Risk of control")
                .contains(">99.95%<") // Φ(0.1579/0.0478)
                .contains(">15.79%<").contains(">0.00%<")
                .contains("+6.4% to +25.2%")
                .doesNotContain("p-value").doesNotContain("Adjusted p");
    }
}
