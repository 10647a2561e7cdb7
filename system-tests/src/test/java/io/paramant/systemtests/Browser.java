package io.paramant.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver; both are installed with apt-get on
 * first use when they are missing (the tests run as root in CI; elsewhere the error says what to
 * install). Nothing is downloaded by Selenium itself. As a JUnit extension it saves a screenshot
 * and the page source of a failed test in {@code system-tests/target/browser-failures/}.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final WebDriver driver;

  Browser() {
    ensureInstalled();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // root in CI containers
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--no-first-run",
        "--disable-extensions");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  WebDriver driver() {
    return driver;
  }

  void open(java.net.URI uri) {
    driver.get(uri.toString());
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The page's visible text. */
  String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  String source() {
    return driver.getPageSource();
  }

  /** Types {@code value} into the field {@code css} (cleared first). */
  void type(String css, String value) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(value);
  }

  /** Clicks {@code css} and waits for the next page to load (the forms post without script). */
  void click(String css) {
    click(find(css));
  }

  /** Clicks a button that submits its form and waits until the next page has loaded. */
  void click(WebElement button) {
    WebElement page = driver.findElement(By.tagName("html"));
    button.click();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    // the old page is gone; during the navigation Chrome may say so in either of two ways
    wait.until(
        d -> {
          try {
            page.getTagName();
            return false;
          } catch (StaleElementReferenceException gone) {
            return true;
          } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
              return true;
            }
            throw e;
          }
        });
    wait.until(
        d ->
            "complete"
                .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  @Override
  public void close() {
    driver.quit();
  }

  // ------------------------------------------------------------------------------------------------

  private static final Path FAILURES =
      Deployment.repoRoot().resolve("system-tests/target/browser-failures");
  private static Browser current;

  /** The browser of the running test class (for the failure screenshot). */
  static void register(Browser browser) {
    current = browser;
  }

  /** Saves the registered browser's screenshot and page when a test fails. */
  static final class FailureCapture implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Browser browser = current;
      if (browser != null) {
        browser.save(
            context.getRequiredTestClass().getSimpleName()
                + "-"
                + context.getRequiredTestMethod().getName());
      }
    }
  }

  private void save(String name) {
    Browser browser = this;
    try {
      Files.createDirectories(FAILURES);
      byte[] png = ((ChromeDriver) browser.driver).getScreenshotAs(OutputType.BYTES);
      Files.write(FAILURES.resolve(name + ".png"), png);
      Files.writeString(FAILURES.resolve(name + ".html"), browser.source());
    } catch (IOException | RuntimeException e) {
      System.err.println("could not save the browser's state for " + name + ": " + e);
    }
  }

  /** Installs chromium and chromium-driver from Debian when either is missing. */
  static void ensureInstalled() {
    DebianPackages.ensure(
        "the browser tests", List.of(CHROMIUM, CHROMEDRIVER), "chromium", "chromium-driver");
  }
}
