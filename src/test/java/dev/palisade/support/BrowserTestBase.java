package dev.palisade.support;

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
 * ({@link Browser}), and before each test a fresh account with a mail server {@code mx1}, signed
 * out. Every subclass shares one Spring context (the same configuration), so a class costs its
 * tests, not another start. Not thread-safe: tests of a class run one after another.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.users.bootstrap-password=" + BrowserTestBase.OPERATOR_PASSWORD)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTestBase {

  /** The bootstrap operator's password. */
  public static final String OPERATOR_PASSWORD = "operator-secret-1";

  /** Who makes the test's own changes in the audit trail. */
  protected static final Actor ACTOR = Actor.system("test");

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @LocalServerPort protected int port;
  @Autowired protected DnsServer dnsServer;
  @Autowired protected Accounts accounts;

  protected Browser browser;
  protected Dig dig;

  /** The fresh account's slug. */
  protected String slug;

  /** The fresh account's id. */
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
  void freshAccountSignedOut() {
    dig = new Dig(dnsServer.port());
    slug = slugPrefix() + ACCOUNTS.incrementAndGet();
    accountId = accounts.createAccount(slug, null, ACTOR).getId();
    accounts.createServer(accountId, "mx1", ACTOR);
    browser.open("/login");
    if (browser.has(By.id("sign-out"))) {
      browser.signOut();
    }
  }

  /** How the test's account slugs start, unique among the classes sharing the context. */
  protected abstract String slugPrefix();

  /** Signs in as the operator. */
  protected void signInAsOperator() {
    browser.signIn("admin", OPERATOR_PASSWORD);
  }

  /** The rcode DNS answers for an A query of the name. */
  protected String rcode(String name) {
    return Dig.rcode(dig.udp(name, Type.A));
  }
}
