package dev.palisade.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsLookup.DnsAnswer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.listing.Candidate;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The lookup tool against a real store and the DNS server's own answers: the winner, the entries it
 * beat in the decision rule's order, and what each list answers, for an account with a mail server.
 */
@SpringBootTest
@ActiveProfiles("test")
class LookupsIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired Lookups lookups;

  private ScopeDetails account;
  private ScopeDetails server;

  @BeforeEach
  void createScopes() {
    var created =
        accounts.createAccount("lookup" + ACCOUNTS.incrementAndGet(), "Lookup test", ACTOR);
    var mx1 = accounts.createServer(created.getId(), "mx1", ACTOR);
    account = accounts.describe(accounts.accountScope(created.getId()).id());
    server = accounts.describe(accounts.serverScope(mx1.getId()).id());
  }

  @Test
  void anAccountAllowPunchesAHoleInTheAccountsBlockedRange() {
    add(account, ListKind.BLOCK, "192.0.2.0/24", null, "range of $");
    add(account, ListKind.ALLOW, "192.0.2.10", null, "our relay");

    Lookup lookup = lookups.lookup(server, "192.0.2.10");

    assertThat(lookup.query()).isEqualTo("192.0.2.10");
    assertThat(lookup.scope()).isEqualTo(server);
    assertThat(describe(lookup.winner())).isEqualTo("account allow 192.0.2.10 (32)");
    assertThat(lookup.beaten())
        .extracting(LookupsIT::describe)
        .containsExactly("account block 192.0.2.0/24 (24)");
    assertThat(lookup.answers()).containsOnlyKeys("bl", "wl");
    assertNotListed(lookup.answers().get("bl"), "10.2.0.192." + server.label() + ".bl.");
    assertListed(lookup.answers().get("wl"), "127.0.0.2", "our relay");

    // The rest of the range stays blocked, the queried address in its TXT.
    Lookup rest = lookups.lookup(server, "192.0.2.11");
    assertThat(describe(rest.winner())).isEqualTo("account block 192.0.2.0/24 (24)");
    assertThat(rest.beaten()).isEmpty();
    assertListed(rest.answers().get("bl"), "127.0.0.2", "range of 192.0.2.11");
    assertNotListed(rest.answers().get("wl"), "11.2.0.192." + server.label() + ".wl.");
  }

  @Test
  void aServerEntryBeatsTheAccountsEntryOfTheSameValue() {
    add(account, ListKind.BLOCK, "192.0.2.0/24", null, null);
    add(account, ListKind.ALLOW, "192.0.2.20", null, null);
    add(server, ListKind.BLOCK, "192.0.2.20", "127.0.0.3", "blocked for mx1");

    Lookup lookup = lookups.lookup(server, "192.0.2.20");

    assertThat(describe(lookup.winner())).isEqualTo("server block 192.0.2.20 (32)");
    assertThat(lookup.beaten())
        .extracting(LookupsIT::describe)
        .containsExactly("account allow 192.0.2.20 (32)", "account block 192.0.2.0/24 (24)");
    assertListed(lookup.answers().get("bl"), "127.0.0.3", "blocked for mx1");
    assertNotListed(lookup.answers().get("wl"), "20.2.0.192." + server.label() + ".wl.");

    // The account's own zone knows nothing of the server's entry.
    Lookup inAccount = lookups.lookup(account, "192.0.2.20");
    assertThat(describe(inAccount.winner())).isEqualTo("account allow 192.0.2.20 (32)");
    assertThat(inAccount.beaten())
        .extracting(LookupsIT::describe)
        .containsExactly("account block 192.0.2.0/24 (24)");
    assertNotListed(inAccount.answers().get("bl"), "20.2.0.192." + account.label() + ".bl.");
    assertListed(inAccount.answers().get("wl"), "127.0.0.2");
  }

  @Test
  void aMoreSpecificAccountEntryBeatsAWiderServerEntry() {
    add(server, ListKind.ALLOW, "2001:db8::/32", null, null);
    add(account, ListKind.BLOCK, "2001:db8:1::/48", null, "v6 abuse");

    Lookup lookup = lookups.lookup(server, "2001:db8:1::25");

    assertThat(describe(lookup.winner())).isEqualTo("account block 2001:db8:1::/48 (48)");
    assertThat(lookup.beaten())
        .extracting(LookupsIT::describe)
        .containsExactly("server allow 2001:db8::/32 (32)");
    assertListed(lookup.answers().get("bl"), "127.0.0.2", "v6 abuse");
    assertThat(lookup.answers().get("wl").listed()).isFalse();
  }

  @Test
  void namesRankExactThenLongerPatternsAndReportTheWildcardDnsAnswers() {
    add(account, ListKind.BLOCK, ".example.com", null, "dot pattern");
    add(account, ListKind.BLOCK, "*.example.com", "127.0.0.4", "star pattern");
    add(account, ListKind.BLOCK, ".com", null, null);
    add(server, ListKind.ALLOW, "example.com", null, "our domain");

    // A subdomain: .example.com and *.example.com tie; DNS answers with *.example.com.
    Lookup sub = lookups.lookup(server, "mail.example.com");
    assertThat(sub.answers()).containsOnlyKeys("dbl", "dwl");
    assertThat(describe(sub.winner())).isEqualTo("account block *.example.com (4)");
    assertThat(sub.beaten())
        .extracting(LookupsIT::describe)
        .containsExactly("account block .example.com (4)", "account block .com (2)");
    assertListed(sub.answers().get("dbl"), "127.0.0.4", "star pattern");
    assertNotListed(sub.answers().get("dwl"), "mail.example.com." + server.label() + ".dwl.");

    // The name itself: the server's exact allow entry beats the account's patterns.
    Lookup self = lookups.lookup(server, "example.com");
    assertThat(describe(self.winner())).isEqualTo("server allow example.com (5)");
    assertThat(self.beaten())
        .extracting(LookupsIT::describe)
        .containsExactly("account block .example.com (4)", "account block .com (2)");
    // Not listed in dbl, yet NODATA rather than NXDOMAIN: names below it are (RFC 8020).
    assertThat(self.answers().get("dbl").rcode()).isEqualTo("NOERROR");
    assertThat(self.answers().get("dbl").addresses()).isEmpty();
    assertListed(self.answers().get("dwl"), "127.0.0.2", "our domain");
  }

  @Test
  void anAddressNoEntryMatchesHasNoWinnerAndIsListedNowhere() {
    add(account, ListKind.BLOCK, "192.0.2.0/24", null, null);

    Lookup lookup = lookups.lookup(server, "198.51.100.1");

    assertThat(lookup.winner()).isNull();
    assertThat(lookup.beaten()).isEmpty();
    assertNotListed(lookup.answers().get("bl"), "1.100.51.198." + server.label() + ".bl.");
    assertNotListed(lookup.answers().get("wl"), "1.100.51.198." + server.label() + ".wl.");
  }

  @Test
  void refusesANetworkOrPattern() {
    assertThatThrownBy(() -> lookups.lookup(server, "192.0.2.0/24"))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("look up one address or domain name");
    assertThatThrownBy(() -> lookups.lookup(server, ".example.com"))
        .isInstanceOf(InvalidEntryException.class);
  }

  private void add(
      ScopeDetails scope, ListKind kind, String value, String returnCode, String reason) {
    listings.create(
        scope.scopeId(),
        new EntryDraft(
            kind,
            EntryValue.parse(value),
            returnCode == null ? null : ReturnCode.parse(returnCode),
            reason,
            null),
        EntrySource.API,
        ACTOR);
  }

  /** "server block 192.0.2.20 (32)": whose, which list, what value, how specific. */
  private static String describe(Candidate candidate) {
    return (candidate.serverEntry() ? "server " : "account ")
        + candidate.entry().getKind().name().toLowerCase(Locale.ROOT)
        + " "
        + candidate.entry().getValue()
        + " ("
        + candidate.specificity()
        + ")";
  }

  private static void assertListed(DnsAnswer answer, String address, String... texts) {
    assertThat(answer.rcode()).isEqualTo("NOERROR");
    assertThat(answer.addresses()).containsExactly(address);
    if (texts.length > 0) {
      assertThat(answer.texts()).containsExactly(texts);
    }
  }

  private static void assertNotListed(DnsAnswer answer, String nameStart) {
    assertThat(answer.rcode()).isEqualTo("NXDOMAIN");
    assertThat(answer.addresses()).isEmpty();
    assertThat(answer.texts()).isEmpty();
    assertThat(answer.name()).startsWith(nameStart);
  }
}
