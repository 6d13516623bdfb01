package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.Users;
import dev.palisade.audit.Actor;
import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.Dig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * A mail admin restricts who may query the account's and a mail server's zones on their pages, in a
 * real headless Chromium; DNS follows at once for clients on 127.0.0.2 and 127.0.0.3. A viewer sees
 * the list but no form.
 */
class QueryAclUiIT extends BrowserTestBase {

  private static final String SLUG = "aclui";
  private static final String BASE = ".bl.rbl.palisade.test";
  private static final String ADMIN_PASSWORD = "the acl admin's own long secret";
  private static final String VIEWER_PASSWORD = "the acl viewer's own long secret";

  @Autowired AccountMembers members;
  @Autowired Users users;

  @Test
  void anAdminSetsAndRemovesTheAccountsAndAServersAcl() {
    long id = accounts.createAccount(SLUG, null, Actor.system("test")).getId();
    accounts.createServer(id, "mx1", Actor.system("test"));
    long admin =
        members
            .createMember(
                SLUG + "-admin",
                "given-to-admin-1",
                id,
                AccountRole.Role.ADMIN,
                Actor.system("test"))
            .getId();
    long viewer =
        members
            .createMember(
                SLUG + "-viewer",
                "given-to-viewer-1",
                id,
                AccountRole.Role.VIEWER,
                Actor.system("test"))
            .getId();
    // A password set by someone else must be replaced at the first sign-in: done here.
    users.changePassword(admin, "given-to-admin-1", ADMIN_PASSWORD, Actor.system("test"));
    users.changePassword(viewer, "given-to-viewer-1", VIEWER_PASSWORD, Actor.system("test"));
    Dig two = dig.from("127.0.0.2");
    Dig three = dig.from("127.0.0.3");

    browser.signIn(SLUG + "-admin", ADMIN_PASSWORD);
    browser.open("/accounts/" + SLUG);
    assertThat(inForce()).startsWith("Everyone may query these zones");

    // A value with host bits set: named next to the field, kept as typed, nothing changes.
    browser.type("allowQuery", "127.0.0.2\n192.0.2.1/24").click("save-acl");
    assertThat(browser.find(By.id("allowQuery-error")).getText())
        .contains("192.0.2.1/24")
        .contains("192.0.2.0/24");
    assertThat(browser.find(By.id("allowQuery")).getAttribute("value"))
        .isEqualTo("127.0.0.2\n192.0.2.1/24");
    browser.screenshot("acl-01-invalid");
    assertAnswered(three, SLUG);

    browser.type("allowQuery", "127.0.0.2\n192.0.2.0/24").click("save-acl");
    assertThat(browser.text()).contains("Only the listed networks may query these zones now");
    assertThat(inForce()).contains("127.0.0.2, 192.0.2.0/24").contains("this account's own list");
    assertAnswered(two, SLUG);
    assertRefused(three, SLUG);
    assertRefused(three, SLUG + "-mx1");
    browser.screenshot("acl-02-account");

    // The server inherits, then has its own, then inherits again.
    browser.open("/accounts/" + SLUG + "/servers/mx1");
    assertThat(inForce()).contains("127.0.0.2").contains("inherited from the account");
    assertThat(browser.has(By.id("remove-acl"))).isFalse();
    browser.type("allowQuery", "127.0.0.3").click("save-acl");
    assertThat(inForce()).contains("127.0.0.3").contains("this mail server's own list");
    assertAnswered(three, SLUG + "-mx1");
    assertRefused(two, SLUG + "-mx1");
    assertRefused(three, SLUG);
    browser.screenshot("acl-03-server");
    browser.click("remove-acl");
    assertThat(inForce()).contains("inherited from the account");
    assertRefused(three, SLUG + "-mx1");

    browser.signOut();
    browser.signIn(SLUG + "-viewer", VIEWER_PASSWORD);
    browser.open("/accounts/" + SLUG);
    assertThat(inForce()).contains("127.0.0.2, 192.0.2.0/24");
    assertThat(browser.has(By.id("allowQuery"))).isFalse();
    browser.signOut();

    browser.signIn(SLUG + "-admin", ADMIN_PASSWORD);
    browser.open("/accounts/" + SLUG).click("remove-acl");
    assertThat(inForce()).startsWith("Everyone may query these zones");
    assertAnswered(three, SLUG);
    assertAnswered(three, SLUG + "-mx1");
    browser.signOut();
  }

  private String inForce() {
    return browser.find(By.id("query-acl-in-force")).getText();
  }

  private static void assertAnswered(Dig client, String label) {
    String name = "2.0.0.127." + label + BASE;
    for (Message answer : List.of(client.udp(name, Type.A), client.tcp(name, Type.A))) {
      assertThat(Dig.addresses(answer)).as(name).containsExactly("127.0.0.2");
    }
  }

  private static void assertRefused(Dig client, String label) {
    String name = "2.0.0.127." + label + BASE;
    for (Message answer : List.of(client.udp(name, Type.A), client.tcp(name, Type.A))) {
      assertThat(Dig.rcode(answer)).as(name).isEqualTo("REFUSED");
    }
  }
}
