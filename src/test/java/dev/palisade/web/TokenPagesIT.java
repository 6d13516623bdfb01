package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiToken;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.support.ApiClient;
import dev.palisade.support.FormClient;
import dev.palisade.support.FormClient.Page;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The token pages over HTTP, as a browser posts them: an expiry day given at creation, a name
 * already used in the account refused next to the field, and the operator tokens — the bootstrap
 * one among them — listed for operators, who can revoke them there.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "palisade.users.bootstrap-password=" + TokenPagesIT.PASSWORD,
      "palisade.api.bootstrap-token=" + TokenPagesIT.BOOTSTRAP
    })
@ActiveProfiles("test")
class TokenPagesIT {

  static final String PASSWORD = "operator-secret-7";
  static final String BOOTSTRAP = "pal_bootstrap-for-the-token-pages-test-0123456789";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired ApiTokens tokens;

  private FormClient operator;
  private Account account;

  @BeforeEach
  void signIn() {
    account =
        accounts.createAccount(
            "tok" + System.nanoTime() % 1_000_000, "Tokens", Actor.system("test"));
    operator = FormClient.from("127.0.0.91", port);
    operator.signIn("admin", PASSWORD);
  }

  @Test
  void aTokenGivenAnExpiryDayStopsAtItsStart() {
    String list = "/accounts/" + account.getSlug() + "/tokens";
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    operator.open(list);
    Page created =
        operator.post(list, Map.of("name", "fail2ban", "write", "true", "expires", day.toString()));

    assertThat(created.body()).contains("Copy the secret of").contains(day + " 00:00");
    ApiToken token = tokens.list(account.getId()).get(0);
    assertThat(token.getExpiresAt()).isEqualTo(day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void anExpiryDayThatIsNotAheadIsRefusedAndNothingIsCreated() {
    String list = "/accounts/" + account.getSlug() + "/tokens";
    operator.open(list);
    Page today =
        operator.post(
            list,
            Map.of("name", "x", "write", "true", "expires", LocalDate.now(ZoneOffset.UTC) + ""));
    assertThat(today.body()).contains("Choose a day after today (UTC)");
    Page garbled =
        operator.post(list, Map.of("name", "x", "write", "true", "expires", "next week"));
    assertThat(garbled.body()).contains("day such as 2027-01-31");
    assertThat(tokens.list(account.getId())).isEmpty();
  }

  @Test
  void aSecondTokenOfTheSameNameIsRefusedNextToTheName() {
    String list = "/accounts/" + account.getSlug() + "/tokens";
    operator.open(list);
    operator.post(list, Map.of("name", "fail2ban", "write", "true"));
    operator.open(list);
    Page again = operator.post(list, Map.of("name", "fail2ban", "write", "false"));

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body())
        .contains("id=\"name-error\"")
        .contains("already named &#39;fail2ban&#39;")
        .doesNotContain("Copy the secret");
    assertThat(tokens.list(account.getId())).hasSize(1);
  }

  @Test
  void theBootstrapTokenIsListedForOperatorsAndCanBeRevokedThere() {
    ApiToken bootstrap =
        tokens.listAll().stream()
            .filter(t -> t.isOperator() && t.getName().equals("bootstrap"))
            .findFirst()
            .orElseThrow();
    assertThat(ApiClient.on(port).withToken(BOOTSTRAP).get("/api/v1/tokens").status())
        .isEqualTo(200);

    Page list = operator.open("/tokens");
    assertThat(list.body()).contains("id=\"nav-operator-tokens\"").contains(">bootstrap<");
    Page confirm = operator.post("/tokens/" + bootstrap.getId() + "/revoke", Map.of());
    assertThat(confirm.body()).contains("Revoke the token bootstrap?");
    Page revoked =
        operator.post("/tokens/" + bootstrap.getId() + "/revoke", Map.of("confirmed", "true"));

    assertThat(revoked.body()).contains("Token bootstrap was revoked");
    assertThat(ApiClient.on(port).withToken(BOOTSTRAP).get("/api/v1/tokens").status())
        .isEqualTo(401);
  }
}
