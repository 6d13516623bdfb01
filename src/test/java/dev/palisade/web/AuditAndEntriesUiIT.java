package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.BrowserTestBase;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit log and the entries table in a real headless Chromium: a paste of many lines is one
 * audit event with its changes a page at a time, a change reads as a diff; the table sorts by value
 * in numeric order and by hits from its column headers; times show in the viewer's time zone with
 * UTC on hover. Pages are saved as screenshots at desktop width and 375 px.
 */
class AuditAndEntriesUiIT extends BrowserTestBase {

  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void freshAccountSignedIn() {
    freshAccount("au");
    signInAsOperator();
  }

  private void paste(String lines) {
    browser.open("/accounts/" + slug + "/entries/bulk");
    browser.type("text", lines);
    browser.click("preview");
    browser.click("save-bulk");
  }

  @Test
  void aPasteOfManyLinesIsOneAuditEventWhoseChangesArePagedAndReadAsADiff() {
    paste(
        IntStream.range(0, 150)
            .mapToObj(i -> "10.9." + (i / 100) + "." + (i % 100))
            .collect(Collectors.joining("\n")));

    browser.open("/accounts/" + slug + "/audit?type=ENTRY");
    List<WebElement> rows =
        browser.find(By.id("audit")).findElements(By.cssSelector(":scope > tbody > tr"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getText())
        .contains("150 entries changed (150 created), first: block 10.9.0.0 on " + slug);
    browser.screenshots("audit-bulk-event");

    browser.clickAndWait(rows.get(0).findElement(By.className("bulk-items")));
    assertThat(browser.find(By.id("item-count")).getText()).isEqualTo("150");
    List<WebElement> items =
        browser.find(By.id("items")).findElements(By.cssSelector(":scope > tbody > tr"));
    assertThat(items).hasSize(100);
    assertThat(items.get(0).getText()).contains("block 10.9.0.0 on " + slug);
    java.util.Set<String> seen = new java.util.HashSet<>(summaries(items));
    browser.screenshots("audit-bulk-items");
    browser.click("next-items");
    items = browser.find(By.id("items")).findElements(By.cssSelector(":scope > tbody > tr"));
    assertThat(items).hasSize(50);
    assertThat(items.get(49).getText()).startsWith("150");
    seen.addAll(summaries(items));
    // Every line of the paste is one change of the event, each on one of the two pages.
    assertThat(seen)
        .hasSize(150)
        .contains("block 10.9.0.0 on " + slug, "block 10.9.1.49 on " + slug);

    // One entry's reason changed: the log shows the field that changed, old and new.
    long id =
        jdbc.queryForObject(
            "select e.id from entry e join scope s on s.id = e.scope_id join account a"
                + " on a.id = s.account_id where a.slug = ? and e.entry_value = '10.9.0.7'",
            Long.class,
            slug);
    browser.open("/accounts/" + slug + "/entries/" + id + "/edit");
    browser.type("reason", "spam trap hit");
    browser.click("save-entry");
    browser.open("/accounts/" + slug + "/audit?type=ENTRY");
    WebElement update =
        browser.find(By.id("audit")).findElements(By.cssSelector(":scope > tbody > tr")).get(0);
    update.findElement(By.tagName("summary")).click();
    WebElement changed = update.findElement(By.cssSelector("table.diff tr.changed"));
    assertThat(changed.getText()).isEqualTo("reason — spam trap hit");
    assertThat(update.findElements(By.cssSelector("table.diff tr.changed"))).hasSize(1);
    assertThat(update.getText()).doesNotContain("{\"list\"");
    browser.screenshots("audit-diff");

    // Undo the edit: confirmed first, then the old reason is back and the undo is in the log.
    browser.clickAndWait(update.findElement(By.className("event-link")));
    // The event's one diff, inside the page: nothing rendered after the footer.
    assertThat(browser.findAll(By.cssSelector("table.diff"))).hasSize(1);
    assertThat(browser.findAll(By.cssSelector("footer ~ *"))).isEmpty();
    browser.click("undo");
    assertThat(browser.find(By.id("confirm-title")).getText()).isEqualTo("Undo this change?");
    browser.click("confirm");
    assertThat(browser.text()).contains("Undone: 1 entry is back as they were before the change.");
    assertThat(jdbc.queryForObject("select reason from entry where id = ?", String.class, id))
        .isNull();
    browser.open("/accounts/" + slug + "/audit?type=ENTRY");
    assertThat(browser.find(By.id("audit")).findElements(By.cssSelector(":scope > tbody > tr")))
        .hasSize(3);
    browser.screenshots("audit-undone");

    // Undoing the paste now finds 10.9.0.7 as the paste left it again; the edit undone before.
    browser.clickAndWait(
        browser
            .find(By.id("audit"))
            .findElements(By.cssSelector(":scope > tbody > tr"))
            .get(2)
            .findElement(By.className("event-link")));
    browser.click("undo");
    browser.click("confirm");
    assertThat(browser.text()).contains("Undone: 150 entries are back");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from entry e join scope s on s.id = e.scope_id join account a"
                    + " on a.id = s.account_id where a.slug = ?",
                Long.class,
                slug))
        .isZero();
  }

  @Test
  void theTableSortsAddressesNumericallyAndByHitsFromItsHeaders() {
    paste("10.1.2.10\n10.1.2.2\n9.9.9.9\n2001:db8::10\n2001:db8::2");
    jdbc.update(
        "insert into entry_hit (entry_id, hits, last_hit_at) select e.id, 7, ? from entry e"
            + " join scope s on s.id = e.scope_id join account a on a.id = s.account_id"
            + " where a.slug = ? and e.entry_value = '10.1.2.2'",
        Timestamp.from(Instant.now()),
        slug);

    browser.open("/accounts/" + slug + "/entries");
    browser.click("sort-value");
    assertThat(values())
        .containsExactly("9.9.9.9", "10.1.2.2", "10.1.2.10", "2001:db8::2", "2001:db8::10");
    browser.screenshots("entries-by-value");

    browser.click("sort-hits");
    assertThat(values().get(4)).isEqualTo("10.1.2.2");
    assertThat(browser.find(By.id("sort-hits")).getAttribute("title")).isEqualTo("most hits first");
    browser.click("sort-hits");
    assertThat(values().get(0)).isEqualTo("10.1.2.2");
    browser.screenshots("entries-by-hits");
  }

  @Test
  void timesShowInTheViewersTimeZoneWithUtcOnHover() {
    paste("192.0.2.77");
    Instant updated =
        jdbc.queryForObject(
                "select e.updated_at from entry e join scope s on s.id = e.scope_id join account a"
                    + " on a.id = s.account_id where a.slug = ?",
                Timestamp.class,
                slug)
            .toInstant();
    browser.timeZone("Asia/Kolkata");
    try {
      for (String page : List.of("/entries", "/audit")) {
        browser.open("/accounts/" + slug + page);
        WebElement time = browser.find(By.cssSelector("time[data-local]"));
        String utc = format(updated, ZoneId.of("UTC"));
        assertThat(time.getText()).isEqualTo(format(updated, ZoneId.of("Asia/Kolkata")));
        assertThat(time.getAttribute("title")).isEqualTo(utc + " UTC");
      }
      browser.screenshots("audit-local-times");
    } finally {
      browser.timeZone("UTC");
    }
  }

  /** The "What" cell of each item row of a bulk event's page. */
  private static List<String> summaries(List<WebElement> items) {
    return items.stream()
        .map(row -> row.findElement(By.cssSelector(":scope > td:nth-child(3)")).getText())
        .toList();
  }

  private static String format(Instant at, ZoneId zone) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(at);
  }

  private List<String> values() {
    return browser
        .find(By.id("entries"))
        .findElements(By.cssSelector(":scope > tbody > tr"))
        .stream()
        // The value is the row's first code (a writer's row starts with its tick box).
        .map(row -> row.findElement(By.cssSelector(":scope > td > code")).getText())
        .toList();
  }
}
