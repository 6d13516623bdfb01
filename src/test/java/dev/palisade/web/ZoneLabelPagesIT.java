package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.Users;
import dev.palisade.support.ApiClient;
import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.Dig;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.xbill.DNS.Type;

/**
 * Choosing zone labels in a real browser: an account admin picks a label of the account's own
 * namespace on a server's page, and a label of another namespace is refused with the very message
 * the API gives; an operator creating an account whose slug would nest in another's sees why.
 */
class ZoneLabelPagesIT extends BrowserTestBase {

  private static final String PASSWORD = "una's long password";

  @Autowired AccountMembers members;
  @Autowired Users users;
  @Autowired ApiTokens tokens;

  private ApiClient una;

  @BeforeAll
  void setUp() {
    long unaId = accounts.createAccount("una", null, ACTOR).getId();
    accounts.createServer(unaId, "mx1", ACTOR);
    accounts.createAccount("vic", null, ACTOR);
    long admin =
        members
            .createMember("una-admin", "given-to-una-1", unaId, AccountRole.Role.ADMIN, ACTOR)
            .getId();
    // A password set by someone else must be replaced at the first sign-in: done here.
    users.changePassword(admin, "given-to-una-1", PASSWORD, ACTOR);
    una = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, unaId, true));
  }

  @Test
  void anAdminChoosesALabelOfTheAccountsNamespaceAndSeesTheApisErrorForAnother() {
    String apiError =
        una.post("/api/v1/accounts/una/servers/mx1/zone-label", Map.of("label", "vic-mx1"))
            .json()
            .get("detail")
            .asString();
    browser.signIn("una-admin", PASSWORD).open("/accounts/una/servers/mx1");
    assertThat(browser.text()).contains("una-…");

    browser.type("zone-label", "vic-mx1").click("choose-label");

    // The page starts its messages with a capital letter; the words are the API's.
    assertThat(browser.find(By.id("label-error")).getText()).isEqualToIgnoringCase(apiError);
    assertThat(apiError).contains("not available", "'una-'");
    browser.screenshot("zone-label-refused");

    browser.type("zone-label", "una-edge").click("choose-label").click("confirm-label");

    assertThat(browser.text()).contains("una-edge.bl.rbl.palisade.test");
    assertThat(Dig.rcode(dig.udp("2.0.0.127.una-edge.bl.rbl.palisade.test", Type.A)))
        .isEqualTo("NOERROR");
  }

  @Test
  void anOperatorSeesWhyANestedSlugIsRefused() {
    browser.signIn("admin", OPERATOR_PASSWORD).open("/accounts");
    assertThat(browser.text()).contains("<slug>-…");

    browser.type("slug", "una-mx").click("create-account");

    assertThat(browser.find(By.id("slug-error")).getText()).contains("namespace of account 'una'");
  }
}
