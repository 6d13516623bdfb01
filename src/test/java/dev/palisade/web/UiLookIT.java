package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.FormClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the admin UI looks and behaves in a real Chromium beyond what it does: the traffic chart's
 * periods, zones and hover values, copy buttons, no sideways scrolling on a 375 px phone, dark mode
 * from the system setting, the favicon, what an empty account tells a new admin, and that a viewer
 * sees no action they cannot take. Screenshots at desktop width and 375 px go to {@code
 * target/screenshots}.
 */
class UiLookIT extends BrowserTestBase {

  @Autowired AccountMembers members;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void anAccountWithAServer() {
    accountId = accounts.createAccount(nextSlug("look"), "Look " + slug, ACTOR).getId();
    accounts.createServer(accountId, "mx1", ACTOR);
    browser.width(1366).prefersDark(false);
  }

  @Test
  void theChartShowsEachPeriodAndServerWithItsValuesOnHover() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    count(slug + "-mx1", "bl", hour.minus(Duration.ofHours(2)), 1200, 34);
    count(slug, "bl", hour.minus(Duration.ofHours(2)), 5, 1);
    count(slug + "-mx1", "bl", hour.minus(Duration.ofDays(3)), 700, 7);
    count(slug + "-mx1", "wl", hour.minus(Duration.ofDays(20)), 9000, 90);
    browser.signIn("admin", OPERATOR_PASSWORD);

    browser.open("/accounts/" + slug);
    assertThat(browser.find(By.cssSelector("#traffic h2")).getText())
        .isEqualTo("DNS traffic, last 24 hours (UTC)");
    assertThat(pointTitles())
        .hasSize(24)
        .anyMatch(t -> t.endsWith("1,205 queries, 35 listed answers"));
    browser.screenshots("15-chart-24h");

    browser.clickAndWait(browser.find(By.id("range-7d")));
    assertThat(pointTitles())
        .hasSize(42)
        .anyMatch(t -> t.contains("4 hours: 700 queries, 7 listed answers"))
        .noneMatch(t -> t.contains("9,000"));
    browser.clickAndWait(browser.find(By.id("range-35d")));
    assertThat(pointTitles())
        .hasSize(35)
        .anyMatch(t -> t.contains("24 hours: 9,000 queries, 90 listed answers"));
    browser.screenshots("15-chart-35d");

