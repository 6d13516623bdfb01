package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.Entry;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.BrowserTestBase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Acting straight from what the web UI shows, in a real headless Chromium against a running
 * Palisade with real DNS: ticking entries (or the page, or every match of the filter) and deleting,
 * expiring or moving them in one confirmed step; undoing a move from the audit log; editing an
 * entry's list and scope without losing its id and hits; blocking, allowing, expiring and deleting
 * from a lookup of a pasted Postfix log line and from the most-hit list; looking up and searching
 * every scope and every account; a mail server's table showing the account entries it inherits; and
 * a viewer seeing none of these actions. Changed pages are saved at desktop width and at 375 px
 * under {@code target/screenshots}.
 */
class ActingFromTheUiIT extends BrowserTestBase {

  private static final String ZONES = ".rbl.palisade.test";

  @Autowired Listings listings;
  @Autowired JdbcTemplate jdbc;
  @Autowired AccountMembers members;

  @BeforeEach
  void anAccountWithAServer() {
    freshAccountWithServer("act");
  }

  private long accountScope() {
    return accounts.accountScope(accountId).id();
  }

  private long serverScope() {
    return accounts.serverScope(accounts.serverByName(accountId, "mx1").getId()).id();
  }

  private Entry add(long scopeId, ListKind kind, String value) {
    return listings.create(scopeId, EntryDraft.of(kind, value), EntrySource.MANUAL, ACTOR);
  }

  /** The A query name of an IPv4 address in a list zone of the account or of its mx1. */
  private String name(String address, boolean server, String list) {
    String[] octets = address.split("\\.");
    return octets[3]
        + "."
        + octets[2]
        + "."
        + octets[1]
        + "."
        + octets[0]
        + "."
        + slug
        + (server ? "-mx1." : ".")
        + list
        + ZONES;
  }

  private long serial(long scopeId) {
    return jdbc.queryForObject("select serial from scope where id = ?", Long.class, scopeId);
  }

  /** How often the entry's change is in the audit trail: as an event, or an item of a bulk one. */
  private int audited(String action, long id) {
    return jdbc.queryForObject(
        "select (select count(*) from audit_event where object_type = 'ENTRY' and action = ?"
            + " and object_id = ?) + (select count(*) from audit_item i join audit_event e"
            + " on e.id = i.event_id where e.object_type = 'ENTRY' and i.action = ?"
            + " and i.object_id = ?)",
        Integer.class,
        action,
        id,
        action,
        id);
  }

