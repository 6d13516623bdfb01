package dev.palisade.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through Debian's chromedriver, for browser tests: a fresh profile each
 * time, no network services of its own (no sync, updates or background fetches), and screenshots
 * saved under {@code target/screenshots}. Without Chromium the test is skipped — except in CI
 * ({@code CI=true}), where it fails, so browser tests never silently stop running. Not thread-safe:
 * one per test class.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final WebDriver driver;
  private final Path profile;
  private final String base;

  private Browser(WebDriver driver, Path profile, String base) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
  }

  /** Starts Chromium for the application on {@code 127.0.0.1:port}. */
  public static Browser start(int port) {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(
            "browser tests must run in CI, but chromium or chromium-driver is not installed;"
                + " apt-get install -y chromium chromium-driver");
      }
      Assumptions.abort("chromium and chromium-driver are not installed");
    }
    try {
      Path profile = Files.createTempDirectory("palisade-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--window-size=1366,1400",
          "--user-data-dir=" + profile.toAbsolutePath());
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return new Browser(driver, profile, "http://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a path of the application. */
  public Browser open(String path) {
    driver.get(base + path);
    return this;
  }

  /** The path (and query) of the current page. */
  public String path() {
    return driver.getCurrentUrl().substring(base.length());
  }

  public String title() {
    return driver.getTitle();
  }

  /** The visible text of the page's body. */
  public String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  public WebElement find(By by) {
    return driver.findElement(by);
  }

  public java.util.List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  public boolean has(By by) {
    return !driver.findElements(by).isEmpty();
  }

  /** Types into a field (found by id), replacing what it held. */
  public Browser type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
    return this;
  }

  /** Picks an option of a select (found by id) by its value. */
  public Browser select(String id, String value) {
    new Select(driver.findElement(By.id(id))).selectByValue(value);
    return this;
  }

  /** Clicks a button or link (found by id) and waits for the page it leads to. */
  public Browser click(String id) {
    return clickAndWait(driver.findElement(By.id(id)));
  }

  /** Clicks a link by its text and waits for the page it leads to. */
  public Browser clickLink(String text) {
    return clickAndWait(driver.findElement(By.linkText(text)));
  }

  /**
   * Clicks an element that loads a new page, and waits until the new page has loaded. The old page
   * is marked with a script variable that the new document does not have. Asking whether the old
   * {@code <html>} element is stale is not enough: while the page is being replaced, Chromium can
   * answer "node does not belong to the document" as an unknown error instead of a stale element.
   */
  public Browser clickAndWait(WebElement element) {
    JavascriptExecutor script = (JavascriptExecutor) driver;
    script.executeScript("window.palisadeOldPage = true");
    element.click();
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .ignoring(WebDriverException.class)
        .until(
            d ->
                Boolean.TRUE.equals(
                    script.executeScript(
                        "return window.palisadeOldPage === undefined"
                            + " && document.readyState === 'complete'")));
    return this;
  }

  /** Saves a screenshot of the current page as {@code target/screenshots/<name>.png}. */
  public Browser screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Saves the current page twice: at the desktop width as {@code <name>.png}, and at a phone's 375
   * px as {@code <name>-375.png}; the window is set back to the desktop size afterwards.
   */
  public Browser screenshots(String name) {
    screenshot(name);
    Dimension desktop = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(375, 812));
    try {
      screenshot(name + "-375");
    } finally {
      driver.manage().window().setSize(desktop);
    }
    return this;
  }

  /**
   * Makes the pages see this time zone (an IANA name such as {@code Asia/Kolkata}), as a viewer
   * there would, until the browser closes.
   */
  public Browser timeZone(String id) {
    ((ChromeDriver) driver)
        .executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", id));
    return this;
  }

  /** Runs a script in the page and returns its result. */
  public Object script(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** Sets the window's width (the height stays), e.g. 375 for a phone. */
  public Browser width(int width) {
    Dimension size = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(width, size.getHeight()));
    return this;
  }

  /**
   * Makes the pages see the system's colour scheme as dark ({@code prefers-color-scheme: dark}), or
   * as light, as a phone or desktop set to dark mode would.
   */
  public Browser prefersDark(boolean dark) {
    ((ChromeDriver) driver)
        .executeCdpCommand(
            "Emulation.setEmulatedMedia",
            java.util.Map.of(
                "features",
                java.util.List.of(
                    java.util.Map.of(
                        "name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    return this;
  }

  /** Signs in through the form. */
  public Browser signIn(String username, String password) {
    open("/login");
    type("username", username);
    type("password", password);
    click("sign-in");
    return this;
  }

  public Browser signOut() {
    click("sign-out");
    return this;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary profile is harmless.
      }
    }
  }
}
