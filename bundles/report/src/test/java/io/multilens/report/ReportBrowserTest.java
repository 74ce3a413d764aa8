package io.multilens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens the report of the test run in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) through Selenium: no console errors, every figure there with the
 * right number of marks, the hover tooltip working, and a screenshot in {@code target/}.
 * Skipped, saying how to enable it, when the browser or its driver is not installed. The driver
 * and browser are named explicitly, so Selenium Manager never downloads anything.
 */
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("multilens.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("multilens.chromedriver", "/usr/bin/chromedriver"));
    private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");

    @TempDir
    Path dir;

    @Test
    void reportRendersInAHeadlessBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "headless-browser test skipped: " + CHROMIUM + " or " + DRIVER + " missing; enable it with "
                        + "'apt-get install chromium chromium-driver' (or -Dmultilens.chromium=... -Dmultilens.chromedriver=...)");
        Path run = Fixture.copyRun(dir);
        Path out = dir.resolve("report");
        ReportWriter.write(run, out);

        ChromeDriver driver = start();
        try {
            driver.get(out.resolve(ReportWriter.HTML).toUri().toString());
            assertMarks(driver);
            assertTooltip(driver, run);
            assertNoConsoleErrors(driver);
            screenshots(driver);
        } finally {
            driver.quit();
        }
    }

    private ChromeDriver start() throws Exception {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--hide-scrollbars",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return new ChromeDriver(service, options);
    }

    /** Counts per figure: 4 layers (5 depths in the lens), 3 languages, 6 ablated sets, 2 and 3 conditions, 30 training steps, 2 evaluations. */
    private static void assertMarks(ChromeDriver driver) {
        Map<String, Integer> bars = Map.of(
                "fig-layers-detect", 4 * 2 * 3,
                "fig-results-bench-acc", 2 * 3,
                "fig-results-bench-acc_norm", 5,
                "fig-results-finetune-mean_nll", 3 * 3,
                "fig-heldout-train", 3);
        bars.forEach((id, n) -> assertEquals(n, driver.findElements(By.cssSelector("#" + id + " svg rect.bar")).size(), id));
        assertEquals(3 * 3, driver.findElements(By.cssSelector("#fig-overlap-detect svg rect.cell")).size());
        assertEquals(6 * 3, driver.findElements(By.cssSelector("#fig-ablation-perplexity svg rect.cell")).size());
        assertEquals(2 * 3, driver.findElements(By.cssSelector("#fig-results-bench-acc svg line.errorbar")).size());
        WebElement loss = driver.findElement(By.cssSelector("#fig-loss-train svg polyline.series"));
        assertEquals("30", loss.getDomAttribute("data-points"));
        assertEquals(3 * 2, driver.findElements(By.cssSelector("#fig-heldout-finetune svg circle.point")).size());
        assertEquals(3 * 5 * 4, driver.findElements(By.cssSelector("#fig-lens-lens svg rect.share")).size());
        assertEquals(12, driver.findElements(By.cssSelector("main figure")).size());
        for (WebElement svg : driver.findElements(By.cssSelector("main figure svg"))) {
            // an SVG the browser could not lay out collapses to 0 or to the 300 × 150 default
            assertTrue(svg.getSize().getWidth() >= 250 && svg.getSize().getHeight() > 150,
                    "figure drawn at its own size: " + svg.getSize());
        }
        assertTrue(driver.findElements(By.cssSelector("#provenance table tbody tr")).size() >= 6, "a provenance row per step");
    }

    /** The script turned every mark's title into a tooltip, which shows the value on hover. */
    private static void assertTooltip(ChromeDriver driver, Path run) throws Exception {
        Object titlesLeft = ((JavascriptExecutor) driver).executeScript("return document.querySelectorAll('figure svg title').length");
        assertEquals(0L, titlesLeft);
        WebElement tip = driver.findElement(By.id("tip"));
        assertFalse(tip.isDisplayed());
        WebElement cell = driver.findElement(By.cssSelector("#fig-ablation-perplexity rect.cell[data-row='zh'][data-col='zh']"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", cell);
        new Actions(driver).moveToElement(cell).perform();
        JsonNode rel = new ObjectMapper().readTree(run.resolve("perplexity/metrics.json").toFile()).path("relative_nll_change");
        String expected = String.format(java.util.Locale.ROOT, "%+.2f%%", rel.path("zh").path("zh").asDouble() * 100);
        assertTrue(tip.isDisplayed());
        assertEquals("switched off zh, evaluated on zh: " + expected, tip.getText());
    }

    private static void assertNoConsoleErrors(ChromeDriver driver) {
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), severe.stream().map(LogEntry::getMessage).toList(), "browser console errors");
    }

    /** The whole page (window stretched to the document's height), and each section and figure on its own for review. */
    private static void screenshots(ChromeDriver driver) throws Exception {
        new Actions(driver).moveToElement(driver.findElement(By.tagName("h1"))).perform();
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Number height = (Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1280, height.intValue() + 20));
        Path png = TARGET.resolve("report-screenshot.png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        assertTrue(Files.size(png) > 10_000, "a screenshot with content");
        Files.createDirectories(TARGET.resolve("report-figures"));
        for (WebElement part : driver.findElements(By.cssSelector("main > section, main figure"))) {
            Files.write(TARGET.resolve("report-figures/" + part.getDomAttribute("id") + ".png"), part.getScreenshotAs(OutputType.BYTES));
        }
    }
}
