package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The admin console in Debian's Chromium, against the real admin.war beside the real relays: sign
 * in, add a user and read its key once, revoke it and see a sector refuse the key, the Community
 * Edition's sixth user refused, sign out, and wrong tokens refused and slowed down.
 */
class AdminConsoleIT {

  private static final Pattern KEY = Pattern.compile("pgp_[0-9a-f]{64}");
  private static final AtomicInteger COUNTER = new AtomicInteger();

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

  private static URI console(String page) {
    return Deployment.adminUri().resolve(page);
  }

  private static void signIn(URI base, String token) {
    signIn(base, token, null);
  }

  /** Signs in on the console at {@code base}; {@code code} for a console that asks for one. */
  private static void signIn(URI base, String token, String code) {
    browser.driver().manage().deleteAllCookies();
    browser.open(base.resolve("users.xhtml"));
    assertTrue(
        browser.driver().getCurrentUrl().endsWith("/signin.xhtml"),
        "a page of the console sends a stranger to sign in: " + browser.driver().getCurrentUrl());
    browser.type("#signin\\:token", token);
    if (code != null) {
      browser.type("#signin\\:code", code);
    }
    browser.click("#signin\\:submit");
  }

  private static String label(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
  }

  /** Adds a user with the form of users.xhtml (opened first unless it is the current page). */
  private static void addUser(String label, String plan) {
    addUser(label, plan, null);
  }

  private static void addUser(String label, String plan, String team) {
    if (!browser.driver().getCurrentUrl().contains("/users.xhtml")) {
      browser.open(URI.create(browser.driver().getCurrentUrl()).resolve("users.xhtml"));
    }
    browser.type("#add\\:label", label);
    new org.openqa.selenium.support.ui.Select(browser.find("#add\\:plan")).selectByValue(plan);
    browser.type("#add\\:email", label + "@example.test");
    if (team != null) {
      browser.type("#add\\:team", team);
    }
    browser.click("#add\\:submit");
  }

  private static WebElement row(String label) {
    for (WebElement row : browser.findAll("#users\\:table tbody tr")) {
      if (row.findElement(By.cssSelector(".label")).getText().equals(label)) {
        return row;
      }
    }
    throw new AssertionError("no row for " + label + " on " + browser.text());
  }

