package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.NewToken;
import dev.palisade.account.Users;
import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.Dig;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xbill.DNS.Type;

/**
 * The web UI's guard rails, in a real headless Chromium against a running Palisade with real DNS: a
 * new zone name is confirmed and the old one keeps answering until its overlap ends; revoking a
 * token, deleting a user and taking a member out are confirmed; wide entries, a server's own
 * addresses, test points and rbldnsd ranges are refused with what to do; conflicts are explained;
 * snippets filter the codes in use; lookup takes Postfix log text. Changed pages are saved as
 * screenshots at desktop width and at 375 px under {@code target/screenshots}.
 */
class GuardRailsUiIT extends BrowserTestBase {

  private static final String BL = ".bl.rbl.palisade.test";

  @Autowired Users users;
  @Autowired AccountMembers members;
  @Autowired ApiTokens tokens;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void freshAccountAndSession() {
    freshAccountWithServer("gr");
    signInAsOperator();
  }

  private void addEntry(String scope, String list, String value, String code) {
    browser.open("/accounts/" + slug + "/entries/new?scope=" + scope);
    browser.find(By.id("list-" + list)).click();
    browser.type("value", value);
    if (code != null) {
      browser.type("returnCode", code);
    }
    browser.click("save-entry");
  }

  @Test
  void aNewZoneNameIsConfirmedAndTheOldOneAnswersUntilItsOverlapIsEnded() {
    addEntry("mx1", "block", "192.0.2.10", null);
    String old = "10.2.0.192." + slug + "-mx1" + BL;
    assertThat(rcode(old)).isEqualTo("NOERROR");

    browser.open("/accounts/" + slug + "/servers/mx1").click("secret-label");

    assertThat(browser.find(By.id("confirm-title")).getText()).contains(slug + "/mx1");
    assertThat(browser.find(By.id("current-zones")).getText()).contains(slug + "-mx1" + BL);
    assertThat(browser.text()).contains("7 days").contains("NXDOMAIN");
    assertThat(rcode(old)).as("nothing changes before the confirmation").isEqualTo("NOERROR");
    browser.screenshots("guard-01-relabel-confirm");

    browser.click("confirm-label");

    assertThat(browser.text()).contains("answers as before until");
    String postfix = browser.find(By.id("postfix-snippet")).getText();
    assertThat(postfix).doesNotContain(slug + "-mx1.");
    assertThat(browser.find(By.id("former-labels")).getText()).contains(slug + "-mx1" + BL);
    assertThat(Dig.addresses(dig.udp(old, Type.A))).containsExactly("127.0.0.2");
    browser.screenshots("guard-02-old-name-answering");

    browser.clickAndWait(
        browser.find(By.cssSelector("button[aria-label='Stop answering under " + slug + "-mx1']")));
    assertThat(browser.find(By.id("confirm-message")).getText()).contains("NXDOMAIN");
    assertThat(rcode(old)).isEqualTo("NOERROR");
    browser.screenshots("guard-03-stop-old-name-confirm");
    browser.click("confirm");

    assertThat(browser.text()).contains("stopped answering");
    assertThat(browser.has(By.id("former-labels"))).isFalse();
    assertThat(rcode(old)).isEqualTo("NXDOMAIN");
  }

  @Test
  void aLeakedNameCanBeStoppedAtOnceWhenRenaming() {
    addEntry("mx1", "block", "192.0.2.11", null);
    browser.open("/accounts/" + slug + "/servers/mx1").type("zone-label", slug + "-edge");
    browser.click("choose-label");
    assertThat(browser.find(By.id("next-zones")).getText()).contains(slug + "-edge" + BL);
    browser.find(By.id("keep-stop")).click();
    browser.click("confirm-label");

    assertThat(browser.text()).contains("stopped answering: update your mail servers now");
    assertThat(rcode("11.2.0.192." + slug + "-mx1" + BL)).isEqualTo("NXDOMAIN");
    assertThat(rcode("11.2.0.192." + slug + "-edge" + BL)).isEqualTo("NOERROR");
  }

