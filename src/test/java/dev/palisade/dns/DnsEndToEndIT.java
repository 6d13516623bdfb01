package dev.palisade.dns;

import static dev.palisade.support.Dig.addresses;
import static dev.palisade.support.Dig.rcode;
import static dev.palisade.support.Dig.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.Dig;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Message;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The whole application: entries written through the store answer over real UDP and TCP sockets, as
 * soon as the write returns.
 */
@SpringBootTest
@ActiveProfiles("test")
class DnsEndToEndIT {

  private static final dev.palisade.audit.Actor ACTOR =
      new dev.palisade.audit.Actor("test", "127.0.0.1", "api");

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final String BASE = "rbl.palisade.test";

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired DnsServer server;

  private Dig dig;
  private ScopeInfo account;
  private ScopeInfo mx;

  @BeforeEach
  void setUp() {
    dig = new Dig(server.port());
    var created = accounts.createAccount("e2e" + ACCOUNTS.incrementAndGet(), null, ACTOR);
    account = accounts.accountScope(created.getId());
    mx = accounts.serverScope(accounts.createServer(created.getId(), "mx1", ACTOR).getId());
  }

  @Test
  void blockedAddressAnswersAandTxtOverUdpAndTcp() {
    add(account, ListKind.BLOCK, "192.0.2.0/24", "127.0.0.3", "Spam source $");

    String name = "10.2.0.192." + mx.label() + ".bl." + BASE;
    Message a = dig.udp(name, Type.A);
    Message txt = dig.tcp(name, Type.TXT);

    assertThat(rcode(a)).isEqualTo("NOERROR");
    assertThat(addresses(a)).containsExactly("127.0.0.3");
    assertThat(texts(txt)).containsExactly("Spam source 192.0.2.10");
  }

  @Test
  void allowEntryOfTheServerPunchesAHoleInTheAccountBlock() {
    add(account, ListKind.BLOCK, "198.51.100.0/24", null, null);
    add(mx, ListKind.ALLOW, "198.51.100.7", null, "partner");

    assertThat(rcode(dig.udp("7.100.51.198." + mx.label() + ".bl." + BASE, Type.A)))
        .isEqualTo("NXDOMAIN");
    assertThat(addresses(dig.udp("7.100.51.198." + mx.label() + ".wl." + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(addresses(dig.udp("7.100.51.198." + account.label() + ".bl." + BASE, Type.A)))
        .containsExactly("127.0.0.2");
  }

  @Test
  void blockedDomainAnswersInTheDomainList() {
    add(account, ListKind.BLOCK, ".spam.example", null, "Domain $ is blocked");

    Message txt = dig.udp("a.b.spam.example." + mx.label() + ".dbl." + BASE, Type.TXT);

    assertThat(texts(txt)).containsExactly("Domain spam.example is blocked");
    // Not on the allow list. (NODATA rather than NXDOMAIN: names below it exist in the
    // domain data, and an empty non-terminal must not be denied — RFC 8020.)
    assertThat(addresses(dig.udp("spam.example." + mx.label() + ".dwl." + BASE, Type.A))).isEmpty();
    assertThat(rcode(dig.udp("ham.example." + mx.label() + ".dbl." + BASE, Type.A)))
        .isEqualTo("NXDOMAIN");
  }

  @Test
  void ipv6EntryAnswersForNibbleQueries() {
    add(account, ListKind.BLOCK, "2001:db8::/32", null, null);
    String nibbles = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";

    assertThat(addresses(dig.udp(nibbles + "." + account.label() + ".bl." + BASE, Type.A)))
        .containsExactly("127.0.0.2");
  }

  @Test
  void deletedEntryIsNxdomainAtOnceAndTheSerialRises() {
    add(account, ListKind.BLOCK, "203.0.113.5", null, null);
    String name = "5.113.0.203." + account.label() + ".bl." + BASE;
    long before = serial(account.label() + ".bl." + BASE);
    assertThat(rcode(dig.udp(name, Type.A))).isEqualTo("NOERROR");

    listings.delete(
        account.id(), ListKind.BLOCK, EntryValue.parse("203.0.113.5"), EntrySource.API, ACTOR);

    Message gone = dig.udp(name, Type.A);
    assertThat(rcode(gone)).isEqualTo("NXDOMAIN");
    SOARecord soa = (SOARecord) gone.getSection(Section.AUTHORITY).get(0);
    assertThat(soa.getSerial()).isGreaterThan(before);
  }

  @Test
  void testPointAnswersInEveryNewZone() {
    Message a = dig.udp("2.0.0.127." + mx.label() + ".bl." + BASE, Type.A);

    assertThat(addresses(a)).containsExactly("127.0.0.2");
    assertThat(rcode(dig.udp("1.0.0.127." + mx.label() + ".bl." + BASE, Type.A)))
        .isEqualTo("NXDOMAIN");
  }

  private long serial(String zone) {
    Message soa = dig.udp(zone, Type.SOA);
    return ((SOARecord) soa.getSection(Section.ANSWER).get(0)).getSerial();
  }

  private void add(ScopeInfo scope, ListKind kind, String value, String code, String reason) {
    listings.create(
        scope.id(),
        new EntryDraft(
            kind,
            EntryValue.parse(value),
            code == null ? null : ReturnCode.parse(code),
            reason,
            null),
        EntrySource.API,
        ACTOR);
  }
}
