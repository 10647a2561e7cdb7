package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The part of the Payara 7 compatibility suite that has no home in the other ITs: that the units
 * really run the Payara Micro version and the JDK the run asked for, and the admin console in
 * Chromium, signed in, on every page (dashboard, users, teams, sign-out). Run by the failsafe
 * execution {@code payara7} (system-tests/pom.xml) beside HealthIT, BlobTransferIT, StreamIT,
 * TransparencyLogIT, ConsoleAccessIT and OpenApiIT on the same deployment (sector main and the
 * console on Payara Micro 7 with Temurin 25); its assertions hold on Payara 6 too, except the
 * version check, which names the version the run was started for ({@code
 * -Dparamant.payaraVersion}).
 */
class Payara7CompatIT {

  private static final Pattern KEY = Pattern.compile("pgp_[0-9a-f]{64}");

  @RegisterExtension final Browser.FailureCapture capture = new Browser.FailureCapture();

  private static Browser browser;

  @BeforeAll
  static void startBrowser() {
    browser = new Browser();
    Browser.register(browser);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void the_units_run_the_payara_version_and_the_java_the_run_asked_for() throws Exception {
    String version = Deployment.PAYARA_VERSION;
    assertFalse(
        version.isEmpty(),
        "run this class with -Dparamant.payaraVersion (the failsafe execution payara7 does)");
    for (String unit : List.of(Deployment.MAIN, Deployment.ADMIN)) {
      String log = Files.readString(Deployment.logFile(unit));
      assertTrue(
          Pattern.compile("Payara Micro " + Pattern.quote(version) + " \\(build [^)]*\\) ready in")
              .matcher(log)
              .find(),
          unit
              + " did not boot Payara Micro "
              + version
              + " (see "
              + Deployment.logFile(unit)
              + ")");
      assertFalse(
          Pattern.compile("Boot Command \\S+ failed").matcher(log).find(),
          unit + ": a pre-boot command failed, and the launcher let the boot pass");
      if (!Deployment.JAVA_HOME.isEmpty()) {
        String command =
            ProcessHandle.of(Deployment.pid(unit))
                .flatMap(p -> p.info().command())
                .orElseThrow(() -> new AssertionError(unit + " is not running"));
        assertEquals(
            Path.of(Deployment.JAVA_HOME, "bin", "java").toRealPath(),
            Path.of(command).toRealPath(),
            unit + " runs on another Java");
      }
    }
  }

  @Test
  void an_admin_signs_in_and_uses_every_page_of_the_console() {
    URI console = Deployment.adminUri();
    browser.driver().manage().deleteAllCookies();

    // sign-in: a page sends a stranger to it; the right token leads to the dashboard
    browser.open(console.resolve("teams.xhtml"));
    assertTrue(
        browser.driver().getCurrentUrl().endsWith("/signin.xhtml"),
        browser.driver().getCurrentUrl());
    browser.type("#signin\\:token", Deployment.adminToken());
    browser.click("#signin\\:submit");
    assertTrue(
        browser.driver().getCurrentUrl().endsWith("/index.xhtml"),
        browser.driver().getCurrentUrl() + ": " + browser.text());

    // dashboard (index.xhtml): the edition, and a row per sector with health, load and sync
    assertTrue(browser.text().contains("Licensed to Paramant system tests"), browser.text());
    List<String> main = cells(Deployment.MAIN);
    assertEquals(Deployment.MAIN, main.get(0));
    int port = Deployment.baseUri(Deployment.MAIN).getPort();
    assertTrue(main.get(1).matches("http://127\\.0\\.0\\.1:" + port + "/?"), main.toString());
    assertEquals("up", main.get(2));
    assertTrue(main.get(4).matches("[0-9]+ / " + Deployment.MAIN_CAPACITY), main.toString());
    assertTrue(main.get(5).matches("[0-9]+"), main.toString());
    assertEquals("in sync", main.get(6));
    assertEquals(List.of("health", "down", "out of sync (no answer)"), sectorRow("health"));
    browser.click("#sync\\:sync-now");
    assertTrue(browser.text().contains("Synced: "), browser.text());
    assertEquals("in sync", cells(Deployment.MAIN).get(6));

    // users.xhtml: a team's device added; its key and namespace shown once
    String team = "p7-" + ProcessHandle.current().pid();
    String device = team + "-dev";
    browser.open(console.resolve("users.xhtml"));
    browser.type("#add\\:label", device);
    new org.openqa.selenium.support.ui.Select(browser.find("#add\\:plan")).selectByValue("pro");
    browser.type("#add\\:email", device + "@example.test");
    browser.type("#add\\:team", team);
    browser.click("#add\\:submit");
    assertTrue(browser.text().contains("Added " + device + "."), browser.text());
    String key = browser.find("[id$='new-key-value']").getText();
    assertTrue(KEY.matcher(key).matches(), "the new key is shown: " + key);
    assertEquals("team:" + team, browser.find("[id$='new-key-namespace']").getText());
    RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));
    assertEquals(200, relay.get("/v2/monitor", key).statusCode(), "the sector took the new key");
    browser.open(console.resolve("users.xhtml?q=" + device));
    List<WebElement> rows = browser.findAll("#users\\:table tbody tr");
    assertEquals(1, rows.size(), browser.text());
    assertEquals("active", rows.get(0).findElement(By.cssSelector(".state")).getText());

    // teams.xhtml: the team with its device
    browser.open(console.resolve("teams.xhtml"));
    WebElement section =
        browser.findAll("section.team").stream()
            .filter(e -> e.findElement(By.tagName("h2")).getText().startsWith(team + " "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no team " + team + ": " + browser.text()));
    assertTrue(section.getText().contains("(1 active of 1)"), section.getText());
    assertTrue(section.getText().contains(device), section.getText());

    // sign out: the pages send to sign-in again
    browser.click("#signout\\:signout");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/signin.xhtml"));
    browser.open(console.resolve("index.xhtml"));
    assertTrue(browser.driver().getCurrentUrl().endsWith("/signin.xhtml"));
  }

  /** The cells of a sector's row on the dashboard. */
  private static List<String> cells(String sector) {
    for (WebElement row : browser.findAll("#sectors tbody tr")) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      if (cells.get(0).getText().equals(sector)) {
        return cells.stream().map(WebElement::getText).toList();
      }
    }
    throw new AssertionError("no row for sector " + sector + ": " + browser.text());
  }

  private static List<String> sectorRow(String sector) {
    List<String> cells = cells(sector);
    return List.of(cells.get(0), cells.get(2), cells.get(6));
  }
}
