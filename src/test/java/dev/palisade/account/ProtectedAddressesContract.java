package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.audit.Actor;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.Networks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The own addresses an entry of a scope must not block, as the one query of {@link
 * ProtectedAddresses} reads them on every database: an account's scope guards every server of the
 * account that has own addresses, a server's scope its own server's only, and another account's
 * servers never.
 */
@SpringBootTest
@ActiveProfiles("test")
abstract class ProtectedAddressesContract {

  private static final Actor ACTOR = Actor.system("test");

  private static final String MX3 = "198.51.100.0/24, 2001:db8::1";

  @Autowired ProtectedAddresses protectedAddresses;
  @Autowired Accounts accounts;

  private Account acme;
  private MailServer mx1;
  private MailServer mx2;
  private MailServer mx3;

  @BeforeEach
  void anAccountWithThreeServersTwoOfThemWithOwnAddressesAndAnotherAccount() {
    String slug = "own" + System.nanoTime() % 1_000_000;
    acme = accounts.createAccount(slug, null, ACTOR);
    mx1 = accounts.createServer(acme.getId(), "mx1", ACTOR);
    mx2 = accounts.createServer(acme.getId(), "mx2", ACTOR);
    mx3 = accounts.createServer(acme.getId(), "mx3", ACTOR);
    accounts.setOwnAddresses(mx3.getId(), MX3, ACTOR);
    accounts.setOwnAddresses(mx1.getId(), "192.0.2.1", ACTOR);
    Account other = accounts.createAccount(slug + "other", null, ACTOR);
    MailServer elsewhere = accounts.createServer(other.getId(), "mx1", ACTOR);
    accounts.setOwnAddresses(elsewhere.getId(), "203.0.113.7", ACTOR);
  }

  @Test
  void anAccountsScopeIsGuardedForEachOfItsServersWithOwnAddressesInNameOrder() {
    Map<String, Networks> own = protectedAddresses.of(accounts.accountScope(acme.getId()).id());

    assertThat(own.keySet()).containsExactly("mx1", "mx3");
    assertThat(texts(own))
        .containsExactly(Map.entry("mx1", text("192.0.2.1")), Map.entry("mx3", text(MX3)));
  }

  @Test
  void aServersScopeIsGuardedForThatServerAlone() {
    assertThat(texts(protectedAddresses.of(accounts.serverScope(mx3.getId()).id())))
        .containsExactly(Map.entry("mx3", text(MX3)));
    assertThat(protectedAddresses.of(accounts.serverScope(mx2.getId()).id())).isEmpty();
  }

  @Test
  void aScopeThatDoesNotExistIsNotFound() {
    assertThatThrownBy(() -> protectedAddresses.of(Long.MAX_VALUE))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("not found");
  }

  /** The addresses as they are stored and shown. */
  private static String text(String addresses) {
    return Networks.parse(addresses).text();
  }

  private static Map<String, String> texts(Map<String, Networks> own) {
    return own.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                entry -> entry.getValue().text(),
                (a, b) -> a,
                LinkedHashMap::new));
  }
}