    browser.open("/accounts/" + slug + "?range=24h");
    browser.clickAndWait(browser.find(By.id("traffic-account")));
    assertThat(pointTitles()).anyMatch(t -> t.endsWith("5 queries, 1 listed answers"));
    browser.clickAndWait(browser.find(By.id("traffic-mx1")));
    assertThat(browser.path()).contains("traffic=mx1");
    assertThat(pointTitles()).anyMatch(t -> t.endsWith("1,200 queries, 34 listed answers"));
    assertThat(browser.find(By.cssSelector(".figures")).getText())
        .contains("1,200\nDNS queries in 24 hours");
  }

  @Test
  void eachSnippetHasACopyButtonAndStaysSelectableWithoutScript() {
    browser.signIn("admin", OPERATOR_PASSWORD);
    browser.open("/accounts/" + slug + "/servers/mx1");
    WebElement lines = browser.find(By.id("postfix-lines"));
    assertThat(lines.getText()).startsWith("    # allow lists first").doesNotContain("permit\n");
    assertThat(browser.find(By.id("postfix-lines-copy")).getText()).isEqualTo("Copy");
    for (String id : List.of("postscreen", "spamassassin", "rspamd", "exim", "unbound")) {
      assertThat(browser.has(By.id(id + "-snippet-copy"))).as(id).isTrue();
    }

    browser.find(By.id("postfix-lines-copy")).click();
    assertThat(browser.script("return window.getSelection().toString()"))
        .isEqualTo(lines.getAttribute("textContent"));
    assertThat(browser.find(By.id("postfix-lines-copy")).getText())
        .isIn("Copied", "Selected: press Ctrl+C");
    browser.screenshots("16-snippets");

    // Without script there is no button that does nothing, and the text is there to select.
    FormClient plain = FormClient.from("127.0.0.71", port);
    plain.signIn("admin", OPERATOR_PASSWORD);
    String html = plain.open("/accounts/" + slug + "/servers/mx1").body();
    assertThat(html).contains("id=\"postfix-lines\"").doesNotContain("id=\"postfix-lines-copy\"");
  }

  @Test
  void noPageScrollsSidewaysOnAPhone() {
    browser.signIn("admin", OPERATOR_PASSWORD);
    browser.open("/accounts/" + slug + "/entries/new");
    browser
        .type("value", "192.0.2.0/24")
        .type("reason", "a long reason that wraps on a phone, as reasons with words do");
    browser.click("save-entry");
    browser.width(375);
    List<String> wide = new ArrayList<>();
    for (String path : pages()) {
      browser.open(path);
      long scroll = (Long) browser.script("return document.documentElement.scrollWidth");
      if (scroll > 375) {
        wide.add(path + " is " + scroll + " px wide");
      }
    }
    assertThat(wide).isEmpty();
    browser.open("/accounts/" + slug + "/lookup?q=192.0.2.1");
    WebElement verdict = browser.find(By.cssSelector("main table tbody tr td:nth-child(2)"));
    assertThat(verdict.getRect().getX() + verdict.getRect().getWidth()).isLessThanOrEqualTo(375);
    browser.screenshot("18-lookup-375");
    browser.open("/accounts/" + slug + "/entries");
    browser.screenshot("18-entries-375");
  }

  private List<String> pages() {
    String a = "/accounts/" + slug;
    return List.of(
        "/accounts",
        a,
        a + "?range=35d",
        a + "/entries",
        a + "/entries/new",
        a + "/entries/bulk",
        a + "/lookup",
        a + "/lookup?q=192.0.2.1",
        a + "/audit",
        a + "/tokens",
        a + "/users",
        a + "/servers/mx1",
        a + "/servers/new",
        a + "/edit",
        "/users",
        "/tokens",
        "/audit",
        "/nodes",
        "/password");
  }

  @Test
  void aFilteredViewAndTheAuditLogOfferTheirDownloads() {
    browser.signIn("admin", OPERATOR_PASSWORD);
    browser.open("/accounts/" + slug + "/entries?q=192.0.2");

    assertThat(browser.find(By.id("export-csv")).getAttribute("href"))
        .contains("/accounts/" + slug + "/entries/export")
        .contains("q=192.0.2")
        .contains("format=csv");
    assertThat(browser.find(By.id("export-ip4trie")).getAttribute("href"))
        .contains("format=ip4trie");
    browser.screenshots("12-entries-export");
    browser.open("/accounts/" + slug + "/audit");
    assertThat(browser.find(By.id("audit-export")).getAttribute("href")).contains("/export.csv");
    browser.screenshots("12-audit-export");
  }

  @Test
  void darkModeFollowsTheSystemSetting() {
    browser.signIn("admin", OPERATOR_PASSWORD);
    browser.open("/accounts/" + slug);
    String light = background();
    browser.prefersDark(true);
    browser.open("/accounts/" + slug);
    String dark = background();
    browser.screenshots("18-dark-dashboard");
    browser.open("/accounts/" + slug + "/servers/mx1");
    browser.screenshots("18-dark-server");

    assertThat(light).isEqualTo("rgb(246, 247, 249)");
    assertThat(luminance(dark)).as(dark).isLessThan(60);
    browser.prefersDark(false);
  }

  @Test
  void everyPageHasAFavicon() {
    browser.open("/login");
    String href = browser.find(By.cssSelector("link[rel=icon]")).getAttribute("href");
    assertThat(href).endsWith("/favicon.svg");
    browser.open("/favicon.svg");
    assertThat(browser.script("return document.contentType")).isEqualTo("image/svg+xml");
  }

  @Test
  void anEmptyAccountTellsANewAdminWhatToDoFirst() {
    long empty = accounts.createAccount(slug + "e", null, ACTOR).getId();
    assertThat(empty).isPositive();
    browser.signIn("admin", OPERATOR_PASSWORD);
    browser.open("/accounts/" + slug + "e");
    assertThat(browser.find(By.id("first-steps")).getText())
        .contains("Add a mail server")
        .contains("Add entries");
    browser.screenshots("18-empty-account");
    browser.open("/accounts/" + slug + "e/entries");
    assertThat(browser.text()).contains("No entries yet");
  }

  @Test
  void aViewerSeesNoActionThatChangesAnything() {
    String viewer = slug + "-viewer";
    members.createMember(viewer, "viewer-password-1", accountId, AccountRole.Role.VIEWER, ACTOR);
    signInFirstTime(viewer, "viewer-password-1", "viewer-own-pass-2");

    String a = "/accounts/" + slug;
    List<String> posting = new ArrayList<>();
    for (String path :
        List.of(
            a,
            a + "/entries",
            a + "/lookup?q=192.0.2.1",
            a + "/audit",
            a + "/tokens",
            a + "/users",
            a + "/servers/mx1")) {
      browser.open(path);
      for (WebElement form : browser.findAll(By.cssSelector("form"))) {
        String method = form.getAttribute("method");
        String action = form.getAttribute("action");
        if ("post".equalsIgnoreCase(method) && !action.endsWith("/logout")) {
          posting.add(path + " posts to " + action);
        }
      }
    }
    assertThat(posting).isEmpty();
    browser.open(a);
    assertThat(browser.has(By.cssSelector("a[href$='/entries/bulk']"))).isFalse();
    assertThat(browser.has(By.id("new-server"))).isFalse();
    browser.open(a + "/servers/mx1");
    browser.screenshots("18-viewer-server");
  }

  private List<String> pointTitles() {
    return browser.findAll(By.cssSelector("#traffic rect.point title")).stream()
        .map(t -> t.getAttribute("textContent"))
        .toList();
  }

  private void count(String label, String list, Instant minute, long queries, long hits) {
    jdbc.update(
        "insert into zone_query_stats (zone_label, list_name, minute_start, queries, hits)"
            + " values (?, ?, ?, ?, ?)",
        label,
        list,
        Timestamp.from(minute),
        queries,
        hits);
  }

  private String background() {
    return (String)
        browser.script("return getComputedStyle(document.documentElement).backgroundColor");
  }

  private static int luminance(String rgb) {
    String[] parts = rgb.replaceAll("[^0-9,]", "").split(",");
    return (Integer.parseInt(parts[0]) + Integer.parseInt(parts[1]) + Integer.parseInt(parts[2]))
        / 3;
  }
}