  @Test
  void anAdminAddsAUserReadsTheKeyOnceRevokesItAndTheSectorsRefuseIt() throws Exception {
    signIn(Deployment.adminUri(), Deployment.adminToken());
    assertTrue(
        browser.driver().getCurrentUrl().endsWith("/index.xhtml"),
        browser.driver().getCurrentUrl());
    assertTrue(browser.text().contains("Licensed to Paramant system tests"), browser.text());

    String label = label("web");
    browser.open(console("users.xhtml"));
    addUser(label, "pro");
    assertTrue(browser.text().contains("Added " + label + "."), browser.text());
    String key = browser.find("[id$='new-key-value']").getText();
    assertTrue(KEY.matcher(key).matches(), "the new key is shown: " + key);

    RelayApi main = new RelayApi(Deployment.baseUri(Deployment.MAIN));
    RelayApi iot = new RelayApi(Deployment.baseUri(Deployment.IOT));
    assertEquals(
        "account:" + label,
        browser.find("[id$='new-key-namespace']").getText(),
        "the namespace is shown with the new key");
    assertTrue(
        browser.text().contains("give this namespace to the device's owner with the key"),
        browser.text());
    assertEquals(
        "{\"namespace\":\"account:" + label + "\",\"plan\":\"pro\",\"valid\":true}",
        RelayApi.json(main.get("/v2/check-key", key)).toString(),
        "the console synced the sectors before it answered");
    assertEquals(200, iot.get("/v2/monitor", key).statusCode());

    // shown once: not on the next view of the page, nor anywhere in its source
    browser.open(console("users.xhtml"));
    assertFalse(browser.source().contains(key), "the key is never shown again");
    assertTrue(browser.findAll("[id$='new-key-value']").isEmpty());
    assertEquals("active", row(label).findElement(By.cssSelector(".state")).getText());

    browser.click(row(label).findElement(By.cssSelector("input[value='Revoke']")));
    assertTrue(browser.text().contains("Revoked " + label), browser.text());
    assertEquals("revoked", row(label).findElement(By.cssSelector(".state")).getText());
    long deadline = System.currentTimeMillis() + 5_000;
    int status;
    do {
      status = main.get("/v2/monitor", key).statusCode();
    } while (status != 401 && System.currentTimeMillis() < deadline && pause());
    assertEquals(401, status, "the revoked key is refused by sector main within seconds");
    assertEquals(401, iot.get("/v2/monitor", key).statusCode());

    // re-activate: accepted again
    browser.click(row(label).findElement(By.cssSelector("input[value='Re-activate']")));
    assertEquals("active", row(label).findElement(By.cssSelector(".state")).getText());
    assertEquals(200, main.get("/v2/monitor", key).statusCode());

    // change plan: the relays see it
    new org.openqa.selenium.support.ui.Select(row(label).findElement(By.cssSelector("select")))
        .selectByValue("enterprise");
    browser.click(row(label).findElement(By.cssSelector("input[value='Change plan']")));
    assertTrue(browser.text().contains(label + " now has plan enterprise."), browser.text());
    assertEquals(
        "{\"namespace\":\"account:" + label + "\",\"plan\":\"enterprise\",\"valid\":true}",
        RelayApi.json(main.get("/v2/check-key", key)).toString());
    assertEquals(
        "account:" + label, row(label).findElement(By.cssSelector(".namespace")).getText());

    // a device key added to a team shows on the Teams page under that team
    String team = "ward-" + COUNTER.incrementAndGet();
    String device = label("dev");
    addUser(device, "pro", team);
    assertTrue(browser.text().contains("Added " + device + "."), browser.text());
    assertEquals("team:" + team, browser.find("[id$='new-key-namespace']").getText());
    assertEquals("team:" + team, row(device).findElement(By.cssSelector(".namespace")).getText());
    browser.open(console("teams.xhtml"));
    WebElement section =
        browser.findAll("section.team").stream()
            .filter(e -> e.findElement(By.tagName("h2")).getText().startsWith(team + " "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no team " + team + ": " + browser.text()));
    assertTrue(section.getText().contains(device), section.getText());
    assertTrue(section.getText().contains("(1 active of 1)"), section.getText());

    // search narrows the list to the matching users
    browser.open(console("users.xhtml?q=" + label));
    assertEquals(1, browser.findAll("#users\\:table tbody tr").size());

    // the dashboard shows the sectors: main and iot up and in sync, health down
    browser.open(console("index.xhtml"));
    assertEquals(List.of("main", "up", "in sync"), sectorRow("main"));
    assertEquals(List.of("iot", "up", "in sync"), sectorRow("iot"));
    assertEquals(List.of("health", "down", "out of sync (no answer)"), sectorRow("health"));
    // load from each sector's /metrics: blobs held / capacity, and the size of its log
    List<String> iotCells = cells("iot");
    assertTrue(iotCells.get(4).matches("[0-3] / " + Deployment.IOT_CAPACITY), iotCells.toString());
    assertTrue(iotCells.get(5).matches("[0-9]+"), iotCells.toString());
    assertTrue(cells("main").get(4).matches("[0-9]+ / " + Deployment.MAIN_CAPACITY));

    // sign out: the session is gone, pages send to sign-in again
    browser.click("#signout\\:signout");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/signin.xhtml"));
    browser.open(console("users.xhtml"));
    assertTrue(browser.driver().getCurrentUrl().endsWith("/signin.xhtml"));
    assertFalse(browser.source().contains(label), "nothing of the console is shown signed out");
  }

  @Test
  void theCommunityEditionRefusesTheSixthActiveUserWithAClearMessage() throws Exception {
    CommunityConsole community = CommunityConsole.get();
    AdminApi api = AdminApi.of(community.uri(), community.adminToken());
    // exactly four active users to begin with (other tests use this console too)
    List<String> active = activeLabels(api);
    for (String extra : active.subList(Math.min(4, active.size()), active.size())) {
      assertEquals(200, api.send("POST", "/api/users/" + extra + "/revoke", null).statusCode());
    }
    for (int n = active.size(); n < 4; n++) {
      String label = label("ce-fill");
      String body = "{\"label\":\"" + label + "\",\"plan\":\"free\",\"email\":\"f@example.test\"}";
      assertEquals(201, api.send("POST", "/api/users", body).statusCode());
    }
    assertEquals(4, activeLabels(api).size());
    signIn(community.uri(), community.adminToken());
    browser.open(community.uri().resolve("users.xhtml"));
    assertTrue(browser.text().contains("4 of 5 active users (Community Edition)"), browser.text());

    String fifth = label("ce-web");
    addUser(fifth, "free");
    assertTrue(browser.text().contains("Added " + fifth + "."), browser.text());
    assertTrue(browser.text().contains("5 of 5 active users"), browser.text());

    String sixth = label("ce-web");
    addUser(sixth, "free");
    assertTrue(
        browser
            .text()
            .contains(
                "This edition allows 5 active users and 5 are active: revoke one, or install a"
                    + " licence (PLK_KEY) for more."),
        browser.text());
    assertTrue(browser.findAll("[id$='new-key-value']").isEmpty(), "no key for a refused add");
    assertEquals(5, activeLabels(api).size());

    // revoking one makes room
    browser.click(row(fifth).findElement(By.cssSelector("input[value='Revoke']")));
    addUser(sixth, "free");
    assertTrue(browser.text().contains("Added " + sixth + "."), browser.text());
    browser.click("#signout\\:signout");
  }

  private static List<String> activeLabels(AdminApi api) {
    return AdminApi.json(api.send("GET", "/api/users", null)).getJsonArray("users").stream()
        .map(u -> u.asJsonObject())
        .filter(u -> u.getBoolean("active"))
        .map(u -> u.getString("label"))
        .toList();
  }

  @Test
  void wrongTokensAndCodesAreRefusedAndRepeatedFailuresAreSlowedDown() throws Exception {
    CommunityConsole community = CommunityConsole.withSecondFactor(); // own failure record
    URI base = community.uri();
    signIn(base, "wrong-token-" + "-".repeat(32), community.totp().stale());
    assertTrue(browser.text().contains("Wrong admin token or code."), browser.text());
    signIn(base, community.adminToken(), community.totp().stale()); // a code of 5 minutes ago
    assertTrue(browser.text().contains("Wrong admin token or code."), browser.text());
    signIn(base, community.adminToken(), null);
    assertTrue(browser.text().contains("Wrong admin token or code."), browser.text());
    assertTrue(browser.driver().getCurrentUrl().endsWith("/signin.xhtml"));

    // three failures are free; from the fourth on, each one closes the door for twice as long
    // (1, 2, 4, 8 s), for the console and the admin API alike
    AdminApi wrong = AdminApi.of(base, "not-the-token-" + "x".repeat(32));
    for (int seconds : new int[] {1, 2, 4}) {
      assertEquals(401, wrong.send("GET", "/api/users", null).statusCode());
      HttpResponse<String> refused = wrong.send("GET", "/api/users", null);
      assertEquals(429, refused.statusCode());
      assertEquals("too_many_attempts", AdminApi.json(refused).getString("error"));
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter >= 1 && retryAfter <= seconds, "Retry-After " + retryAfter);
      Thread.sleep(seconds * 1_000L + 150);
    }
    assertEquals(401, wrong.send("GET", "/api/users", null).statusCode()); // now 8 s
    long closedAt = System.currentTimeMillis();

    // while the door is closed, even the right token and code are not looked at
    signIn(base, community.adminToken(), community.totp().unchecked());
    String text = browser.text();
    assertTrue(text.matches("(?s).*Too many failed sign-ins\\. Try again in [1-8] s\\..*"), text);
    assertTrue(browser.driver().getCurrentUrl().endsWith("/signin.xhtml"));
    assertEquals(
        429,
        AdminApi.of(base, community.adminToken()).send("GET", "/api/users", null).statusCode());

    Thread.sleep(Math.max(0, closedAt + 8_200 - System.currentTimeMillis()));
    signIn(base, community.adminToken(), community.totp().next());
    assertTrue(browser.driver().getCurrentUrl().endsWith("/index.xhtml"), browser.text());
    browser.click("#signout\\:signout");
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

  /** Sector, health and sync state of a sector's row on the dashboard. */
  private static List<String> sectorRow(String sector) {
    List<String> cells = cells(sector);
    return List.of(cells.get(0), cells.get(2), cells.get(6));
  }

  private static boolean pause() {
    try {
      Thread.sleep(100);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
