package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.NewToken;
import dev.palisade.account.Users;
import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.Dig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xbill.DNS.Type;

/**
 * The admin UI in a real headless Chromium against a running Palisade: sign-in, accounts, mail
 * servers, entries singly and in bulk, what DNS then answers, lookup, audit, tokens, and what a
 * viewer may not do. Every page visited is saved as a screenshot under {@code target/screenshots}.
 */
class AdminUiIT extends BrowserTestBase {

  private static final String BASE = ".rbl.palisade.test";

  @Autowired Users users;
  @Autowired AccountMembers members;
  @Autowired ApiTokens tokens;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void freshSlug() {
    nextSlug("ui");
  }

  @Test
  void pagesNeedSignInAndAWrongPasswordIsRefused() {
    browser.open("/accounts");
    assertThat(browser.path()).startsWith("/login");
    browser.screenshot("01-sign-in");

    browser.signIn("admin", "not the password");
    assertThat(browser.path()).startsWith("/login?error");
    assertThat(browser.text()).contains("The user name or password is wrong.");

    signInAsOperator();
    assertThat(browser.path()).startsWith("/accounts");
    browser.signOut();
    assertThat(browser.text()).contains("You are signed out.");
  }

  @Test
  void adminManagesAServerAndEntriesThatAnswerInDns() {
    signInAsOperator();

    // An account, then a mail server with its ready-to-paste configuration.
    browser.open("/accounts").type("slug", "Not a slug!").click("create-account");
    assertThat(browser.find(By.id("slug-error")).getText()).contains("letters, digits and hyphens");
    browser.screenshot("02-accounts-invalid");
    browser.type("slug", slug).type("name", "UI test " + slug).click("create-account");
    assertThat(browser.path()).isEqualTo("/accounts/" + slug);
    browser.click("new-server").type("name", "mx1").click("create-server");
    assertThat(browser.path()).isEqualTo("/accounts/" + slug + "/servers/mx1");
    String postfix = browser.find(By.id("postfix-snippet")).getText();
    assertThat(postfix)
        .contains("permit_dnswl_client " + slug + "-mx1.wl" + BASE + "=127.0.0.[2..255]")
        .contains("reject_rbl_client " + slug + "-mx1.bl" + BASE + "=127.0.0.[2..255]")
        .contains("reject_rhsbl_sender " + slug + "-mx1.dbl" + BASE);
    assertThat(postfix.indexOf("permit_dnswl_client"))
        .isLessThan(postfix.indexOf("reject_rbl_client"));
    assertThat(browser.find(By.id("unbound-snippet")).getAttribute("textContent"))
        .contains("stub-zone:")
        .contains("stub-addr: 127.0.0.1@" + dnsServer.port());
    browser.screenshot("03-mail-server");

    // One entry: a bad value is shown next to its field and nothing is stored; then a good one.
    browser.open("/accounts/" + slug + "/entries?scope=mx1").click("add-entry");
    browser.type("value", "300.1.2.3").type("reason", "Spam from $").click("save-entry");
    assertThat(browser.find(By.id("value-error")).getText()).isNotBlank();
    assertThat(browser.find(By.id("reason")).getAttribute("value")).isEqualTo("Spam from $");
    browser.screenshot("04-entry-invalid");
    browser.type("value", "192.0.2.10").click("save-entry");
    assertThat(browser.text()).contains("192.0.2.10 is on the block list of " + slug + "/mx1");
    assertThat(browser.find(By.id("entries")).getText()).contains("192.0.2.10");
    String name = "10.2.0.192." + slug + "-mx1.bl" + BASE;
    assertThat(Dig.addresses(dig.udp(name, Type.A))).containsExactly("127.0.0.2");
    assertThat(Dig.texts(dig.udp(name, Type.TXT))).containsExactly("Spam from 192.0.2.10");

    // Bulk: a bad line blocks the save until it is dropped.
    browser.clickLink("Bulk add");
    browser.select("scope", "").select("format", "lines");
    browser.type("text", "198.51.100.1 trap hit\nnot/an/address\n203.0.113.0/24\n.spam.example");
    browser.click("preview");
    assertThat(browser.find(By.id("bad-lines")).getText()).contains("1 bad line").contains("2");
    assertThat(browser.has(By.id("save-bulk"))).isFalse();
    browser.screenshot("05-bulk-bad-line");
    browser.click("drop-bad");
    assertThat(browser.has(By.id("bad-lines"))).isFalse();
    browser.screenshot("06-bulk-preview");
    browser.click("save-bulk");
    assertThat(browser.text()).contains("3 new");
    assertThat(Dig.addresses(dig.udp("1.100.51.198." + slug + ".bl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(Dig.addresses(dig.udp("7.113.0.203." + slug + "-mx1.bl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(Dig.addresses(dig.udp("x.spam.example." + slug + ".dbl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    browser.screenshot("07-entries");

    // Search: values by their start; an address also lists the networks that cover it.
    browser.open("/accounts/" + slug + "/entries?q=203.0.113.7");
    assertThat(browser.find(By.id("search-hint")).getText()).contains("by their start");
    assertThat(browser.find(By.id("covering")).getText()).contains("203.0.113.0/24");
    browser.screenshot("07a-search-covering");
    browser.open("/accounts/" + slug + "/entries?q=198.51.&sort=value");
    assertThat(browser.find(By.id("entries")).getText())
        .contains("198.51.100.1")
        .doesNotContain("203.0.113.0/24");

    // Lookup shows the DNS answer and the deciding entry.
    browser.clickLink("Lookup").type("q", "192.0.2.10").select("scope", "mx1").click("lookup");
    assertThat(browser.find(By.id("lookup-result")).getText())
        .contains("10.2.0.192." + slug + "-mx1.bl" + BASE)
        .contains("listed")
        .contains("127.0.0.2")
        .contains("Spam from 192.0.2.10");
    assertThat(browser.find(By.id("verdict")).getText()).contains("192.0.2.10");
    browser.screenshot("08-lookup");

    // Edit: set an expiry; then delete another entry after confirming.
    browser.open("/accounts/" + slug + "/entries?q=198.51.100.1");
    browser.clickAndWait(browser.find(By.cssSelector("a[aria-label='Edit 198.51.100.1']")));
    browser.select("expiresIn", "1d").type("returnCode", "127.0.0.3").click("save-entry");
    assertThat(browser.find(By.id("entries")).getText()).contains("127.0.0.3");
    assertThat(Dig.addresses(dig.udp("1.100.51.198." + slug + ".bl" + BASE, Type.A)))
        .containsExactly("127.0.0.3");
    browser.open("/accounts/" + slug + "/entries?q=.spam.example");
    browser.clickAndWait(browser.find(By.cssSelector("a[aria-label='Delete .spam.example']")));
    browser.screenshot("09-delete-confirm");
    browser.click("confirm-delete");
    assertThat(browser.text()).contains(".spam.example was deleted");
    assertThat(Dig.rcode(dig.udp("x.spam.example." + slug + ".dbl" + BASE, Type.A)))
        .isEqualTo("NXDOMAIN");

    // The audit trail names the user, the source and the address the change came from.
    browser.clickLink("Audit log").type("audit-search", "192.0.2.10");
    browser.clickAndWait(browser.find(By.cssSelector("form.filters button")));
    String audit = browser.find(By.id("audit")).getText();
    assertThat(audit).contains("user:admin#").contains("manual").contains("127.0.0.1");
    assertThat(audit).contains("block 192.0.2.10 on " + slug + "/mx1");
    browser.screenshot("10-audit");

    // API token: the secret is shown once.
    browser.clickLink("API tokens").type("token-name", "fail2ban on mx1").click("create-token");
    assertThat(browser.find(By.id("token-secret")).getText()).startsWith("pal_");
    browser.screenshot("11-token-created");
    browser.open("/accounts/" + slug + "/tokens");
    assertThat(browser.has(By.id("token-secret"))).isFalse();
    assertThat(browser.find(By.id("tokens")).getText()).contains("fail2ban on mx1");

    // The digs above were counted on the DNS path and flushed (every 500 ms in tests).
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () ->
                browser.open("/accounts/" + slug).has(By.id("zone-traffic"))
                    && browser.find(By.id("zone-traffic")).getText().contains(slug + "-mx1.bl"));
    assertThat(browser.find(By.id("entry-counts")).getText()).contains("mx1");
    // ...and the listed answers were credited to their entries.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () ->
                browser.open("/accounts/" + slug).has(By.id("top-entries"))
                    && browser.find(By.id("top-entries")).getText().contains("192.0.2.10"));
    browser.screenshot("12-dashboard");
    browser.open("/users");
    browser.screenshot("13-users");
  }

  /**
   * An exclusion, made in the form or in bulk, takes an address out of a blocked network without
   * allowing it; the entries list shows and filters it; lookup says what it beat.
   */
  @Test
  void anExclusionMadeInTheUiUnlistsWithoutAllowingAndLookupExplainsIt() {
    freshAccount("ui");
    signInAsOperator();

    browser.open("/accounts/" + slug + "/entries").click("add-entry");
    browser.type("value", "192.0.2.0/24").click("save-entry");
    browser.open("/accounts/" + slug + "/entries").click("add-entry");
    browser.find(By.id("list-exclude")).click();
    browser.type("value", "192.0.2.9").type("returnCode", "127.0.0.3").click("save-entry");
    assertThat(browser.find(By.id("returnCode-error")).getText())
        .isEqualTo("An exclusion answers nothing: leave the A record empty");
    browser.screenshots("21-exclusion-form");
    browser.type("returnCode", "").type("reason", "our own relay").click("save-entry");
    assertThat(browser.text())
        .contains("192.0.2.9 is excluded for " + slug + ": it answers in no list now");
    String bl = "9.2.0.192." + slug + ".bl" + BASE;
    String wl = "9.2.0.192." + slug + ".wl" + BASE;
    assertThat(Dig.rcode(dig.udp(bl, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(Dig.rcode(dig.udp(wl, Type.A))).as("excluded, not allowed").isEqualTo("NXDOMAIN");
    assertThat(Dig.addresses(dig.udp("8.2.0.192." + slug + ".bl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");

    // Bulk: the list offers exclusions too.
    browser.clickLink("Bulk add");
    browser.select("scope", "").select("list", "exclude").select("format", "lines");
    browser.type("text", "192.0.2.10\n192.0.2.11");
    browser.click("preview");
    browser.click("save-bulk");
    assertThat(browser.text()).contains("2 new");
    assertThat(Dig.rcode(dig.udp("11.2.0.192." + slug + ".bl" + BASE, Type.A)))
        .isEqualTo("NXDOMAIN");

    browser.open("/accounts/" + slug + "/entries?list=exclude&sort=value");
    String table = browser.find(By.id("entries")).getText();
    assertThat(table).contains("192.0.2.9", "192.0.2.10", "192.0.2.11", "exclude");
    assertThat(table).doesNotContain("192.0.2.0/24");
    browser.screenshots("22-exclusions-listed");

    browser.clickLink("Lookup").type("q", "192.0.2.9").click("lookup");
    assertThat(browser.find(By.id("why")).getText())
        .isEqualTo(
            "Not listed: excluded by exclude 192.0.2.9 of the account, which beat block"
                + " 192.0.2.0/24 of the account. An exclusion is not an allowance: no list names"
                + " 192.0.2.9.");
    assertThat(browser.find(By.id("lookup-result")).getText())
        .contains("NXDOMAIN")
        .doesNotContain("127.0.0.2");
    browser.screenshots("23-lookup-exclusion");
  }

  @Test
  void accountAdminManagesTheAccountsUsers() {
    long id = freshAccount("ui");
    members.createMember(slug + "-admin", "admin-password-1", id, AccountRole.Role.ADMIN, ACTOR);

    signInFirstTime(slug + "-admin", "admin-password-1", "admin-chose-this-1");
    browser.open("/accounts/" + slug + "/users");
    assertThat(browser.find(By.id("members")).getText())
        .contains(slug + "-admin")
        .contains("(you)");
    browser.type("username", slug + "-carol").type("new-password", "short").click("add-member");
    assertThat(browser.find(By.id("password-error")).getText()).contains("10");
    assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo(slug + "-carol");
    browser.screenshot("16-account-users-invalid");
    browser.type("new-password", "carol-password-1").select("role", "VIEWER").click("add-member");
    assertThat(browser.text()).contains(slug + "-carol is now a viewer of " + slug);
    assertThat(browser.find(By.id("members")).getText()).contains(slug + "-carol");
    browser.screenshot("17-account-users");

    // Carol reads the account but manages nobody, once she has replaced the password the admin
    // gave her; the admin then takes her out again.
    browser.signOut();
    signInFirstTime(slug + "-carol", "carol-password-1", "carol-chose-this-1");
    browser.open("/accounts/" + slug + "/users");
    assertThat(browser.find(By.id("members")).getText()).contains(slug + "-admin");
    assertThat(browser.has(By.id("add-member"))).isFalse();
    browser.screenshot("18-account-users-viewer");
    browser.signOut().signIn(slug + "-admin", "admin-chose-this-1");
    browser.open("/accounts/" + slug + "/users");
    browser.clickAndWait(
        browser.find(By.cssSelector("button[aria-label='Remove " + slug + "-carol']")));
    browser.click("confirm");
    assertThat(browser.text()).contains(slug + "-carol was taken out of " + slug + " and deleted");
    assertThat(users.byUsername(slug + "-carol")).isEmpty();
  }

  @Test
  void bulkAddReadsEveryImportFormatIncludingCombinedFilesAndGzipUploads() throws Exception {
    long id = freshAccountWithServer("ui");
    signInAsOperator();

    // A combined file: a dataset of a type Palisade has no list for is a bad line.
    browser.open("/accounts/" + slug + "/entries/bulk");
    browser.select("scope", "mx1").select("list", "allow").select("format", "combined");
    browser.type(
        "text",
        "$DATASET ip4trie:relays @\n198.51.100.64/29 Partner relay\n"
            + "$DATASET generic:www @\n$DATASET dnset:names @\n.partner.example\n");
    browser.click("preview");
    assertThat(browser.find(By.id("bad-lines")).getText())
        .contains("1 bad line")
        .contains("dataset type 'generic' is not supported");
    browser.screenshot("05a-bulk-combined-bad-dataset");
    browser.click("drop-bad");
    assertThat(browser.has(By.id("bad-lines"))).isFalse();
    browser.click("save-bulk");
    assertThat(browser.text()).contains("2 new");
    assertThat(Dig.addresses(dig.udp("65.100.51.198." + slug + "-mx1.wl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(Dig.addresses(dig.udp("mail.partner.example." + slug + "-mx1.dwl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");

    // A gzip-compressed CSV upload is shown as text, checked, and saved.
    Path upload = Files.createTempFile("palisade-bulk-", ".csv.gz");
    try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(upload))) {
      gzip.write(
          "value,reason,return code\n203.0.113.9,\"Trap hit, twice\",127.0.0.7\n"
              .getBytes(StandardCharsets.UTF_8));
    }
    browser.open("/accounts/" + slug + "/entries/bulk");
    browser.select("scope", "").select("list", "block").select("format", "csv");
    browser.find(By.id("file")).sendKeys(upload.toAbsolutePath().toString());
    browser.click("preview");
    assertThat(browser.find(By.id("text")).getAttribute("value")).contains("203.0.113.9");
    browser.screenshot("05b-bulk-csv-upload");
    browser.click("save-bulk");
    assertThat(browser.text()).contains("1 new");
    assertThat(Dig.addresses(dig.udp("9.113.0.203." + slug + ".bl" + BASE, Type.A)))
        .containsExactly("127.0.0.7");
    Files.delete(upload);
  }

  @Test
  void oneClickDropsEveryBadLineEvenBeyondTheOnesListed() throws Exception {
    freshAccount("ui");
    signInAsOperator();
    Path upload = Files.createTempFile("palisade-bulk-", ".txt");
    StringBuilder text = new StringBuilder("192.0.2.44 kept\n");
    for (int i = 1; i <= 1500; i++) {
      text.append("bad/").append(i).append('\n');
    }
    Files.writeString(upload, text.append("198.51.100.44 kept\n"));

    browser.open("/accounts/" + slug + "/entries/bulk");
    browser.select("scope", "").select("list", "block").select("format", "lines");
    browser.find(By.id("file")).sendKeys(upload.toAbsolutePath().toString());
    browser.click("preview");
    assertThat(browser.find(By.id("bad-lines")).getText()).contains("1500 bad lines");
    browser.click("drop-bad");
    assertThat(browser.has(By.id("bad-lines"))).isFalse();
    assertThat(browser.find(By.id("text")).getAttribute("value"))
        .isEqualTo("192.0.2.44 kept\n198.51.100.44 kept");
    browser.click("save-bulk");
    assertThat(browser.text()).contains("2 new");
    Files.delete(upload);
  }

  @Test
  void viewerSeesTheAccountButCannotChangeIt() {
    long id = freshAccountWithServer("ui");
    accounts.createAccount(slug + "other", null, ACTOR);
    members.createMember(slug + "-viewer", "viewer-password-1", id, AccountRole.Role.VIEWER, ACTOR);

    signInFirstTime(slug + "-viewer", "viewer-password-1", "viewer-chose-this-1");
    browser.open("/");
    assertThat(browser.path()).isEqualTo("/accounts/" + slug);
    browser.open("/accounts/" + slug + "/entries");
    assertThat(browser.has(By.id("add-entry"))).isFalse();
    assertThat(browser.has(By.id("bulk-add"))).isFalse();
    browser.screenshot("14-viewer-entries");

    browser.open("/accounts/" + slug + "/entries/new");
    assertThat(browser.title()).startsWith("Not allowed");
    browser.screenshot("15-viewer-forbidden");
    browser.open("/accounts/" + slug + "/servers/new");
    assertThat(browser.title()).startsWith("Not allowed");

    // Another account does not exist for this user, and nor do the operator's pages.
    browser.open("/accounts/" + slug + "other");
    assertThat(browser.title()).startsWith("Not found");
    browser.open("/accounts");
    assertThat(browser.text()).doesNotContain(slug + "other");
    browser.open("/users");
    assertThat(browser.title()).startsWith("Not allowed");
  }

  @Test
  void theTokenListShowsWhenTokensExpire() {
    long id = freshAccount("ui");
    long later = tokens.create(NewToken.account("later", id, false), "system:test").token().getId();
    long gone = tokens.create(NewToken.account("gone", id, false), "system:test").token().getId();
    jdbc.update(
        "update api_token set expires_at = ? where id = ?",
        Timestamp.from(Instant.parse("2031-05-04T03:02:00Z")),
        later);
    jdbc.update(
        "update api_token set expires_at = ? where id = ?",
        Timestamp.from(Instant.parse("2020-01-02T03:04:00Z")),
        gone);
    signInAsOperator();

    browser.open("/accounts/" + slug + "/tokens");

    String table = browser.find(By.id("tokens")).getText();
    assertThat(table).contains("Expires");
    assertThat(table.lines().filter(line -> line.startsWith("later")).findFirst().orElseThrow())
        .contains("2031-05-04 03:02 valid");
    assertThat(table.lines().filter(line -> line.startsWith("gone")).findFirst().orElseThrow())
        .contains("2020-01-02 03:04 expired");
    browser.screenshots("17-token-expiry");
    browser.open("/tokens");
    assertThat(browser.find(By.id("tokens")).getText()).contains("Expires");
    browser.screenshots("17-operator-tokens");
  }

  @Test
  void anOperatorReadsTheAuditLogOfADeletedAccount() {
    long id = freshAccount("ui");
    accounts.createServer(id, "mx7", ACTOR);
    accounts.deleteAccount(id, ACTOR);
    signInAsOperator();

    browser.click("installation-audit");
    browser.select("audit-type", "ACCOUNT").select("audit-action", "DELETE");
    browser.type("audit-search", "account " + slug);
    browser.clickAndWait(browser.find(By.cssSelector("form.filters button")));
    browser.clickAndWait(browser.find(By.cssSelector("#audit a.deleted-trail")));

    String trail = browser.find(By.id("audit")).getText();
    assertThat(trail).contains("mail server " + slug + "/mx7").contains("account " + slug);
    assertThat(browser.find(By.id("audit-account")).getAttribute("value"))
        .isEqualTo(Long.toString(id));
    browser.screenshot("11-audit-of-deleted-account");
  }

  @Test
  void aUserGivenAPasswordByTheOperatorReplacesItBeforeAnythingElse() {
    freshAccount("ui");
    signInAsOperator();
    browser.open("/users");
    browser.type("username", slug + "-dan").type("new-password", "aaaaaaaaaa");
    browser.select("account", slug).select("role", "ADMIN").click("create-user");
    assertThat(browser.find(By.id("password-error")).getText())
        .contains("too easy to guess")
        .contains("repeats");
    browser.screenshot("19-user-password-guessable");
    browser.type("new-password", "given-by-operator-1").click("create-user");
    assertThat(browser.text()).contains("User " + slug + "-dan was created.");
    browser.signOut();

    browser.signIn(slug + "-dan", "given-by-operator-1");
    assertThat(browser.path()).isEqualTo("/password");
    assertThat(browser.find(By.id("must-change")).getText()).contains("set by someone else");
    browser.screenshot("20-must-change-password");
    browser.open("/accounts/" + slug + "/entries");
    assertThat(browser.path()).isEqualTo("/password");

    browser.type("current", "given-by-operator-1").type("password", "qwertyuiop");
    browser.type("confirm", "qwertyuiop").click("change-password");
    assertThat(browser.find(By.id("password-error")).getText()).contains("too easy to guess");
    browser.type("current", "given-by-operator-1").type("password", "dan-chose-this-1");
    browser.type("confirm", "dan-chose-this-1").click("change-password");
    assertThat(browser.text()).contains("Your password was changed.");
    browser.open("/accounts/" + slug + "/entries");
    assertThat(browser.path()).isEqualTo("/accounts/" + slug + "/entries");
  }

  @Test
  void formsWithoutTheCsrfTokenAreRefused() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "username=admin&password=" + OPERATOR_PASSWORD))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
  }
}
