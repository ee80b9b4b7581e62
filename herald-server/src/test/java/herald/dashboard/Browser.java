package herald.dashboard;

import herald.TempDirectories;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}). Both paths are given, so Selenium never looks for or downloads a
 * browser or driver of its own. Without them the tests are skipped with a plain message, except in
 * CI ({@code CI} set), where a missing browser is a failure: the browser tests must run there.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("herald.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("herald.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final int DESKTOP = 1440;
    static final int PHONE = 360;

    /**
     * Selenium's own logger, held so its level stays set: it warns on every start that it has no
     * DevTools bindings for this Chromium version, which these tests do not use.
     */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test class when there is no Chromium here, or fails when in CI. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "browser tests need Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver)";
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError(message + "; in CI they must run, so this is a failure");
        }
        if (!present) {
            // Surefire counts a class skipped in @BeforeAll as zero tests and shows no reason; say it here.
            System.err.println("SKIPPED: " + message + "; skipping them");
        }
        Assumptions.assumeTrue(present, message + "; skipping them");
    }

    static Browser start() {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        try {
            Path profile = Files.createTempDirectory("herald-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // Quiet and offline: no first-run, sync, update or other background traffic.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--disable-features=Translate,OptimizationHints,MediaRouter", "--user-data-dir=" + profile,
                    "--window-size=" + DESKTOP + ",1000");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogOutput(java.io.OutputStream.nullOutputStream())
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    void width(int width) {
        driver.manage().window().setSize(new Dimension(width, width == PHONE ? 1400 : 1100));
    }

    /** Saves the current page as {@code target/screenshots/<name>-<width>.png} at desktop and phone widths. */
    void screenshots(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            for (int width : new int[] {DESKTOP, PHONE}) {
                width(width);
                // the whole page, not just the first screen: grow the window to the page's height
                long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
                driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 5000)));
                File shot = driver.getScreenshotAs(OutputType.FILE);
                Files.move(shot.toPath(), SCREENSHOTS.resolve(name + "-" + width + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            width(DESKTOP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves one element as it shows at the current width, as {@code target/screenshots/<name>.png}. */
    void element(org.openqa.selenium.WebElement element, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.move(element.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TempDirectories.delete(profile);
        }
    }
}
