package dev.palisade.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.Accounts;
import dev.palisade.account.Users;
import dev.palisade.audit.Actor;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.FormClient;
import dev.palisade.support.FormClient.Page;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Sign-in to the web UI over real HTTP, as a browser does it (cookies, CSRF tokens, redirects):
 * guessing is slowed per user name and per source address, every sign-in is logged, guessable
 * passwords are refused wherever a password is set, a password set by someone else must be replaced
 * before anything else, and a password change ends the user's other sessions. Each test comes from
 * source addresses of its own in 127.0.0.0/8, so the per-address limits of one do not touch
 * another.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.users.bootstrap-password=" + SignInProtectionIT.OPERATOR_PASSWORD)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInProtectionIT {

  static final String OPERATOR_PASSWORD = "sign-in-operator-7";
  private static final Actor ACTOR = Actor.system("test");
  private static final String THROTTLED = "Too many failed sign-ins";
  private static final String WRONG = "The user name or password is wrong.";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired AccountMembers members;
  @Autowired Users users;

  private long accountId;

  @BeforeAll
  void anAccount() {
    accountId = accounts.createAccount("signin", null, ACTOR).getId();
  }

  @Test
  void thirtyWrongPasswordsThenTheRightOneIsRefusedWithAClearMessage() {
    String name = member("tess", "tess-own-secret-41");
    FormClient attacker = FormClient.from("127.0.0.11", port);

    for (int i = 0; i < 30; i++) {
      attacker.signIn(name, "wrong guess " + i);
    }
    Page right = attacker.signIn(name, "tess-own-secret-41");

    assertThat(right.signedIn()).as(right.body()).isFalse();
    assertThat(right.path()).startsWith("/login");
    assertThat(right.body()).contains(THROTTLED).doesNotContain("Exception");
    assertThat(attacker.open("/accounts").path()).startsWith("/login");
  }

  @Test
  void anUnknownUserNameIsThrottledWithTheSameAnswer() {
    String known = member("uma", "uma-own-secret-42");
    FormClient first = FormClient.from("127.0.0.12", port);
    FormClient second = FormClient.from("127.0.0.13", port);

    Page unknownWrong = first.signIn("nobody-" + known, "wrong guess");
    Page knownWrong = second.signIn(known, "wrong guess");
    // Each name's first refusal, met right after its last free failure. (An attempt made after a
    // fixed number of guesses may come just as a wait of the back-off has run out, on a slow
    // machine, and be answered "wrong" again: the answer compared must be a refusal.)
    Page unknownThrottled = null;
    Page knownThrottled = null;
    for (int i = 0; i < 30 && (unknownThrottled == null || knownThrottled == null); i++) {
      if (unknownThrottled == null) {
        unknownThrottled = refused(first.signIn("nobody-" + known, "wrong guess " + i));
      }
      if (knownThrottled == null) {
        knownThrottled = refused(second.signIn(known, "wrong guess " + i));
      }
    }

    assertThat(unknownWrong.body()).contains(WRONG);
    assertThat(knownWrong.body()).contains(WRONG);
    assertThat(unknownThrottled).as("the unknown name refused within 30 guesses").isNotNull();
    assertThat(knownThrottled).as("the known name refused within 30 guesses").isNotNull();
    // The same words; only the seconds to wait may differ, as the two were counted apart.
    assertThat(message(unknownThrottled).replaceAll("[0-9]+", "N"))
        .isEqualTo(message(knownThrottled).replaceAll("[0-9]+", "N"));
  }

  /** The page when it refuses the attempt as one too many, else null. */
  private static Page refused(Page page) {
    return page.body().contains(THROTTLED) ? page : null;
  }

  @Test
  void guessesFromElsewhereDoNotLockTheUserOutWhereTheySignedInBefore() {
    String name = member("vic", "vic-own-secret-43");
    FormClient usual = FormClient.from("127.0.0.21", port);
    assertThat(usual.signIn(name, "vic-own-secret-43").signedIn()).isTrue();
    usual.signOut();

    FormClient attacker = FormClient.from("127.0.0.22", port);
    for (int i = 0; i < 30; i++) {
      attacker.signIn(name, "wrong guess " + i);
    }

    assertThat(attacker.signIn(name, "vic-own-secret-43").body()).contains(THROTTLED);
    assertThat(FormClient.from("127.0.0.23", port).signIn(name, "vic-own-secret-43").body())
        .contains(THROTTLED);
    assertThat(usual.signIn(name, "vic-own-secret-43").signedIn()).isTrue();
  }

  @Test
  void oneSourceGuessingManyNamesIsThrottledWhileOthersSignIn() {
    String name = member("wes", "wes-own-secret-44");
    FormClient sprayer = FormClient.from("127.0.0.31", port);
    // 20 failures are free per address; the 21st attempt, whatever the name, must wait.
    for (int i = 0; i < 25; i++) {
      sprayer.signIn("spray" + i + "-" + name, "wrong guess");
    }

    Page fromSprayer = sprayer.signIn(name, "wes-own-secret-44");
    Page fromElsewhere = FormClient.from("127.0.0.32", port).signIn(name, "wes-own-secret-44");

    assertThat(fromSprayer.signedIn()).isFalse();
    assertThat(fromSprayer.body()).contains(THROTTLED);
    assertThat(fromElsewhere.signedIn()).as(fromElsewhere.body()).isTrue();
  }

  @Test
  void everySignInIsLoggedWithItsReasonAndNeverThePassword() {
    String name = member("xena", "xena-own-secret-45");
    FormClient client = FormClient.from("127.0.0.41", port);

    client.signIn(name, "xena-wrong-secret");
    client.signIn("ghost-" + name + "\r\nINFO forged line", "ghost-secret-x");
    client.signIn(name, "xena-own-secret-45");
    for (int i = 0; i < 10; i++) {
      client.signIn(name + "-late", "late-guess-" + i);
    }

    String log = CapturedLog.text();
    assertThat(log)
        .contains("sign-in failed: user \"" + name + "\" from 127.0.0.41: bad password")
        .contains(
            "sign-in failed: user \"ghost-"
                + name
                + "\\r\\nINFO forged line\" from 127.0.0.41: unknown user")
        .contains("signed in: user \"" + name + "\" from 127.0.0.41")
        .contains("sign-in failed: user \"" + name + "-late\" from 127.0.0.41: throttled");
    assertThat(log)
        .doesNotContain("xena-wrong-secret")
        .doesNotContain("ghost-secret-x")
        .doesNotContain("xena-own-secret-45")
        .doesNotContain("late-guess-");
  }

  @Test
  void guessablePasswordsAreRefusedWherePasswordsAreSet() {
    FormClient operator = FormClient.from("127.0.0.51", port);
    assertThat(operator.signIn("admin", OPERATOR_PASSWORD).signedIn()).isTrue();
    String name = "yan" + NAMES.incrementAndGet();

    operator.open("/users");
    Page created =
        operator.post(
            "/users",
            Map.of(
                "username", name, "password", "aaaaaaaaaa", "account", "signin", "role", "ADMIN"));
    assertThat(created.body()).contains("too easy to guess");
    assertThat(users.byUsername(name)).isEmpty();

    operator.open("/accounts/signin/users");
    Page added =
        operator.post(
            "/accounts/signin/users",
            Map.of("username", name, "password", "password1234", "role", "VIEWER"));
    assertThat(added.body()).contains("common passwords");
    assertThat(users.byUsername(name)).isEmpty();

    operator.open("/password");
    Page changed =
        operator.post(
            "/password",
            Map.of(
                "current", OPERATOR_PASSWORD, "password", "qwertyuiop", "confirm", "qwertyuiop"));
    assertThat(changed.body()).contains("too easy to guess");
    assertThat(operator.signOut().body()).contains("You are signed out.");
    assertThat(operator.signIn("admin", OPERATOR_PASSWORD).signedIn()).isTrue();
  }

  @Test
  void aUserCreatedByAnOperatorMustChooseANewPasswordBeforeAnythingElse() {
    FormClient operator = FormClient.from("127.0.0.61", port);
    operator.signIn("admin", OPERATOR_PASSWORD);
    String name = "zoe" + NAMES.incrementAndGet();
    operator.open("/users");
    Page created =
        operator.post(
            "/users",
            Map.of(
                "username",
                name,
                "password",
                "set-by-operator-46",
                "account",
                "signin",
                "role",
                "ADMIN"));
    assertThat(created.body()).contains("User " + name + " was created.");

    FormClient zoe = FormClient.from("127.0.0.62", port);
    Page first = zoe.signIn(name, "set-by-operator-46");
    assertThat(first.path()).isEqualTo("/password");
    assertThat(first.body()).contains("was set by someone else");
    assertThat(zoe.open("/accounts/signin/entries").path()).isEqualTo("/password");
    assertThat(zoe.open("/accounts/signin/tokens").path()).isEqualTo("/password");
    Page token = zoe.post("/accounts/signin/tokens", Map.of("name", "sneaky", "write", "true"));
    assertThat(token.path()).isEqualTo("/password");
    assertThat(token.body()).doesNotContain("pal_");

    zoe.open("/password");
    Page changed =
        zoe.post(
            "/password",
            Map.of(
                "current",
                "set-by-operator-46",
                "password",
                "zoe-chose-this-47",
                "confirm",
                "zoe-chose-this-47"));
    assertThat(changed.body()).contains("Your password was changed.");
    assertThat(zoe.open("/accounts/signin/entries").path()).isEqualTo("/accounts/signin/entries");
  }

  @Test
  void changingThePasswordEndsTheUsersOtherSessions() {
    String name = member("ada", "ada-first-secret-48");
    FormClient laptop = FormClient.from("127.0.0.71", port);
    FormClient phone = FormClient.from("127.0.0.72", port);
    laptop.signIn(name, "ada-first-secret-48");
    laptop.open("/password");
    laptop.post(
        "/password",
        Map.of(
            "current",
            "ada-first-secret-48",
            "password",
            "ada-second-secret-49",
            "confirm",
            "ada-second-secret-49"));
    assertThat(phone.signIn(name, "ada-second-secret-49").signedIn()).isTrue();
    assertThat(phone.open("/accounts/signin").path()).isEqualTo("/accounts/signin");

    laptop.open("/password");
    Page changed =
        laptop.post(
            "/password",
            Map.of(
                "current",
                "ada-second-secret-49",
                "password",
                "ada-third-secret-50",
                "confirm",
                "ada-third-secret-50"));

    assertThat(changed.body()).contains("Your password was changed.");
    assertThat(laptop.open("/accounts/signin").path()).isEqualTo("/accounts/signin");
    Page phoneAfter = phone.open("/accounts/signin");
    assertThat(phoneAfter.path()).startsWith("/login");
    assertThat(phoneAfter.signedIn()).isFalse();
    assertThat(phoneAfter.body()).contains("password was changed");
  }

  @Test
  void aPasswordAnOperatorResetsEndsTheUsersSessionsAndMustBeReplaced() {
    String name = member("bea", "bea-given-secret-51");
    FormClient bea = FormClient.from("127.0.0.81", port);
    bea.signIn(name, "bea-given-secret-51");
    bea.open("/password");
    bea.post(
        "/password",
        Map.of(
            "current",
            "bea-given-secret-51",
            "password",
            "bea-forgot-this-52",
            "confirm",
            "bea-forgot-this-52"));
    assertThat(bea.open("/accounts/signin").path()).isEqualTo("/accounts/signin");
    long id = users.byUsername(name).orElseThrow().getId();

    FormClient operator = FormClient.from("127.0.0.82", port);
    operator.signIn("admin", OPERATOR_PASSWORD);
    operator.open("/users");
    Page weak = operator.post("/users/" + id + "/password", Map.of("password", "1234567890"));
    assertThat(weak.body()).contains("too easy to guess");
    assertThat(bea.open("/accounts/signin").path()).isEqualTo("/accounts/signin");

    operator.open("/users");
    Page reset =
        operator.post("/users/" + id + "/password", Map.of("password", "bea-reset-secret-53"));

    assertThat(reset.body()).contains("New password set for " + name);
    assertThat(bea.open("/accounts/signin").path()).startsWith("/login");
    assertThat(bea.signIn(name, "bea-forgot-this-52").body()).contains(WRONG);
    Page again = bea.signIn(name, "bea-reset-secret-53");
    assertThat(again.path()).isEqualTo("/password");
    assertThat(bea.open("/accounts/signin").path()).isEqualTo("/password");
  }

  /** A new admin of the account, with a password set by someone else. Returns the name. */
  private String member(String prefix, String password) {
    String name = prefix + NAMES.incrementAndGet();
    members.createMember(name, password, accountId, AccountRole.Role.ADMIN, ACTOR);
    return name;
  }

  /** The alert of a sign-in page. */
  private static String message(Page page) {
    int start = page.body().indexOf("role=\"alert\"");
    return page.body().substring(start, page.body().indexOf("</p>", start));
  }
}
