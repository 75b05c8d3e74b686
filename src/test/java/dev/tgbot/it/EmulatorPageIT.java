package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.tgbot.handler.ExampleBot;
import dev.tgbot.support.FreePort;

/**
 * The emulator page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's chromedriver
 * (nothing is downloaded). The packaged service runs with its built-in emulator, as in dev mode; the test plays a
 * person: types a message and gets the echo, picks /start from the command menu and presses "Ping", sends a photo,
 * starts and stops another poller in the conflict lab and reads the service's warning and its recovery in the page.
 * The page's one state is checked in each situation, with a screenshot of each in
 * {@code target/emulator-page-state-<state>.png}: starting (another poller holds the host lock), polling, conflict,
 * outage, exited with code 75 and its ERROR line, disconnected. The dev-mode-only "exited" (the app stopped, its page
 * still served) is checked by {@code .ci/dev-mode-smoke}.
 * <p>
 * Skipped, with a message naming the packages, when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is
 * missing; {@code .ci/run} installs them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "browserPresent", disabledReason = "needs /usr/bin/chromium and /usr/bin/chromedriver: "
        + "apt-get install chromium chromium-driver")
class EmulatorPageIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ServiceProcess service;
    private static WebDriver browser;
    private static Path lockDir;
    private static String page;

    static boolean browserPresent() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.err.println("EmulatorPageIT SKIPPED: the browser test needs Debian's Chromium and ChromeDriver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver "
                    + "(.ci/run installs them)");
        }
        return present;
    }

    @BeforeAll
    static void start() throws IOException {
        int port = FreePort.find();
        lockDir = Files.createTempDirectory("emulator-page-lock");
        // Another poller on this host holds the host lock at first: the service waits for it ("starting")
        FileChannel lockFile = FileChannel.open(lockDir.resolve("telegram-bot-"
                + ServiceProcess.TOKEN.substring(0, ServiceProcess.TOKEN.indexOf(':')) + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = lockFile.lock();
        service = ServiceProcess.start("http://127.0.0.1:9", lockDir, Map.of("bot.emulator.enabled", "true",
                "quarkus.http.port", String.valueOf(port), "bot.polling.timeout", "5",
                "bot.conflict.max-duration", "60s", "bot.lock.wait", "60s"));
        service.awaitOutput("Chat with the bot in your browser", Duration.ofSeconds(60));
        page = "http://127.0.0.1:" + port + "/emulator";
        assertTrue(service.output().contains("Chat with the bot in your browser: http://127.0.0.1:" + port
                + "/emulator/"), "the startup log names the page first:\n" + service.output());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the closed network here refuses Chromium's own background connections: switch them off
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,900",
                "--user-data-dir=" + Files.createTempDirectory("emulator-page-chromium"));
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.get(page);
        waitFor("the page to go live", () -> text(By.id("connection")).equals("Live"));
        waitFor("the state: starting (waiting for the host lock)", () -> state().equals("starting"));
        assertTrue(text(By.id("verdict")).startsWith("The service is not polling yet"), text(By.id("verdict")));
        stateShot("starting");
        held.release();
        lockFile.close();
        service.awaitOutput("Long polling started", Duration.ofSeconds(60));
        waitFor("the state: polling", () -> state().equals("polling"));
        assertEquals("Live", text(By.id("connection")));
        assertTrue(text(By.id("verdict")).startsWith("All good"), text(By.id("verdict")));
        stateShot("polling");
    }

    /** @return the page's one state ({@code data-state} of the verdict), which the header's badge shows too */
    private static String state() {
        @SuppressWarnings("unchecked")
        List<String> both = (List<String>) js("return [document.getElementById('verdict').dataset.state,"
                + " document.getElementById('connection').dataset.state]");
        String verdict = both.get(0);
        assertEquals(verdict, both.get(1), "the badge and the verdict come from one state");
        assertFalse(text(By.tagName("body")).contains("undefined"), "no 'undefined' on the page:\n"
                + text(By.tagName("body")));
        return verdict;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void aMessageTypedInThePageGetsTheEchoAsAReply() {
        WebElement box = browser.findElement(By.id("text"));
        box.sendKeys("hello from the browser", Keys.ENTER);
        waitFor("the user's message", () -> !messages("from-user", "hello from the browser").isEmpty());
        waitFor("the bot's echo", () -> !messages("from-bot", "hello from the browser").isEmpty());
        WebElement echo = messages("from-bot", "hello from the browser").get(0);
        assertEquals("User 42: hello from the browser", echo.findElement(By.cssSelector("blockquote")).getText(),
                "the echo quotes the message it replies to");
        assertEquals("", box.getAttribute("value"), "the box is empty after sending");
        Object unnamed = js("return [...document.querySelectorAll('button, input, select, a')]"
                + ".filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label')"
                + " || e.textContent.trim())).map(e => e.outerHTML)");
        assertEquals(List.of(), unnamed, "every control has a label or a name");
    }

    @Test
    @Order(2)
    void startFromTheCommandMenuShowsTheButtonAndPingTurnsTheMessageIntoPong() {
        WebElement box = browser.findElement(By.id("text"));
        box.sendKeys("/");
        waitFor("the command menu (setMyCommands)", () -> browser.findElement(By.id("commands")).isDisplayed()
                && text(By.id("commands")).contains("/start") && text(By.id("commands")).contains("/picture"));
        box.sendKeys(Keys.ARROW_DOWN);
        WebElement first = browser.switchTo().activeElement();
        assertTrue(first.getText().startsWith("/cancel"), "arrow down moves into the menu, whose commands are in "
                + "alphabetical order (cancel, order, picture, start): " + first.getText());
        WebElement start = first;
        for (int i = 0; i < 3; i++) {
            start.sendKeys(Keys.ARROW_DOWN);
            start = browser.switchTo().activeElement();
        }
        assertTrue(start.getText().startsWith("/start"), "arrow down moves on in the menu: " + start.getText());
        start.sendKeys(Keys.ENTER);
        waitFor("the greeting with its button", () -> greeting() != null);
        WebElement greeting = greeting();
        String id = greeting.getAttribute("data-message-id");
        greeting.findElement(By.cssSelector("button[data-callback='" + ExampleBot.PING + "']")).click();
        By same = By.cssSelector("li.message[data-message-id='" + id + "']");
        waitFor("the same message edited into pong", () -> {
            WebElement m = browser.findElement(same);
            return m.findElement(By.cssSelector(".text")).getText().equals(ExampleBot.PONG)
                    && m.findElement(By.cssSelector(".meta")).getText().contains("edited")
                    && m.findElements(By.cssSelector(".keyboard")).isEmpty();
        });
        waitFor("answerCallbackQuery's text as a toast", () -> text(By.id("toasts")).contains(ExampleBot.PONG));
    }

    @Test
    @Order(3)
    void aPhotoComesBackAsAReplyAndBothAreShown() throws IOException {
        Path picture = Files.createTempFile("page-photo", ".png");
        try (InputStream in = ExampleBot.class.getResourceAsStream("/bot/picture.png")) {
            Files.copy(in, picture, StandardCopyOption.REPLACE_EXISTING);
        }
        browser.findElement(By.id("text")).sendKeys("my picture");
        browser.findElement(By.id("photo")).sendKeys(picture.toAbsolutePath().toString());
        waitFor("the user's photo and the bot's reply, both loaded", () -> Boolean.TRUE.equals(js(
                "const loaded = (sel) => [...document.querySelectorAll(sel)].some(i => i.complete && i.naturalWidth > 0);"
                        + "return loaded('li.from-user img') && loaded('li.from-bot img');")));
        WebElement reply = browser.findElements(By.cssSelector("li.from-bot")).stream()
                .filter(m -> !m.findElements(By.cssSelector("img")).isEmpty()).reduce((a, b) -> b).orElseThrow();
        assertEquals("my picture", reply.findElement(By.cssSelector(".caption")).getText());
        assertTrue(reply.findElement(By.cssSelector("blockquote")).getText().contains("[photo] my picture"),
                reply.getText());
        screenshot("emulator-page.png");
        assertEquals(Boolean.TRUE, js("const l = document.getElementById('messages');"
                + "return l.scrollHeight - l.scrollTop - l.clientHeight < 40;"),
                "the chat stays at the newest message once the photos have loaded");
        browser.findElement(By.cssSelector("[data-chat='43']")).click();
        browser.findElement(By.cssSelector("[data-chat='42']")).click();
        waitFor("the chat reopened at its newest message", () -> Boolean.TRUE.equals(js(
                "const l = document.getElementById('messages'); const imgs = [...l.querySelectorAll('img')];"
                        + "return imgs.length > 0 && imgs.every(i => i.complete)"
                        + " && l.scrollHeight - l.scrollTop - l.clientHeight < 40;")));
    }

    @Test
    @Order(4)
    void onAPhoneTheComposerAndTheFactsFit() {
        var normal = browser.manage().window().getSize();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            waitFor("the narrow layout", () -> ((Number) js("return window.innerWidth")).intValue() <= 400);
            Object overflow = js("const w = document.documentElement.clientWidth;"
                    + "return ['photo-button', 'text'].map(id => document.getElementById(id))"
                    + ".filter(e => e.getBoundingClientRect().right > w + 1).map(e => e.id);");
            assertEquals(List.of(), overflow, "nothing of the composer is clipped at 390 px");
            Object broken = js("return [...document.querySelectorAll('.facts dd')].filter(d => d.textContent.includes("
                    + "'readiness') && d.getBoundingClientRect().height > 40).map(d => d.textContent);");
            assertEquals(List.of(), broken, "the facts do not break words apart at 390 px");
            screenshot("emulator-page-390px.png");
        } finally {
            browser.manage().window().setSize(normal);
        }
        waitFor("the chat still at its newest message after the resizes", () -> Boolean.TRUE.equals(js(
                "const l = document.getElementById('messages');"
                        + "return l.scrollHeight - l.scrollTop - l.clientHeight < 40;")));
    }

    @Test
    @Order(5)
    void theOtherPollerButtonLeadsToTheConflictWarningAndStoppingItToResolved() {
        browser.findElement(By.id("theme")).click();
        WebElement rogue = browser.findElement(By.id("rogue"));
        rogue.click();
        waitFor("the service's conflict WARN in the page's log", () -> logLine("WARN",
                "Polling conflict: Telegram says another getUpdates consumer uses this bot's token"));
        waitFor("the verdict in words", () -> text(By.id("verdict")).startsWith("Conflict: another program polls"));
        waitFor("the state: conflict", () -> state().equals("conflict"));
        stateShot("conflict");
        assertFalse(text(By.id("verdict")).contains(" 1 conflict answers"), text(By.id("verdict")));
        waitFor("both sides' views", () -> !text(By.cssSelector("[data-fact='conflict']")).equals("none")
                && !text(By.cssSelector("[data-fact='conflicts']")).equals("0"));
        screenshot("emulator-page-conflict-dark.png");
        assertEquals("Stop the other poller", rogue.getText());
        rogue.click();
        waitFor("the service's 'resolved' in the page's log", () -> logLine("INFO", "Polling conflict resolved"));
        waitFor("the verdict back to normal", () -> text(By.id("verdict")).startsWith("All good"));
        assertEquals("none", text(By.cssSelector("[data-fact='other-poller']")));
        assertTrue(service.alive(), "the conflict was resolved inside the budget: the service runs on");
    }

    @Test
    @Order(6)
    void failingCallsShowTheOutageAndTheRecovery() {
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("fault-method"))).selectByValue("getUpdates");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("fault-kind"))).selectByValue("status:500");
        WebElement count = browser.findElement(By.id("fault-count"));
        count.clear();
        count.sendKeys("4");
        browser.findElement(By.cssSelector("#fault-form button[type='submit']")).click();
        waitFor("the faults queued in the emulator's view", () -> text(By.cssSelector("[data-fact='faults']")).equals("4")
                || logLine("WARN", "Bot API unavailable for getUpdates"));
        waitFor("the state: outage", () -> state().equals("outage"));
        stateShot("outage");
        waitFor("the service's outage WARN", () -> logLine("WARN", "Bot API unavailable for getUpdates"));
        waitFor("the recovery", () -> logLine("INFO", "Bot API reachable again"));
        waitFor("the verdict back to normal", () -> text(By.id("verdict")).startsWith("All good"));
        assertTrue(browser.findElements(By.cssSelector("#requests li.failed")).stream()
                .anyMatch(r -> r.getText().contains("getUpdates → 500")), "the Bot API's spelling, whatever the "
                        + "client sends: " + text(By.id("requests")));
    }

    @Test
    @Order(7)
    void aWebhookSetElsewhereEndsTheServiceWithItsDiagnosisAndThePageSaysSo() {
        browser.findElement(By.id("webhook")).click();
        assertEquals(75, service.awaitExit(Duration.ofSeconds(30)), service.output());
        assertTrue(service.output().contains("WEBHOOK ACTIVE"), service.output());
        waitFor("the page naming the exit code", () -> text(By.id("verdict")).contains("code 75"));
        waitFor("the exit's ERROR line in the verdict", () -> text(By.cssSelector("[data-fact='exit-report']"))
                .contains("WEBHOOK ACTIVE"));
        String exitState = state();
        assertTrue(List.of("stopping", "exited", "disconnected").contains(exitState), exitState);
        stateShot("exited");
        waitFor("the page noticing the app is gone", () -> text(By.id("connection")).startsWith("Disconnected"));
        assertEquals("disconnected", state());
        assertTrue(text(By.id("verdict")).contains("It had exited with code 75"), text(By.id("verdict")));
        assertFalse(text(By.id("verdict")).startsWith("All good"), "never 'All good' while disconnected");
        stateShot("disconnected");
        assertTrue(logLine("ERROR", "WEBHOOK ACTIVE") && logLine("ERROR",
                "https://old-deployment.example.com/telegram-webhook"), "the diagnosis reached the page: "
                        + text(By.id("log")));
        js("document.getElementById('log').scrollIntoView()");
        screenshot("emulator-page-after-exit.png");
    }

    private static boolean logLine(String level, String text) {
        return browser.findElements(By.cssSelector("#log li[data-level='" + level + "']")).stream()
                .anyMatch(l -> l.getText().contains(text));
    }

    private static WebElement greeting() {
        List<WebElement> list = messages("from-bot", ExampleBot.GREETING);
        return list.stream().filter(m -> !m.findElements(By.cssSelector("button[data-callback]")).isEmpty())
                .findFirst().orElse(null);
    }

    private static List<WebElement> messages(String side, String text) {
        return browser.findElements(By.cssSelector("li.message." + side)).stream()
                .filter(m -> m.findElements(By.cssSelector(".text")).stream().anyMatch(t -> t.getText().equals(text)))
                .toList();
    }

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** A screenshot of a state: the verdict in view. */
    private static void stateShot(String state) {
        js("document.getElementById('verdict').scrollIntoView({block: 'nearest'})");
        screenshot("emulator-page-state-" + state + ".png");
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(Path.of("target"));
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", name),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, WAIT).withMessage(what).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.NoSuchElementException.class).until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("emulator-page-failure.png");
            throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; page:\n"
                    + browser.findElement(By.tagName("body")).getText() + "\nservice output:\n" + service.output(), e);
        }
    }
}