  @Test
  void revokingATokenDeletingAUserAndTakingAMemberOutAreConfirmed() {
    long accountId = accounts.accountBySlug(slug).getId();
    tokens.create(NewToken.account("fail2ban", accountId, true), "test");
    browser.open("/accounts/" + slug + "/tokens");
    browser.clickAndWait(browser.find(By.cssSelector("button[aria-label='Revoke fail2ban']")));
    assertThat(browser.find(By.id("confirm-message")).getText()).contains("refused from now on");
    browser.screenshots("guard-04-revoke-confirm");
    browser.click("cancel");
    assertThat(browser.find(By.id("tokens")).getText()).contains("valid");
    browser.clickAndWait(browser.find(By.cssSelector("button[aria-label='Revoke fail2ban']")));
    browser.click("confirm");
    assertThat(browser.text()).contains("was revoked");

    members.createMember(
        slug + "-ann", "ann-password-long-1", accountId, AccountRole.Role.ADMIN, ACTOR);
    long ann = users.byUsername(slug + "-ann").orElseThrow().getId();
    browser.open("/users");
    // The role selector starts at what the user is now, so "Set" as shown changes nothing.
    assertThat(
            new Select(browser.find(By.id("role-" + ann)))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("ADMIN");
    assertThat(
            new Select(browser.find(By.id("acc-" + ann)))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo(slug);
    browser.screenshots("guard-05-users");
    browser.clickAndWait(
        browser.find(By.cssSelector("button[aria-label='Delete " + slug + "-ann']")));
    assertThat(browser.find(By.id("confirm-title")).getText()).contains(slug + "-ann");
    browser.screenshots("guard-06-delete-user-confirm");
    browser.click("cancel");
    assertThat(users.byUsername(slug + "-ann")).isPresent();

    browser.open("/accounts/" + slug + "/users");
    browser.clickAndWait(
        browser.find(By.cssSelector("button[aria-label='Remove " + slug + "-ann']")));
    assertThat(browser.find(By.id("confirm-message")).getText()).contains("can no longer see");
    browser.click("confirm");
    assertThat(browser.text()).contains(slug + "-ann was taken out of " + slug);
    assertThat(users.byUsername(slug + "-ann")).isEmpty();
  }

  @Test
  void entriesThatWouldSilentlyChangeEverythingAreRefusedOrConfirmed() {
    // A network covering every address: asked to confirm, then stored.
    addEntry("", "block", "0.0.0.0/0", null);
    assertThat(browser.find(By.id("value-error")).getText()).contains("4,294,967,296");
    assertThat(rcode("10.113.0.203." + slug + BL)).isEqualTo("NXDOMAIN");
    browser.screenshots("guard-07-wide-entry");
    browser.find(By.id("confirm-wide")).click();
    browser.click("save-entry");
    assertThat(browser.text()).contains("0.0.0.0/0 is on the block list");
    assertThat(rcode("10.113.0.203." + slug + BL)).isEqualTo("NOERROR");
    browser.open("/accounts/" + slug + "/entries?q=0.0.0.0/0");
    browser.clickAndWait(browser.find(By.cssSelector("a[aria-label='Delete 0.0.0.0/0']")));
    browser.click("confirm-delete");

    // A mail server's own address: set on its page, then no entry may block it.
    browser.open("/accounts/" + slug + "/servers/mx1").type("own-addresses-field", "192.0.2.25");
    browser.click("save-own-addresses");
    assertThat(browser.text()).contains("No entry can block");
    browser.screenshots("guard-08-own-addresses");
    addEntry("", "block", "192.0.2.0/24", null);
    assertThat(browser.find(By.id("value-error")).getText())
        .contains("192.0.2.25", "own address of mail server mx1");
    assertThat(rcode("25.2.0.192." + slug + "-mx1" + BL)).isEqualTo("NXDOMAIN");

    // Test points and rbldnsd ranges are no entries; a URL gets its host.
    addEntry("", "block", "127.0.0.1", null);
    assertThat(browser.find(By.id("value-error")).getText()).contains("RFC 5782 test point");
    addEntry("", "block", "10.22.1-5", null);
    assertThat(browser.find(By.id("value-error")).getText())
        .contains("rbldnsd IPv4 range", "ip4set");
    browser.screenshots("guard-09-range-refused");
    addEntry("", "block", "http://spam.example/path", null);
    assertThat(browser.find(By.id("value-error")).getText()).contains("is a URL", "spam.example");
  }

  @Test
  void conflictsAreExplainedAndAnExpiredValueCanBeRevived() {
    addEntry("", "block", "198.51.100.5", null);
    addEntry("", "allow", "198.51.100.5", null);
    assertThat(browser.text()).contains("overrides the block entry", "no longer blocked");

    addEntry("", "block", "198.51.100.6", null);
    jdbc.update(
        "update entry set expires_at = ? where entry_value = '198.51.100.6'",
        Timestamp.from(Instant.now().minusSeconds(60)));
    addEntry("", "block", "198.51.100.6", null);
    assertThat(browser.find(By.id("value-error")).getText()).contains("expired at");
    browser.screenshots("guard-10-revive");
    browser.click("revive-entry");
    assertThat(browser.text()).contains("198.51.100.6 is on the block list");
    assertThat(rcode("6.100.51.198." + slug + BL)).isEqualTo("NOERROR");
  }

  @Test
  void snippetsFilterTheCodesInUseAndLookupReadsPostfixLogText() {
    addEntry("mx1", "block", "203.0.113.9", "127.0.1.2");
    assertThat(browser.text()).contains("ignore its answer 127.0.1.2");
    browser.open("/accounts/" + slug + "/servers/mx1");
    assertThat(browser.find(By.id("postfix-snippet")).getText())
        .contains("reject_rbl_client " + slug + "-mx1" + BL + "=127.0.[0..1].2,")
        .contains("permit_dnswl_client " + slug + "-mx1.wl.rbl.palisade.test=127.0.0.[2..255],");
    browser.screenshots("guard-11-snippet-codes");

    browser.open("/accounts/" + slug + "/lookup?scope=mx1");
    browser.type("q", "unknown[203.0.113.9]").click("lookup");
    assertThat(browser.find(By.id("verdict")).getText()).contains("203.0.113.9");
    browser.type("q", "from=<joe@203.0.113.9.example>,").click("lookup");
    assertThat(browser.find(By.id("lookup-result")).getText()).contains("203.0.113.9.example");
    browser.screenshots("guard-12-lookup-log-text");
  }

  @Test
  void bulkAddSuggestsTheRbldnsdFormatAndConfirmsWideEntries() {
    browser.open("/accounts/" + slug + "/entries/bulk");
    browser.select("format", "lines");
    browser.type("text", ":127.0.0.2:Listed\n192.0.2.1\n10.22.1-5\n");
    browser.click("preview");
    assertThat(browser.find(By.id("format-hint")).getText()).contains("ip4set");
    browser.screenshots("guard-13-bulk-format-hint");

    browser.type("text", "0.0.0.0/1\n192.0.2.1\n");
    browser.click("preview");
    assertThat(browser.find(By.id("wide-entries")).getText()).contains("0.0.0.0/1");
    browser.click("save-bulk");
    assertThat(browser.text()).contains("confirm the wide entries");
    assertThat(rcode("10.0.0.10." + slug + BL)).isEqualTo("NXDOMAIN");
    browser.find(By.id("confirm-wide")).click();
    browser.click("save-bulk");
    assertThat(browser.text()).contains("2 new");
    assertThat(rcode("10.0.0.10." + slug + BL)).isEqualTo("NOERROR");
  }
}
