package herald.analysis;

import static herald.analysis.Reference.matches;
import static org.assertj.core.api.Assertions.assertThat;

import herald.experiment.Experiment;
import org.junit.jupiter.api.Test;

/*
 * Expected values from python 3 with scipy 1.17.1, written from the definitions: the posterior is a
 * scipy.stats.norm; chance to win is its survival at 0; the interval its 2.5 % and 97.5 % quantiles;
 * the risks are integrated numerically (scipy.integrate.quad), not taken from the closed form Herald
 * uses:
 *
 *   import numpy as np, math
 *   from scipy.stats import norm
 *   from scipy.integrate import quad
 *   na, ca, nb, cb = 10000, 1000, 9500, 1100          # B3: 2000, 400, 2000, 360
 *   ma, mb = ca/na, cb/nb
 *   va, vb = ma*(1-ma), mb*(1-mb)
 *   lift = mb/ma - 1
 *   se = math.sqrt(vb/(nb*ma**2) + mb**2*va/(na*ma**4))
 *   def post(mu0=None, tau=None):
 *       if mu0 is None: return lift, se
 *       prec = 1/se**2 + 1/tau**2
 *       return (lift/se**2 + mu0/tau**2)/prec, math.sqrt(1/prec)
 *   def figures(mu, s, alpha=0.05):
 *       d = norm(mu, s)
 *       risk_t = quad(lambda x: -x*d.pdf(x), mu-40*s, 0, epsabs=1e-15, epsrel=1e-13, limit=200)[0]
 *       risk_c = quad(lambda x: x*d.pdf(x), 0, mu+40*s, epsabs=1e-15, epsrel=1e-13, limit=200)[0]
 *       return dict(mu=mu, sigma=s, ctw=d.sf(0), lo=d.ppf(alpha/2), hi=d.ppf(1-alpha/2),
 *                   risk_c=risk_c, risk_t=risk_t)
 */
class BayesianComparisonTest {

    private static final ArmSummary CONTROL = ArmSummary.conversion("control", 10_000, 1_000);
    private static final ArmSummary TREATMENT = ArmSummary.conversion("treatment", 9_500, 1_100);

    /*
     * B1 = figures(*post()):
     * {'mu': '0.1578947368421051', 'sigma': '0.047794940319695854', 'ctw': '0.9995227180359325',
     *  'lo': '0.0642183751722599', 'hi': '0.25157109851195025', 'risk_c': '0.1579007373215266',
     *  'risk_t': '6.0004794214744775e-06'}
     */
    @Test
    void flatPriorPosteriorIsTheLikelihood() {
        Comparison c = BayesianTest.compare("signup", CONTROL, TREATMENT, 0.05, 100);

        matches(c.relativeLift(), 0.1578947368421051, "relativeLift");
        matches(c.standardError(), 0.047794940319695854, "standardError");
        matches(c.chanceToWin(), 0.9995227180359325, "chanceToWin");
        matches(c.ciLow(), 0.0642183751722599, "ciLow");
        matches(c.ciHigh(), 0.25157109851195025, "ciHigh");
        matches(c.riskControl(), 0.1579007373215266, "riskControl");
        matches(c.riskTreatment(), 6.0004794214744775e-06, "riskTreatment");
        assertThat(c.pValue()).as("the Bayesian method has no p-value").isNull();
        assertThat(c.significant()).isTrue();
    }

    /*
     * B2 = figures(*post(0.0, 0.05)): a sceptical prior N(0, 0.05²) pulls the lift towards 0
     * {'mu': '0.08250573654844137', 'sigma': '0.034549372951131016', 'ctw': '0.9915310524172872',
     *  'lo': '0.014790209875782251', 'hi': '0.15022126322110047', 'risk_c': '0.08260316553505581',
     *  'risk_t': '9.742898661442895e-05'}
     */
    @Test
    void properPriorShrinksThePosterior() {
        Comparison c = BayesianTest.compare("signup", CONTROL, TREATMENT, 0.05, 100,
                new Experiment.Prior(0, 0.05));

        matches(c.chanceToWin(), 0.9915310524172872, "chanceToWin");
        matches(c.ciLow(), 0.014790209875782251, "ciLow");
        matches(c.ciHigh(), 0.15022126322110047, "ciHigh");
        matches(c.riskControl(), 0.08260316553505581, "riskControl");
        matches(c.riskTreatment(), 9.742898661442895e-05, "riskTreatment");
        // The reported lift and standard error stay the data's; the interval is the posterior's.
        matches(c.relativeLift(), 0.1578947368421051, "relativeLift");
        matches(c.standardError(), 0.047794940319695854, "standardError");
    }

    /*
     * B3 (2000/400 against 2000/360) = figures(*post()):
     * {'mu': '-0.10000000000000009', 'sigma': '0.05886425061104575', 'ctw': '0.04467617776884129',
     *  'lo': '-0.21537181117458964', 'hi': '0.015371811174589453', 'risk_c': '0.0010795860155007235',
     *  'risk_t': '0.10107958601550082'}
     * absolute: mb - ma ± norm.ppf(0.975) * sqrt(va/na + vb/nb)
     * {'abs': '-0.020000000000000018', 'abs_lo': '-0.04430671443496133', 'abs_hi': '0.004306714434961292'}
     */
    @Test
    void aLosingTreatmentBelowFivePercentIsSignificantBothWays() {
        ArmSummary control = ArmSummary.conversion("control", 2_000, 400);
        ArmSummary treatment = ArmSummary.conversion("b", 2_000, 360);
        Comparison c = BayesianTest.compare("signup", control, treatment, 0.05, 100);

        matches(c.chanceToWin(), 0.04467617776884129, "chanceToWin");
        matches(c.ciLow(), -0.21537181117458964, "ciLow");
        matches(c.ciHigh(), 0.015371811174589453, "ciHigh");
        matches(c.riskControl(), 0.0010795860155007235, "riskControl");
        matches(c.riskTreatment(), 0.10107958601550082, "riskTreatment");
        matches(c.absoluteCiLow(), -0.04430671443496133, "absoluteCiLow");
        matches(c.absoluteCiHigh(), 0.004306714434961292, "absoluteCiHigh");
        assertThat(c.significant()).as("chance to win below 5 %").isTrue();
        assertThat(BayesianTest.compare("signup", control, treatment, 0.04, 100).significant())
                .as("but not below 4 %").isFalse();
        assertThat(BayesianTest.compare("signup", control, treatment, 0.05, 2_001).significant())
                .as("nor with too few units").isFalse();
    }

    @Test
    void noSpreadLeavesChanceToWinAndRiskUndefined() {
        Comparison c = BayesianTest.compare("signup", ArmSummary.conversion("control", 300, 300),
                ArmSummary.conversion("b", 200, 200), 0.05, 100, new Experiment.Prior(0, 0.1));

        assertThat(c.chanceToWin()).isNull();
        assertThat(c.riskControl()).isNull();
        assertThat(c.riskTreatment()).isNull();
        assertThat(c.significant()).isFalse();
        assertThat(c.ciLow()).isZero();
        assertThat(c.ciHigh()).isZero();
    }
}
