package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.edgecache.web.InspectorServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cache inspector as an operator uses it, in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them) against edgecache in Jetty and a real origin: look up a
 * URL just cached and read its freshness, delete it and see the next request miss at the origin, delete by regular
 * expression after reading the count, watch the chart move with traffic, and give the token when one is set.
 * Writes a screenshot of the page with real data to {@code target/inspector.png}.
 *
 * <p>Jetty only: the page is the same on Tomcat, whose API {@link InspectorIT} covers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InspectorBrowserIT {
    static final String CHROMIUM = System.getProperty("edgecache.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("edgecache.chromedriver", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Path work;
    private TestOrigin origin;
    private Container container;
    private URI proxy;
    private WebDriver browser;

    @BeforeAll
    void start() throws Exception {
        for (String exe : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(exe))) {
                throw new IllegalStateException("The inspector's browser tests need Chromium and ChromeDriver, and "
                        + exe + " is missing. Install them with: sudo apt-get install -y chromium chromium-driver"
                        + " (.ci/run does this), or point -Dedgecache.chromium= and -Dedgecache.chromedriver= at"
                        + " another build of both.");
            }
        }
        work = Files.createTempDirectory("inspector-browser");
        origin = new TestOrigin();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "body of " + ex.getRequestURI().getPath(),
                "Cache-Control", "max-age=600", "Content-Type", "text/plain",
                "Last-Modified", "Sun, 01 Nov 2026 08:00:00 GMT"));
        origin.on("/heuristic", ex -> TestOrigin.respond(ex, 200, "guess", "Content-Type", "text/plain"));
        origin.on("/hostile", ex -> TestOrigin.respond(ex, 200, "x", "Cache-Control", "max-age=60",
                "X-Evil", "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"));
        container = Container.create("jetty");
        proxy = container.start(Deployment.cached(origin.url()).servlet("inspector",
                InspectorServlet.class.getName(), Map.of("sampleMillis", "300"), "/edgecache/inspector/*"),
                work.resolve("cache"));

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1500",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (container != null) {
            container.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private String fetch(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(proxy.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    private void openInspector() {
        browser.get(proxy.resolve(InspectorIT.BASE).toString());
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-url")));
    }

    private void lookUp(String url) {
        WebElement input = browser.findElement(By.id("lookup-url"));
        input.clear();
        input.sendKeys(url);
        browser.findElement(By.id("lookup-go")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("lookup-summary"),
                "Cache key"));
    }

    private String field(String name) {
        return browser.findElement(By.cssSelector("#lookup-result dd[data-field='" + name + "']")).getText();
    }

    private boolean stored(String path) throws Exception {
        String body = http.send(HttpRequest.newBuilder(proxy.resolve(InspectorIT.BASE + "api/object?url="
                + URLEncoder.encode(path, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return (Boolean) InspectorIT.json(body).get("found");
    }

    @Test
    void anOperatorLooksUpAUrlJustCachedAndReadsItsFreshness() throws Exception {
        fetch("/news/today.html");
        openInspector();
        lookUp("/news/today.html");
        assertThat(field("freshness")).startsWith("fresh").contains("explicit").contains("max-age=600");
        assertThat(field("lifetime")).startsWith("10 min 0 s").contains("MAX_AGE");
        assertThat(field("status")).isEqualTo("200");
        assertThat(field("chunks")).startsWith("1 of 1 present");
        assertThat(field("pinned")).isEqualTo("no");
        assertThat(browser.findElement(By.cssSelector("#lookup-result dd[data-field='freshness']"))
                .getAttribute("class")).isEqualTo("fresh");

        fetch("/heuristic/page");
        lookUp("http://www.example.com/heuristic/page");
        assertThat(field("freshness")).startsWith("fresh").contains("heuristic")
                .contains("no Last-Modified, so heuristic_min_lifetime (3600s)");
    }

    @Test
    void headerValuesAreShownAsTextNeverRun() throws Exception {
        fetch("/hostile");
        openInspector();
        String title = browser.getTitle();
        lookUp("/hostile");
        WebElement value = browser.findElements(By.cssSelector("#lookup-result td.value")).stream()
                .filter(e -> e.getText().contains("onerror")).findFirst().orElseThrow();
        assertThat(value.getText()).isEqualTo(
                "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>");
        assertThat(browser.findElements(By.cssSelector("#lookup-result img, #lookup-result script"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo(title);
    }

    @Test
    void deletingAnObjectOnThePageMakesTheNextRequestAMiss() throws Exception {
        fetch("/del/me.js");
        fetch("/del/me.js");
        int before = origin.count();
        openInspector();
        lookUp("/del/me.js");
        browser.findElement(By.cssSelector("#lookup-result button.delete-one")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("lookup-summary"),
                "nothing stored"));
        assertThat(browser.findElement(By.id("status")).getText()).contains("Deleted one object of /del/me.js");
        fetch("/del/me.js");
        assertThat(origin.count()).as("the request after the delete went to the origin").isEqualTo(before + 1);
    }

    @Test
    void aRegexDeleteShowsTheCountBeforeItIsConfirmed() throws Exception {
        for (String p : List.of("/rx/a.css", "/rx/b.css", "/rx/c.js")) {
            fetch(p);
        }
        openInspector();
        browser.findElement(By.id("regex-pattern")).sendKeys("^/rx/.*\\.css$");
        browser.findElement(By.id("regex-count")).click();
        WebElement matches = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("regex-matches")));
        assertThat(matches.getText()).isEqualTo("2 objects match");
        assertThat(browser.findElements(By.cssSelector("#regex-result li")).stream().map(WebElement::getText))
                .containsExactly("/rx/a.css", "/rx/b.css");
        WebElement confirm = browser.findElement(By.id("regex-confirm"));
        assertThat(confirm.getText()).isEqualTo("Delete 2 objects");
        assertThat(stored("/rx/a.css")).as("nothing is deleted before the confirmation").isTrue();

        confirm.click();
        WebElement done = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("regex-deleted")));
        assertThat(done.getText()).isEqualTo("Deleted 2 objects");
        int before = origin.count();
        fetch("/rx/c.js");
        assertThat(origin.count()).as("the .js file is still a hit").isEqualTo(before);
        fetch("/rx/a.css");
        fetch("/rx/b.css");
        assertThat(origin.count()).isEqualTo(before + 2);
    }

    @Test
    void theChartMovesAfterTraffic() throws Exception {
        fetch("/traffic/hot.css");
        openInspector();
        By lookups = By.cssSelector("#chart-requests polyline.lookups");
        // an idle moment first: the newest point has no lookups
        waiting().until(d -> "0".equals(d.findElement(lookups).getAttribute("data-last")));
        String idlePoints = browser.findElement(lookups).getAttribute("points");

        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                try {
                    fetch("/traffic/hot.css");
                } catch (Exception e) {
                    return;
                }
            }
        }, "inspector-traffic");
        traffic.start();
        try {
            waiting().until(d -> Double.parseDouble(d.findElement(lookups).getAttribute("data-last")) > 0);
            waiting().until(d -> Double.parseDouble(d.findElement(By.cssSelector("#chart-hits polyline.hits"))
                    .getAttribute("data-last")) > 50);
            assertThat(browser.findElement(lookups).getAttribute("points")).isNotEqualTo(idlePoints);
            assertThat(browser.findElement(By.id("store-summary")).getText()).contains("URLs");
            assertThat(browser.findElements(By.cssSelector("#tiers tbody tr"))).isNotEmpty();

            // the screenshot in the README: a lookup and a regex count with real data, the charts moving
            lookUp("/traffic/hot.css");
            browser.findElement(By.id("regex-pattern")).sendKeys("^/traffic/");
            browser.findElement(By.id("regex-count")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("regex-matches"),
                    "1 object matches"));
            Path shot = Path.of("target", "inspector.png");
            Files.createDirectories(shot.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                    StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(shot)).isPositive();
        } finally {
            running.set(false);
            traffic.join();
        }
    }

    @Test
    void aWrongOrMissingTokenIsRefused() throws Exception {
        try (Container guarded = Container.create("jetty")) {
            URI url = guarded.start(Deployment.cached(origin.url()).servlet("inspector",
                    InspectorServlet.class.getName(), Map.of("token", "open-sesame", "sampleMillis", "300"),
                    "/edgecache/inspector/*"), work.resolve("guarded"));
            browser.get(url.resolve(InspectorIT.BASE).toString());
            WebElement panel = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("token-panel")));
            assertThat(browser.findElement(By.id("token-error")).getText()).contains("needs its token");

            browser.findElement(By.id("token-input")).sendKeys("guess");
            browser.findElement(By.id("token-go")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-error"),
                    "That token was refused"));
            assertThat(panel.isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("store-summary")).getText()).isEmpty();

            browser.findElement(By.id("token-input")).sendKeys("open-sesame");
            browser.findElement(By.id("token-go")).click();
            waiting().until(ExpectedConditions.invisibilityOf(panel));
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("store-summary"), "URLs"));
        } finally {
            browser.get("about:blank");
        }
    }
}
