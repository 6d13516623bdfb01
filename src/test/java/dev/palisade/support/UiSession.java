package dev.palisade.support;

import org.openqa.selenium.By;

/**
 * The browser of a UI test class and its sessions: one headless Chromium for the class ({@link
 * Browser}), a clean session before each test (signed out, whoever was signed in), and the
 * operator's sign-in with the bootstrap password the test application is started with ({@code
 * palisade.users.bootstrap-password=}{@value #OPERATOR_PASSWORD}). Not thread-safe: one per test
 * class.
 */
public final class UiSession implements AutoCloseable {

  /** The operator's password the UI tests start the application with. */
  public static final String OPERATOR_PASSWORD = "operator-secret-1";

  /** The property that sets it, for {@code @SpringBootTest(properties = ...)}. */
  public static final String OPERATOR_PASSWORD_PROPERTY =
      "palisade.users.bootstrap-password=" + OPERATOR_PASSWORD;

  private final Browser browser;

  private UiSession(Browser browser) {
    this.browser = browser;
  }

  /** Starts the class's browser for the application on {@code 127.0.0.1:port}. */
  public static UiSession start(int port) {
    return new UiSession(Browser.start(port));
  }

  public Browser browser() {
    return browser;
  }

  /** Ends whatever session the last test left, so the next one starts signed out. */
  public Browser fresh() {
    browser.open("/login");
    if (browser.has(By.id("sign-out"))) {
      browser.signOut();
    }
    return browser;
  }

  /** A fresh session, signed in as the bootstrap operator {@code admin}. */
  public Browser asOperator() {
    fresh();
    return browser.signIn("admin", OPERATOR_PASSWORD);
  }

  @Override
  public void close() {
    browser.close();
  }
}