  @Test
  void ticksEntriesAndDeletesThemInOneConfirmedWrite() {
    Entry first = add(accountScope(), ListKind.BLOCK, "192.0.2.1");
    Entry second = add(accountScope(), ListKind.BLOCK, "192.0.2.2");
    add(accountScope(), ListKind.BLOCK, "192.0.2.3");
    long serial = serial(accountScope());
    signInAsOperator();

    browser.open("/accounts/" + slug + "/entries");
    browser.find(By.id("pick-" + first.getId())).click();
    browser.find(By.id("pick-" + second.getId())).click();
    browser.screenshots("act-01-entries-ticked");
    browser.click("selection-delete");

    assertThat(browser.find(By.id("confirm-title")).getText())
        .isEqualTo("Delete 2 entries of " + slug + "?");
    assertThat(browser.find(By.id("confirm-message")).getText())
        .contains("stop answering in DNS at once");
    browser.screenshots("act-02-confirm-delete");
    // Asking changed nothing yet.
    assertThat(rcode(name("192.0.2.1", false, "bl"))).isEqualTo("NOERROR");
    browser.click("confirm");

    assertThat(browser.path()).isEqualTo("/accounts/" + slug + "/entries");
    assertThat(browser.text()).contains("2 entries of " + slug + " deleted");
    assertThat(rcode(name("192.0.2.1", false, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(rcode(name("192.0.2.2", false, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(rcode(name("192.0.2.3", false, "bl"))).isEqualTo("NOERROR");
    // One write: one new serial, each entry audited.
    assertThat(serial(accountScope())).isEqualTo(serial + 1);
    assertThat(audited("DELETE", first.getId())).isEqualTo(1);
    assertThat(audited("DELETE", second.getId())).isEqualTo(1);
  }

  @Test
  void expiresEveryEntryMatchingTheFilterOnceAndForAll() throws InterruptedException {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      drafts.add(EntryDraft.of(ListKind.BLOCK, "198.51.100." + i));
    }
    listings.upsert(accountScope(), drafts, EntrySource.IMPORT, ACTOR);
    add(accountScope(), ListKind.BLOCK, "203.0.113.5");
    signInAsOperator();

    browser.open("/accounts/" + slug + "/entries?q=198.51.100.&size=25");
    assertThat(browser.find(By.id("which-matching")).findElement(By.xpath("..")).getText())
        .contains("all 120 matching the filter");
    browser.find(By.id("which-matching")).click();
    browser.click("selection-expire");
    assertThat(browser.find(By.id("confirm-title")).getText())
        .isEqualTo("Expire 120 entries of " + slug + "?");
    browser.click("confirm");

    assertThat(browser.text()).contains("120 entries of " + slug + " expired");
    assertThat(rcode(name("198.51.100.7", false, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(rcode(name("198.51.100.120", false, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(rcode(name("203.0.113.5", false, "bl"))).isEqualTo("NOERROR");
    browser.open("/accounts/" + slug + "/entries?state=expired");
    assertThat(browser.find(By.id("entry-total")).getText()).startsWith("120 entries");

    // The expiry job (every second) does not expire them a second time.
    Thread.sleep(2500);
    assertThat(
            jdbc.queryForObject(
                "select coalesce(sum(item_count), 0) from audit_event where action = 'EXPIRE'"
                    + " and account_id = ?",
                Integer.class,
                accountId))
        .isEqualTo(120);
  }

  @Test
  void movesEntriesToAnotherScopeAndListKeepingTheirIdsAndHits() {
    Entry entry = add(accountScope(), ListKind.BLOCK, "192.0.2.20");
    jdbc.update(
        "insert into entry_hit (entry_id, hits, last_hit_at) values (?, 42, ?)",
        entry.getId(),
        Timestamp.from(Instant.now()));
    signInAsOperator();

    browser.open("/accounts/" + slug + "/entries");
    browser.find(By.id("pick-" + entry.getId())).click();
    browser.select("selection-to-list", "allow").select("selection-to-scope", "mx1");
    browser.click("selection-move");
    assertThat(browser.find(By.id("confirm-title")).getText())
        .isEqualTo("Move block entry 192.0.2.20 of " + slug + "?");
    assertThat(browser.find(By.id("confirm-message")).getText())
        .contains("allow list of " + slug + "/mx1");
    browser.screenshots("act-03-confirm-move");
    browser.click("confirm");

    assertThat(browser.text()).contains("1 entry moved to the allow list of " + slug + "/mx1");
    assertThat(rcode(name("192.0.2.20", false, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(rcode(name("192.0.2.20", true, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(rcode(name("192.0.2.20", true, "wl"))).isEqualTo("NOERROR");
    Entry moved = listings.entry(entry.getId());
    assertThat(moved.getScopeId()).isEqualTo(serverScope());
    assertThat(moved.getKind()).isEqualTo(ListKind.ALLOW);
    assertThat(
            jdbc.queryForObject(
                "select hits from entry_hit where entry_id = ?", Long.class, entry.getId()))
        .isEqualTo(42);

    // The move's Undo moves the entry back where it came from: the same entry, answered there.
    browser.open("/accounts/" + slug + "/audit?type=ENTRY");
    browser.clickAndWait(browser.find(By.className("event-link")));
    browser.click("undo");
    browser.click("confirm");
    assertThat(browser.text())
        .contains("Undone: 1 entry moved back to the block list of " + slug + ".");
    browser.screenshots("act-03-move-undone");
    assertThat(listings.entry(entry.getId()).getScopeId()).isEqualTo(accountScope());
    assertThat(listings.entry(entry.getId()).getKind()).isEqualTo(ListKind.BLOCK);
    assertThat(rcode(name("192.0.2.20", false, "bl"))).isEqualTo("NOERROR");
    assertThat(rcode(name("192.0.2.20", true, "wl"))).isEqualTo("NXDOMAIN");

    // Editing the entry's list and scope moves it again, still the same entry.
    browser.open("/accounts/" + slug + "/entries/" + entry.getId() + "/edit");
    browser.screenshots("act-04-edit-list-and-scope");
    browser.select("scope", "mx1");
    browser.find(By.id("list-allow")).click();
    browser.click("save-entry");
    assertThat(browser.text()).contains("It moved to the allow list of " + slug + "/mx1.");
    assertThat(rcode(name("192.0.2.20", false, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(rcode(name("192.0.2.20", true, "wl"))).isEqualTo("NOERROR");
    assertThat(listings.entry(entry.getId()).getScopeId()).isEqualTo(serverScope());
    assertThat(audited("UPDATE", entry.getId())).isEqualTo(3);

    // A wide allow entry moved to the block list is asked about once more.
    Entry wide = add(accountScope(), ListKind.ALLOW, "10.0.0.0/8");
    assertThat(rcode(name("10.1.2.3", false, "wl"))).isEqualTo("NOERROR");
    assertThat(rcode(name("10.1.2.3", false, "bl"))).isEqualTo("NXDOMAIN");
    browser.open("/accounts/" + slug + "/entries?q=10.0.0.0");
    browser.find(By.id("pick-" + wide.getId())).click();
    browser.select("selection-to-list", "block").select("selection-to-scope", "");
    browser.click("selection-move");
    browser.click("confirm");
    assertThat(browser.find(By.id("confirm-title")).getText()).isEqualTo("Block all of it?");
    assertThat(browser.find(By.id("confirm-message")).getText())
        .contains("10.0.0.0/8 covers 16,777,216 IPv4 addresses");
    assertThat(rcode(name("10.1.2.3", false, "bl"))).isEqualTo("NXDOMAIN");
    browser.click("confirm");
    assertThat(rcode(name("10.1.2.3", false, "bl"))).isEqualTo("NOERROR");
    assertThat(rcode(name("10.1.2.3", false, "wl"))).isEqualTo("NXDOMAIN");
  }

  @Test
  void blocksAndExpiresFromALookupOfAPastedPostfixLogLine() {
    signInAsOperator();
    String logLine =
        "NOQUEUE: reject: RCPT from unknown[192.0.2.77]: 554 5.7.1 Service unavailable;"
            + " from=<spam@example.net> to=<bob@example.org>";
    browser.open("/accounts/" + slug + "/lookup?scope=mx1");
    browser.type("q", logLine).click("lookup");
    assertThat(browser.find(By.id("verdict")).getText()).contains("No entry matches");
    browser.screenshots("act-05-lookup-actions");
    browser.select("act-scope", "");
    browser.click("act-block");

    // Back on the lookup, which now names the new account entry as the deciding one.
    assertThat(browser.path()).startsWith("/accounts/" + slug + "/lookup");
    assertThat(browser.text()).contains("192.0.2.77 is on the block list of " + slug);
    assertThat(browser.find(By.id("verdict")).getText())
        .contains("The deciding entry is block 192.0.2.77 of the account");
    assertThat(rcode(name("192.0.2.77", false, "bl"))).isEqualTo("NOERROR");
    assertThat(rcode(name("192.0.2.77", true, "bl"))).isEqualTo("NOERROR");

    browser.click("expire-winner");
    assertThat(browser.find(By.id("confirm-title")).getText())
        .isEqualTo("Expire block entry 192.0.2.77 of " + slug + "?");
    browser.click("confirm");
    assertThat(browser.path()).startsWith("/accounts/" + slug + "/lookup");
    assertThat(browser.find(By.id("verdict")).getText()).contains("No entry matches");
    assertThat(rcode(name("192.0.2.77", true, "bl"))).isEqualTo("NXDOMAIN");

    // Every scope at once: the account blocks, its mail server allows.
    add(accountScope(), ListKind.BLOCK, "192.0.2.78");
    add(serverScope(), ListKind.ALLOW, "192.0.2.78");
    browser.open("/accounts/" + slug + "/lookup?scope=*&q=host%5B192.0.2.78%5D");
    String every = browser.find(By.id("every-scope")).getText();
    assertThat(every).contains(slug + " bl: listed wl: NXDOMAIN block 192.0.2.78 (account)");
    assertThat(every)
        .contains(slug + "/mx1 bl: NXDOMAIN wl: listed allow 192.0.2.78 (mail server)");
    browser.screenshots("act-06-lookup-every-scope");
  }

  @Test
  void searchesEveryScopeAndEveryAccountAndShowsWhatAServerInherits() {
    add(accountScope(), ListKind.BLOCK, "10.9.0.0/16");
    add(serverScope(), ListKind.BLOCK, "10.9.8.7");
    long other = accounts.createAccount(slug + "x", null, ACTOR).getId();
    listings.create(
        accounts.accountScope(other).id(),
        EntryDraft.of(ListKind.BLOCK, "10.9.8.70"),
        EntrySource.MANUAL,
        ACTOR);
    signInAsOperator();

    browser.open("/accounts/" + slug + "/entries?scope=mx1");
    String inherited = browser.find(By.id("inherited")).getText();
    assertThat(inherited)
        .contains("Also answering for mail server mx1: 1 entry of the whole account")
        .contains("10.9.0.0/16");
    assertThat(browser.find(By.id("inherited-link")).getAttribute("href"))
        .contains("/accounts/" + slug + "/entries?")
        .doesNotContain("scope=");
    browser.screenshots("act-07-server-inherits");

    browser.open("/accounts/" + slug + "/search?q=10.9.8.7");
    assertThat(browser.find(By.id("search-covering")).getText())
        .contains("10.9.0.0/16 block " + slug);
    String starting = browser.find(By.id("search-starting")).getText();
    assertThat(starting).contains("10.9.8.7 block " + slug + "/mx1").doesNotContain(slug + "x");
    browser.screenshots("act-08-search-account");

    browser.open("/accounts").type("every-q", "10.9.8.7").click("search-every");
    assertThat(browser.find(By.id("search-starting")).getText())
        .contains("10.9.8.7 block " + slug + "/mx1")
        .contains("10.9.8.70 block " + slug + "x");
    browser.screenshots("act-09-search-every-account");
  }

  @Test
  void mostHitEntriesAreActedOnFromTheDashboardAndViewersSeeNoActions() {
    Entry entry = add(serverScope(), ListKind.BLOCK, "192.0.2.90");
    jdbc.update(
        "insert into entry_hit (entry_id, hits, last_hit_at) values (?, 7, ?)",
        entry.getId(),
        Timestamp.from(Instant.now()));
    members.createMember(
        slug + "-viewer", "viewer-password-1", accountId, AccountRole.Role.VIEWER, ACTOR);

    // A viewer sees the table, the lookup and the most-hit list, but no action.
    browser.signIn(slug + "-viewer", "viewer-password-1");
    browser.type("current", "viewer-password-1");
    browser.type("password", "viewer-chose-this-1").type("confirm", "viewer-chose-this-1");
    browser.click("change-password");
    browser.open("/accounts/" + slug + "/entries?scope=mx1");
    assertThat(browser.has(By.id("pick-" + entry.getId()))).isFalse();
    assertThat(browser.has(By.id("selection"))).isFalse();
    browser.open("/accounts/" + slug + "/lookup?scope=mx1&q=192.0.2.90");
    assertThat(browser.has(By.id("lookup-actions"))).isFalse();
    assertThat(browser.has(By.id("expire-winner"))).isFalse();
    browser.open("/accounts/" + slug);
    assertThat(browser.find(By.id("top-entries")).getText()).contains("192.0.2.90");
    assertThat(browser.has(By.id("top-expire-" + entry.getId()))).isFalse();
    browser.signOut();

    signInAsOperator();
    browser.open("/accounts/" + slug);
    browser.screenshots("act-10-dashboard-most-hit");
    browser.click("top-expire-" + entry.getId());
    assertThat(browser.find(By.id("confirm-title")).getText())
        .isEqualTo("Expire block entry 192.0.2.90 of " + slug + "/mx1?");
    browser.click("confirm");
    assertThat(browser.path()).isEqualTo("/accounts/" + slug);
    assertThat(browser.text()).contains("1 entry of " + slug + "/mx1 expired");
    assertThat(rcode(name("192.0.2.90", true, "bl"))).isEqualTo("NXDOMAIN");
    assertThat(listings.entry(scopeOf(entry), ListKind.BLOCK, EntryValue.parse("192.0.2.90")))
        .isPresent();
  }

  private long scopeOf(Entry entry) {
    return entry.getScopeId();
  }
}
