package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser against a real Herald and a real receiver on loopback: what a
 * person does in Settings → Webhooks and on the experiment pages, in order, one browser for all.
 * Screenshots of every page, at 1440 and 360 px, land in {@code target/screenshots} for review.
 */
@WithHerald
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final String HOSTILE_BODY = "<script>window.pwned=1</script>";

    private TestHerald herald;
    private Receiver receiver;
    private Browser browser;
    private ChromeDriver web;
    private String base;
    private String apiKey;
    private Api api;
    private String webhookId;
    private String experimentId;

    @BeforeAll
    void start() {
        Browser.requireChromium();
        Api.Response account = herald.operator().post("/v1/accounts", "{\"name\":\"Acme <Shop>\",\"plan\":\"growth\"}");
        apiKey = account.text("apiKey");
        api = herald.operator().as(apiKey);
        base = herald.app().baseUrl();
        browser = Browser.start();
        web = browser.driver();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void signInRefusesAWrongKeyThenSignsInWithAnAccountKeyAndAStrictHttpOnlyCookie() {
        web.get(base + "/dashboard/webhooks");
        assertThat(web.getCurrentUrl()).endsWith("/dashboard/login");
        browser.screenshots("01-login");

        signIn("hk_not-a-key");
        assertThat(web.findElement(By.cssSelector("[role=alert]")).getText()).contains("not valid");
        browser.screenshots("01-login-error");

        signIn(apiKey);
        assertThat(web.getCurrentUrl()).endsWith("/dashboard/webhooks");
        assertThat(text()).contains("No webhooks yet").contains("Acme <Shop>");
        Cookie session = web.manage().getCookieNamed(Gate.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        browser.screenshots("02-webhooks-empty");
    }

    @Test
    @Order(2)
    void addsAWebhookWithTheApisValidationRevealsItsSecretAndATestPingSucceedsInHistory() {
        click(By.linkText("+ Add webhook"));
        web.findElement(By.id("url")).sendKeys("ftp://example.com/hooks");
        web.findElement(By.cssSelector("input[name=events][value='*']")).click();
        click(By.cssSelector("form.webhook-form button[type=submit]"));
        assertThat(web.findElement(By.id("form-error")).getText()).contains("url must start with https://");
        assertThat(web.findElement(By.id("url")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshots("03-webhook-form-error");

        WebElement url = web.findElement(By.id("url"));
        url.clear();
        url.sendKeys(receiver.url("/hook"));
        web.findElement(By.id("description")).sendKeys("Orders service");
        web.findElement(By.id("headers")).sendKeys("X-Team: growth");
        click(By.cssSelector("form.webhook-form button[type=submit]"));
        assertThat(text()).contains("Webhook created").contains("Orders service").contains("All events (*)");
        webhookId = web.getCurrentUrl().replaceAll(".*/webhooks/([^/?]+).*", "$1");

        click(By.xpath("//button[text()='Reveal secret']"));
        String secret = web.findElement(By.id("secret-value")).getText();
        assertThat(secret).startsWith("whsec_").isEqualTo(api.get("/v1/webhooks/" + webhookId + "/secret").text("secret"));
        browser.screenshots("04-webhook-detail");

        click(By.xpath("//button[text()='Send test']"));
        assertThat(receiver.await("/hook", 1).getFirst().header("X-Team")).isEqualTo("growth");
        eventually(() -> text().contains("webhook.ping") && badges().contains("success"));
        browser.screenshots("05-history");

        click(By.linkText("webhook.ping"));
        assertThat(web.findElement(By.cssSelector("ol.timeline")).getText()).contains("Attempt 1").contains("HTTP 200");
        browser.screenshots("06-delivery");
    }

    @Test
    @Order(3)
    void aFailedDeliveryShowsTheReceiversHtmlAsTextAndRedeliversOnceTheReceiverRecovers() {
        receiver.reply("/hook", r -> new Receiver.Reply(500, HOSTILE_BODY, Duration.ZERO));
        web.get(base + "/dashboard/webhooks/" + webhookId);
        click(By.xpath("//button[text()='Send test']"));
        eventually(() -> badges().contains("dead"));

        new Select(web.findElement(By.id("status"))).selectByValue("dead");
        click(By.cssSelector("form.filters button"));
        assertThat(web.getCurrentUrl()).contains("status=dead");
        assertThat(badges()).containsOnly("dead");
        assertThat(text()).contains(HOSTILE_BODY);
        assertThat(web.executeScript("return typeof window.pwned")).isEqualTo("undefined");
        browser.screenshots("07-history-failed");

        receiver.reply("/hook", r -> Receiver.Reply.ok());
        click(By.linkText("webhook.ping"));
        assertThat(web.findElement(By.cssSelector("ol.timeline")).getText()).contains("HTTP 500").contains("Attempt 5");
        assertThat(web.executeScript("return typeof window.pwned")).isEqualTo("undefined");
        click(By.xpath("//button[text()='Redeliver']"));
        assertThat(text()).contains("queued again");
        eventually(() -> web.findElement(By.cssSelector("h1 + .badge")).getText().equals("success"));
        assertThat(web.findElement(By.cssSelector("ol.timeline")).getText()).contains("Attempt 6").contains("HTTP 200");
        browser.screenshots("08-delivery-redelivered");
    }

    @Test
    @Order(4)
    void rotatesTheSecretAfterSayingTheOldOneStopsAtOnceAndDisablesAndEnables() {
        String before = api.get("/v1/webhooks/" + webhookId + "/secret").text("secret");
        web.get(base + "/dashboard/webhooks/" + webhookId);
        click(By.linkText("Rotate secret…"));
        assertThat(text()).contains("the old secret stops signing at once");
        browser.screenshots("09-rotate");
        click(By.xpath("//button[text()='Rotate secret']"));
        String after = web.findElement(By.id("secret-value")).getText();
        assertThat(text()).contains("The old secret stopped signing at once");
        assertThat(after).startsWith("whsec_").isNotEqualTo(before)
                .isEqualTo(api.get("/v1/webhooks/" + webhookId + "/secret").text("secret"));

        click(By.xpath("//button[text()='Disable']"));
        assertThat(text()).contains("Webhook disabled");
        assertThat(api.get("/v1/webhooks/" + webhookId).json().path("enabled").asBoolean()).isFalse();
        click(By.xpath("//button[text()='Enable']"));
        assertThat(text()).contains("Webhook enabled");
        assertThat(api.get("/v1/webhooks/" + webhookId).json().path("enabled").asBoolean()).isTrue();

        click(By.linkText("Webhooks"));
        assertThat(text()).contains(receiver.url("/hook")).contains("Enabled").contains("success");
        browser.screenshots("10-webhooks");
    }

    @Test
    @Order(5)
    void createsAndStartsAnExperimentAndShowsItsEventsAndItsLiftWithConfidenceIntervals() {
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web shop\"}");
        api.post("/v1/metrics", "{\"key\":\"purchase\",\"name\":\"Purchase\",\"type\":\"conversion\"}");
        click(By.linkText("Experiments"));
        assertThat(text()).contains("No experiments yet");
        click(By.linkText("+ New experiment"));
        web.findElement(By.id("name")).sendKeys("Checkout button");
        web.findElement(By.id("key")).sendKeys("checkout-cta");
        web.findElement(By.id("metrics")).sendKeys("purchase");
        browser.screenshots("11-experiment-new");
        click(By.xpath("//button[text()='Create draft']"));
        assertThat(text()).contains("Experiment created as a draft").contains("No results yet");
        String id = web.getCurrentUrl().replaceAll(".*/experiments/([^/?]+).*", "$1");
        experimentId = id;

        click(By.xpath("//button[text()='Start']"));
        assertThat(web.findElement(By.cssSelector("h1 + .badge")).getText()).isEqualTo("running");
        String log = web.findElement(By.cssSelector("table.events")).getText();
        assertThat(log).contains("experiment.created").contains("experiment.started")
                .contains("experiment.status.updated");
        receiver.await(r -> "experiment.started".equals(r.header("X-Herald-Event")), 1, Duration.ofSeconds(10));

        click(By.linkText("Edit configuration"));
        web.findElement(By.id("hypothesis")).sendKeys("A green button sells more");
        browser.screenshots("12-experiment-edit");
        click(By.xpath("//button[text()='Save configuration']"));
        assertThat(text()).contains("Changes saved").contains("A green button sells more");
        assertThat(web.findElement(By.cssSelector("table.events")).getText())
                .contains("experiment.configuration.updated");

        load(id, 1000, 100, 150);
        click(By.xpath("//button[text()='Recompute results']"));
        assertThat(text()).contains("Results recomputed").contains("significant").contains("Standard error")
                .contains("Degrees of freedom").contains("CUPED not applied");
        WebElement plot = web.findElement(By.cssSelector("#results-heading ~ figure svg, section figure.chart svg"));
        assertThat(plot.getAttribute("role")).isEqualTo("img");
        assertThat(web.findElement(By.cssSelector("section figure.chart svg title")).getAttribute("textContent"))
                .contains("Relative lift");
        browser.screenshots("13-experiment");
        click(By.linkText("Experiments"));
        assertThat(text()).contains("Checkout button").contains("running");
        browser.screenshots("14-experiments");
    }

    @Test
    @Order(6)
    void chartTextStaysBetween11And14PixelsFrom360To1440PixelsWideAndNothingIsCutOff() {
        web.get(base + "/dashboard/experiments/" + experimentId);
        readableAtEveryWidth("figure.chart svg.lift", "15-results-plot", 5);
        browser.screenshots("15-experiment-results");
        web.get(base + "/dashboard/webhooks/" + webhookId + "/history");
        readableAtEveryWidth("figure.chart svg.activity", "15-history-chart", 4);
    }

    /**
     * At 360, 1024 and 1440 px, every text of every chart the selector finds shows at 11 to 14 px on
     * screen and lies inside its chart; saves each chart at each width.
     */
    private void readableAtEveryWidth(String selector, String name, int minimumTexts) {
        try {
            for (int width : new int[] {Browser.PHONE, 1024, Browser.DESKTOP}) {
                browser.width(width);
                List<WebElement> charts = web.findElements(By.cssSelector(selector));
                assertThat(charts).as(selector).isNotEmpty();
                for (int c = 0; c < charts.size(); c++) {
                    WebElement chart = charts.get(c);
                    // the size on screen: the computed size times the drawing's scale, which a viewBox would set
                    List<?> sizes = (List<?>) web.executeScript("""
                            return [...arguments[0].querySelectorAll('text')].filter(t => t.getBBox().width > 0)
                                .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)""", chart);
                    assertThat(sizes).as("text of %s at %d px", selector, width).hasSizeGreaterThanOrEqualTo(minimumTexts)
                            .allSatisfy(size -> assertThat(((Number) size).doubleValue()).isBetween(11.0, 14.0));
                    List<?> cutOff = (List<?>) web.executeScript("""
                            const box = arguments[0].getBoundingClientRect();
                            return [...arguments[0].querySelectorAll('text')].filter(t => t.getBBox().width > 0)
                                .filter(t => {
                                    const r = t.getBoundingClientRect();
                                    return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.height < 11;
                                }).map(t => t.textContent)""", chart);
                    assertThat(cutOff).as("text of %s outside it or squeezed at %d px", selector, width).isEmpty();
                    browser.element(chart, name + "-" + (c + 1) + "-" + width);
                }
                assertThat(horizontalOverflow()).as("horizontal overflow at %d px", width).isLessThanOrEqualTo(0);
            }
        } finally {
            browser.width(Browser.DESKTOP);
        }
    }

    @Test
    @Order(7)
    void addsAndRemovesAMetricAndClonesTheExperimentAsADraftWithANewKeyOrTheNextFreeOne() {
        api.post("/v1/metrics", "{\"key\":\"signup\",\"name\":\"Signup\",\"type\":\"conversion\"}");
        api.post("/v1/metric-collections", "{\"key\":\"funnel\",\"name\":\"Funnel\",\"metrics\":[\"signup\",\"purchase\"]}");
        web.get(base + "/dashboard/experiments/" + experimentId);
        assertThat(metricRows()).containsExactly("purchase metric");
        new Select(web.findElement(By.id("add-metric"))).selectByVisibleText("signup");
        click(By.xpath("//button[text()='Add metric']"));
        assertThat(text()).contains("Metric added");
        assertThat(metricRows()).containsExactly("purchase metric", "signup metric");
        new Select(web.findElement(By.id("add-metric"))).selectByVisibleText("funnel (collection)");
        click(By.xpath("//button[text()='Add metric']"));
        assertThat(metricRows()).containsExactly("purchase metric", "signup metric", "funnel collection");
        assertThat(api.get("/v1/experiments/" + experimentId).json().path("collections").toString())
                .isEqualTo("[\"funnel\"]");
        browser.screenshots("16-experiment-metrics");

        click(By.cssSelector("button[aria-label='Remove metric signup']"));
        assertThat(text()).contains("Metric removed");
        assertThat(metricRows()).containsExactly("purchase metric", "funnel collection");
        assertThat(api.get("/v1/experiments/" + experimentId).json().path("metrics").toString())
                .isEqualTo("[\"purchase\"]");
        assertThat(web.findElement(By.cssSelector("table.events")).getText()).contains("experiment.metric.updated");
        receiver.await(r -> "experiment.metric.updated".equals(r.header("X-Herald-Event")), 3, Duration.ofSeconds(10));

        click(By.linkText("Clone…"));
        assertThat(web.findElement(By.id("name")).getAttribute("value")).isEmpty();
        web.findElement(By.id("key")).sendKeys("checkout-cta");
        browser.screenshots("17-experiment-clone");
        click(By.xpath("//button[text()='Clone as draft']"));
        assertThat(web.findElement(By.id("form-error")).getText()).contains("was not cloned")
                .contains("an experiment with key 'checkout-cta' already exists");
        assertThat(web.findElement(By.id("key")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshots("17-experiment-clone-error");

        web.findElement(By.id("key")).clear();
        web.findElement(By.id("name")).sendKeys("Checkout button, again");
        click(By.xpath("//button[text()='Clone as draft']"));
        assertThat(text()).contains("Experiment cloned as a draft").contains("Checkout button, again")
                .contains("checkout-cta-copy").contains("No results yet");
        assertThat(web.findElement(By.cssSelector("h1 + .badge")).getText()).isEqualTo("draft");
        assertThat(metricRows()).containsExactly("purchase metric", "funnel collection");
        String copy = web.getCurrentUrl().replaceAll(".*/experiments/([^/?]+).*", "$1");
        assertThat(copy).isNotEqualTo(experimentId);
        var cloned = api.get("/v1/experiments/" + copy).json();
        assertThat(cloned.path("key").asText()).isEqualTo("checkout-cta-copy");
        assertThat(cloned.path("status").asText()).isEqualTo("draft");
        assertThat(cloned.path("hypothesis").asText()).isEqualTo("A green button sells more");
        assertThat(cloned.path("metrics").toString()).isEqualTo("[\"purchase\"]");
        browser.screenshots("18-experiment-cloned");
    }

    @Test
    @Order(8)
    void everyPageFitsA360PixelScreenLabelsEveryFieldAndStartsWithASkipLink() {
        List<String> paths = List.of("/dashboard/webhooks", "/dashboard/webhooks/new", "/dashboard/webhooks/" + webhookId,
                "/dashboard/webhooks/" + webhookId + "/history", "/dashboard/webhooks/" + webhookId + "/rotate",
                "/dashboard/experiments", "/dashboard/experiments/new", "/dashboard/experiments/" + experimentId,
                "/dashboard/experiments/" + experimentId + "/edit", "/dashboard/experiments/" + experimentId + "/clone");
        browser.width(Browser.PHONE);
        try {
            for (String path : paths) {
                web.get(base + path);
                assertThat(horizontalOverflow()).as("horizontal overflow of %s at 360 px", path).isLessThanOrEqualTo(0);
                Object unlabelled = web.executeScript("return [...document.querySelectorAll('input,select,textarea')]"
                        + ".filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.name)");
                assertThat((List<?>) unlabelled).as("fields without a label on %s", path).isEmpty();
            }
            web.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertThat(web.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        } finally {
            browser.width(Browser.DESKTOP);
        }
    }

    @Test
    @Order(9)
    void signOutEndsTheSession() {
        web.get(base + "/dashboard/webhooks");
        click(By.xpath("//button[text()='Sign out']"));
        assertThat(web.getCurrentUrl()).endsWith("/dashboard/login");
        web.get(base + "/dashboard/webhooks");
        assertThat(web.getCurrentUrl()).endsWith("/dashboard/login");
    }

    private void signIn(String key) {
        WebElement field = web.findElement(By.id("apiKey"));
        field.clear();
        field.sendKeys(key);
        click(By.xpath("//button[text()='Sign in']"));
    }

    /** Clicks something that loads a page, and waits for the new page. */
    private void click(By what) {
        WebElement page = web.findElement(By.tagName("html"));
        web.findElement(what).click();
        new WebDriverWait(web, Duration.ofSeconds(10)).until(d -> gone(page));
    }

    /**
     * True once the old page's root has left the document. Chrome reports that either as a stale
     * element or, caught mid-navigation, as a node that "does not belong to the document".
     */
    private static boolean gone(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private String text() {
        return web.findElement(By.tagName("main")).getText() + "\n" + web.findElement(By.tagName("header")).getText();
    }

    /** How many CSS pixels the page is wider than the window. */
    private int horizontalOverflow() {
        return ((Number) web.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
    }

    /** The experiment's metrics table, a "key kind" line per row. */
    private List<String> metricRows() {
        return web.findElements(By.cssSelector("table.metrics tbody tr")).stream()
                .map(row -> row.findElement(By.cssSelector("td:nth-child(1)")).getText() + " "
                        + row.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .toList();
    }

    private List<String> badges() {
        return web.findElements(By.cssSelector("table.history .badge")).stream().map(WebElement::getText).toList();
    }

    /** Reloads the page until the condition holds: deliveries happen in the background. */
    private void eventually(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never showed the expected state:\n" + text());
            }
            Receiver.sleep(200);
            web.navigate().refresh();
        }
    }

    /** n units per arm; c of control's and t of treatment's convert on purchase. */
    private void load(String id, int n, int c, int t) {
        String now = Instant.now().toString();
        StringBuilder assignments = new StringBuilder();
        StringBuilder conversions = new StringBuilder();
        for (int i = 0; i < n; i++) {
            assignments.append("{\"unitId\":\"c").append(i).append("\",\"variation\":\"control\",\"timestamp\":\"")
                    .append(now).append("\"}\n");
            assignments.append("{\"unitId\":\"t").append(i).append("\",\"variation\":\"treatment\",\"timestamp\":\"")
                    .append(now).append("\"}\n");
            if (i < c) {
                conversions.append("{\"unitId\":\"c").append(i).append("\",\"metric\":\"purchase\",\"timestamp\":\"")
                        .append(now).append("\"}\n");
            }
            if (i < t) {
                conversions.append("{\"unitId\":\"t").append(i).append("\",\"metric\":\"purchase\",\"timestamp\":\"")
                        .append(now).append("\"}\n");
            }
        }
        assertThat(api.send("POST", "/v1/experiments/" + id + "/assignments", assignments.toString()).status())
                .isEqualTo(202);
        assertThat(api.send("POST", "/v1/experiments/" + id + "/conversions", conversions.toString()).status())
                .isEqualTo(202);
    }
}
