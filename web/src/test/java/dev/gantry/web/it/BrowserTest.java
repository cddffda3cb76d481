package dev.gantry.web.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) against a real
 * server running real runs on a real git repository, as a person uses them: sign in, push and see the run appear,
 * find the failing test of a failed run, start a run with the Run button and watch its log stream and its DAG node
 * change state, cancel a run, approve a gate, download an artifact, move with the keyboard; screenshots go to
 * {@code target/screenshots/}. Skips, saying why, when Chromium or chromedriver is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    @TempDir
    static Path tmp;
    static Gantry gantry;
    static Path flags;
    static Path downloads;
    static ChromeDriver driver;
    static Path shots;

    static Optional<Path> executable(String env, String... candidates) {
        String given = System.getenv(env);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Optional.of(Path.of(given));
        }
        return Arrays.stream(candidates).map(Path::of).filter(Files::isExecutable).findFirst();
    }

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> chromium = executable("GANTRY_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Optional<Path> chromedriver = executable("GANTRY_CHROMEDRIVER", "/usr/bin/chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "browser tests skipped: no "
                + "Chromium or chromedriver (apt-get install -y chromium chromium-driver, or set GANTRY_CHROMIUM and "
                + "GANTRY_CHROMEDRIVER)");
        flags = Files.createDirectories(tmp.resolve("flags"));
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        shots = Files.createDirectories(Path.of("target", "screenshots"));
        gantry = Gantry.start(tmp.resolve("server"), Workflows.all(flags), false);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.get()
                .toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (gantry != null) {
            gantry.close();
        }
    }

    private static void open(String path) {
        driver.get(gantry.url(path));
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static void shot(String name) throws Exception {
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page's heading as text (read by script: the live part may be swapped in at any moment). */
    private static String heading() {
        Object text = ((JavascriptExecutor) driver).executeScript(
                "var h = document.querySelector('h1'); return h ? h.textContent : '';");
        return text == null ? "" : text.toString();
    }

    private static String nodeState(String action) {
        List<WebElement> nodes = driver.findElements(By.cssSelector("svg.dag a.node[data-action='" + action + "']"));
        return nodes.isEmpty() ? "" : nodes.get(0).getAttribute("data-state");
    }

    /** Starts a workflow with the Run button of its page; returns the run page's path. */
    private static String runWithButton(String file, String variables) {
        open("/repos/app/workflows/.codecatalyst/workflows/" + file);
        driver.findElement(By.id("variables")).sendKeys(variables);
        driver.findElement(By.id("run-button")).click();
        waiting().until(d -> d.getCurrentUrl().matches(".*/runs/\\d+$"));
        return driver.getCurrentUrl().replaceAll("^https?://[^/]+", "");
    }

    @Test
    @Order(1)
    void signInWithATokenThenAPushedCommitsRunAppearsOnTheHomePage() throws Exception {
        open("/");
        assertThat(driver.getCurrentUrl()).contains("/signin");
        driver.findElement(By.id("token")).sendKeys("gantry_wrong");
        driver.findElement(By.cssSelector("form.signin button")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("[role=alert]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText()).contains("not valid");
        driver.findElement(By.id("token")).sendKeys(gantry.token("alice", "run"));
        driver.findElement(By.cssSelector("form.signin button")).click();
        waiting().until(d -> heading().contains("Repositories"));
        assertThat(driver.findElements(By.cssSelector("table.runs tr[data-run]"))).isEmpty();
        gantry.push(Map.of("README.md", "a change\n"), "a change");
        waiting().until(d -> !d.findElements(By.cssSelector("table.runs tr[data-run]")).isEmpty());
        waiting().until(d -> d.findElement(By.cssSelector("table.runs tr[data-run]")).getText().contains("Failed"));
        shot("home");
    }

    @Test
    @Order(2)
    void aFailedRunLeadsToItsFailingTestCase() throws Exception {
        open("/");
        driver.findElement(By.cssSelector("table.runs tr[data-run] a")).click();
        waiting().until(d -> heading().contains("Failed"));
        assertThat(nodeState("Checks.Unit")).isEqualTo("failed");
        assertThat(nodeState("Compile")).isEqualTo("succeeded");
        assertThat(driver.findElement(By.cssSelector("svg.dag a.node[data-action='Checks.Unit']"))
                .getAttribute("aria-label")).contains("Failed");
        // Which branch is longest depends on this run's timings; Compile starts every chain, so it is always on it.
        assertThat(driver.findElement(By.cssSelector("svg.dag a.node[data-action='Compile']"))
                .getAttribute("aria-label")).contains("Succeeded", "critical path");
        shot("run");
        driver.findElement(By.cssSelector("svg.dag a.node[data-action='Checks.Unit']")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/actions/Checks.Unit"));
        WebElement failure = driver.findElement(By.cssSelector("tr.failed-test"));
        assertThat(failure.getText()).contains("divides_by_zero", "expected 0 but was 1");
        shot("action-failed-test");
    }

    @Test
    @Order(3)
    void theLogStreamsAsTheStepPrintsAndTheDagNodeChangesState() throws Exception {
        String run = runWithButton("slow.yaml", "FLAG=stream");
        waiting().until(d -> nodeState("Stream").equals("running"));
        driver.findElement(By.cssSelector("svg.dag a.node[data-action='Stream']")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/actions/Stream"));
        waiting().until(d -> d.findElements(By.cssSelector("#log .l")).size() >= 3);
        int before = driver.findElements(By.cssSelector("#log .l")).size();
        String url = driver.getCurrentUrl();
        waiting().until(d -> d.findElements(By.cssSelector("#log .l")).size() >= before + 10);
        assertThat(driver.getCurrentUrl()).as("no reload: the lines came by the event stream").isEqualTo(url);
        assertThat(driver.findElement(By.id("log")).getText()).contains("tick 1", "tick 5");
        shot("action-live-log");
        open(run);
        assertThat(nodeState("Stream")).isEqualTo("running");
        Files.createFile(flags.resolve("release-stream"));
        waiting().until(d -> nodeState("Stream").equals("succeeded"));
        assertThat(driver.getCurrentUrl()).endsWith(run);
        waiting().until(d -> heading().contains("Succeeded"));
    }

    @Test
    @Order(4)
    void cancelStopsARun() throws Exception {
        runWithButton("slow.yaml", "FLAG=never");
        waiting().until(d -> nodeState("Stream").equals("running"));
        driver.findElement(By.xpath("//button[contains(., 'Cancel run')]")).click();
        try {
            waiting().until(d -> heading().contains("Stopped"));
        } catch (RuntimeException e) {
            System.err.println("HEADING " + heading() + " AT " + driver.getCurrentUrl());
            throw e;
        }
        assertThat(driver.findElement(By.cssSelector(".reason")).getText()).contains("alice");
    }

    @Test
    @Order(5)
    void approvingAGateLetsTheRunGoOn() throws Exception {
        runWithButton("gated.yaml", "");
        waiting().until(d -> !d.findElements(By.cssSelector("section.gate")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("section.gate")).getText()).contains("Approve", "1 more approval");
        shot("run-gate");
        driver.findElement(By.cssSelector("section.gate input[name=comment]")).sendKeys("ship it");
        driver.findElement(By.cssSelector("section.gate button[value=approve]")).click();
        waiting().until(d -> heading().contains("Succeeded"));
        assertThat(nodeState("Deploy")).isEqualTo("succeeded");
    }

    @Test
    @Order(6)
    void anArtifactDownloadsWithItsBytes() throws Exception {
        open("/");
        String failed = driver.findElements(By.cssSelector("table.runs tr[data-run]")).stream()
                .filter(r -> r.getText().contains("Failed")).findFirst().orElseThrow().getAttribute("data-run");
        open("/runs/" + failed + "/actions/Package");
        driver.findElement(By.partialLinkText("bundle.bin")).click();
        Path file = downloads.resolve("bundle.bin");
        waiting().until(d -> Files.exists(file) && !Files.exists(downloads.resolve("bundle.bin.crdownload")));
        byte[] got = Files.readAllBytes(file);
        boolean same = false;
        try (var list = Files.list(flags)) {
            for (Path p : list.filter(p -> p.getFileName().toString().startsWith("bundle-")).toList()) {
                same |= Arrays.equals(Files.readAllBytes(p), got);
            }
        }
        assertThat(got).hasSize(300000);
        assertThat(same).as("the downloaded bytes are the bytes the step wrote").isTrue();
    }

    @Test
    @Order(7)
    void theKeyboardReachesADagNodeAndOpensIt() {
        open("/");
        driver.findElement(By.cssSelector("table.runs tr[data-run] a")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("svg.dag a.node")).isEmpty());
        WebElement body = driver.findElement(By.tagName("body"));
        boolean reached = false;
        for (int i = 0; i < 80 && !reached; i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
            Object css = ((JavascriptExecutor) driver).executeScript("return document.activeElement.getAttribute("
                    + "'class')");
            reached = css != null && css.toString().contains("node");
        }
        assertThat(reached).as("a DAG node takes the focus with Tab").isTrue();
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        waiting().until(d -> d.getCurrentUrl().contains("/actions/"));
        assertThat(body).isNotNull();
    }

    @Test
    @Order(8)
    void aPhoneWideScreenAndTheDarkTheme() throws Exception {
        open("/");
        driver.findElement(By.cssSelector("table.runs tr[data-run] a")).click();
        driver.manage().window().setSize(new Dimension(375, 812));
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("the page itself does not scroll sideways at 375 px")
                .isLessThanOrEqualTo(0);
        shot("run-375px");
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name",
                "prefers-color-scheme", "value", "dark"))));
        driver.navigate().refresh();
        Object bg = ((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.body).backgroundColor");
        assertThat(bg.toString()).isEqualTo("rgb(13, 17, 23)");
        shot("run-dark");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
}
