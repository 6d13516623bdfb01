package dev.palisade.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * What a browser test of the web UI needs: the whole application on a random port with real DNS,
 * the operator {@code admin} with {@link #OPERATOR_PASSWORD}, one headless Chromium for the class
 * ({@link Browser}), and before each test a clean session, signed out whoever the last test left
 * signed in. A test that wants its own account asks for one ({@link #freshAccount}, {@link
 * #freshAccountWithServer}). Every subclass that keeps this configuration shares one Spring
 * context, so a class costs its tests, not another start; a class that needs more settings
 * redeclares {@code @SpringBootTest} with {@link #OPERATOR_PASSWORD_PROPERTY} among its properties.
 * Not thread-safe: tests of a class run one after another.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = BrowserTestBase.OPERATOR_PASSWORD_PROPERTY)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTestBase {

  /** The bootstrap operator's password. */
  public static final String OPERATOR_PASSWORD = "operator-secret-1";

  /** The property that sets it, for {@code @SpringBootTest(properties = ...)}. */
  public static final String OPERATOR_PASSWORD_PROPERTY =
      "palisade.users.bootstrap-password=" + OPERATOR_PASSWORD;

  /** Who makes the test's own changes in the audit trail. */
  protected static final Actor ACTOR = Actor.system("test");

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @LocalServerPort protected int port;
  @Autowired protected DnsServer dnsServer;
  @Autowired protected Accounts accounts;

  protected Browser browser;
  protected Dig dig;

  /** The slug of the test's fresh account, once it has one. */
  protected String slug;

  /** The id of the test's fresh account, once it has one. */
  protected long accountId;

  @BeforeAll
  void startBrowser() {
    browser = Browser.start(port);
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void signedOut() {
    dig = new Dig(dnsServer.port());
    browser.open("/login");
    if (browser.has(By.id("sign-out"))) {
      browser.signOut();
    }
  }

  /**
   * A slug no other test of the run has: the prefix (unique among the classes sharing the context)
   * and a number. Becomes {@link #slug}.
   */
  protected String nextSlug(String prefix) {
    slug = prefix + ACCOUNTS.incrementAndGet();
    return slug;
  }

  /** Creates an account with a {@link #nextSlug new slug} and no mail server; its id. */
  protected long freshAccount(String prefix) {
    accountId = accounts.createAccount(nextSlug(prefix), null, ACTOR).getId();
    return accountId;
  }

  /** Creates an account with a {@link #nextSlug new slug} and a mail server {@code mx1}; its id. */
  protected long freshAccountWithServer(String prefix) {
    freshAccount(prefix);
    accounts.createServer(accountId, "mx1", ACTOR);
    return accountId;
  }

  /** Signs in as the operator. */
  protected Browser signInAsOperator() {
    return browser.signIn("admin", OPERATOR_PASSWORD);
  }

  /**
   * Signs in with a password someone else set, which leads to the password page first, and replaces
   * it with the user's own.
   */
  protected void signInFirstTime(String username, String given, String chosen) {
    browser.signIn(username, given);
    assertThat(browser.path()).isEqualTo("/password");
    browser.type("current", given).type("password", chosen).type("confirm", chosen);
    browser.click("change-password");
    assertThat(browser.text()).contains("Your password was changed.");
  }

  /** The rcode DNS answers for an A query of the name. */
  protected String rcode(String name) {
    return Dig.rcode(dig.udp(name, Type.A));
  }
}
