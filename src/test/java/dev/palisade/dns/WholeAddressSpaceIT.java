package dev.palisade.dns;

import static dev.palisade.support.Dig.addresses;
import static dev.palisade.support.Dig.rcode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Entries for the whole address space ({@code 0.0.0.0/0}, {@code ::/0}) of every kind, asked over
 * real UDP and TCP sockets, each name on both answering paths: the fast path (a plain query) and
 * the dnsjava path (the same query with an EDNS cookie option, which the fast path leaves to it).
 * Every answer must be the same four ways.
 *
 * <p>A reversed IPv4 name of four one-digit labels ({@code 1.1.1.1}) also begins IPv6 nibble names
 * (of {@code 1111::/16}), so when it is not listed it answers NODATA (NOERROR, no records), not
 * NXDOMAIN (RFC 8020), whatever the entries; so does a reversed address of fewer than four labels.
 */
@SpringBootTest
@ActiveProfiles("test")
class WholeAddressSpaceIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final String BASE = "rbl.palisade.test";

  /** 2001:db8::1 reversed. */
  private static final String NIBBLES = DnsTestSupport.nibbles("2001:db8::1");

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired DnsServer server;

  private ScopeInfo account;

  @BeforeEach
  void setUp() {
    var created = accounts.createAccount("all" + ACCOUNTS.incrementAndGet(), null, ACTOR);
    account = accounts.accountScope(created.getId());
  }

  @Test
  void allowForEveryIpv4AddressListsThemInWlAndNoneInBl() {
    add(ListKind.ALLOW, "0.0.0.0/0");

    for (String ip : List.of("4.3.2.10", "192.0.2.1", "255.255.255.255")) {
      assertAnswer(reversed(ip) + ".bl", "NXDOMAIN");
      assertAnswer(reversed(ip) + ".wl", "NOERROR", "127.0.0.2");
    }
    // Four one-digit labels also begin nibble names: unlisted, an empty non-terminal.
    for (String name : List.of("1.1.1.1", "0.0.0.0", "9.9.9.9")) {
      assertAnswer(name + ".bl", "NOERROR");
      assertAnswer(name + ".wl", "NOERROR", "127.0.0.2");
    }
    // The RFC 5782 test point stays listed in bl.
    assertAnswer("2.0.0.127.bl", "NOERROR", "127.0.0.2");
  }

  @Test
  void oneDigitOctetsAnswerNodataInBlWithOrWithoutAnAllowEntry() {
    assertAnswer("1.1.1.1.bl", "NOERROR");
    add(ListKind.ALLOW, "10.0.0.0/8");
    assertAnswer("1.1.1.1.bl", "NOERROR");
    assertAnswer("1.1.1.1.wl", "NOERROR");
    assertAnswer("3.2.1.10.bl", "NXDOMAIN");
    assertAnswer("3.2.1.10.wl", "NOERROR", "127.0.0.2");
    assertAnswer("4.3.2.11.bl", "NXDOMAIN");
    assertAnswer("4.3.2.11.wl", "NXDOMAIN");
  }

  @Test
  void allowForEveryIpv6AddressListsThemInWlAndNoneInBl() {
    add(ListKind.ALLOW, "::/0");

    for (String ip : List.of("2001:db8::1", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) {
      String name = DnsTestSupport.nibbles(ip);
      assertAnswer(name + ".bl", "NXDOMAIN");
      assertAnswer(name + ".wl", "NOERROR", "127.0.0.2");
    }
    // IPv4 names are not covered by ::/0.
    assertAnswer("3.2.1.10.wl", "NXDOMAIN");
  }

  @Test
  void blockForEveryAddressListsThemInBlAndNoneInWl() {
    add(ListKind.BLOCK, "0.0.0.0/0");
    add(ListKind.BLOCK, "::/0");

    for (String name : List.of("1.2.0.192", "1.1.1.1", "0.0.0.0", NIBBLES)) {
      assertAnswer(name + ".bl", "NOERROR", "127.0.0.2");
    }
    assertAnswer("1.2.0.192.wl", "NXDOMAIN");
    assertAnswer(NIBBLES + ".wl", "NXDOMAIN");
    assertAnswer("1.1.1.1.wl", "NOERROR"); // an empty non-terminal there
  }

  @Test
  void excludeForEveryAddressUnlistsWithoutAllowing() {
    add(ListKind.EXCLUDE, "0.0.0.0/0");
    add(ListKind.EXCLUDE, "::/0");
    assertAnswer("1.2.0.192.bl", "NXDOMAIN");
    assertAnswer("1.2.0.192.wl", "NXDOMAIN");
    assertAnswer(NIBBLES + ".bl", "NXDOMAIN");
    assertAnswer(NIBBLES + ".wl", "NXDOMAIN");

    // Of equal length, the exclusion beats a block; a longer block still lists.
    add(ListKind.BLOCK, "0.0.0.0/0");
    add(ListKind.BLOCK, "::/0");
    assertAnswer("1.2.0.192.bl", "NXDOMAIN");
    assertAnswer(NIBBLES + ".bl", "NXDOMAIN");
    add(ListKind.BLOCK, "192.0.2.0/24");
    add(ListKind.BLOCK, "2001:db8::/32");
    assertAnswer("1.2.0.192.bl", "NOERROR", "127.0.0.2");
    assertAnswer(NIBBLES + ".bl", "NOERROR", "127.0.0.2");
    assertAnswer("1.2.0.192.wl", "NXDOMAIN");
  }

  @Test
  void fewerThanFourLabelsAreEmptyNonTerminals() {
    add(ListKind.ALLOW, "0.0.0.0/0");
    add(ListKind.BLOCK, "::/0");
    for (String zone : List.of(".bl", ".wl")) {
      assertAnswer("1.1" + zone, "NOERROR");
      assertAnswer("2.0.192" + zone, "NOERROR");
    }
  }

  /** The answer to {@code front.<label><zone>.<base>}: rcode and A records, the same four ways. */
  private void assertAnswer(String frontAndList, String rcode, String... addresses) {
    int dot = frontAndList.lastIndexOf('.');
    String name =
        frontAndList.substring(0, dot)
            + "."
            + account.label()
            + frontAndList.substring(dot)
            + "."
            + BASE
            + ".";
    for (boolean tcp : new boolean[] {false, true}) {
      for (boolean withOption : new boolean[] {false, true}) {
        Message answer = ask(name, tcp, withOption);
        String how = name + (tcp ? " TCP" : " UDP") + (withOption ? " dnsjava path" : " fast path");
        assertThat(rcode(answer)).as(how).isEqualTo(rcode);
        assertThat(addresses(answer)).as(how).containsExactly(addresses);
        if (addresses.length == 0) {
          assertThat(answer.getSection(Section.AUTHORITY)).as(how).hasSize(1);
        }
      }
    }
  }

  private Message ask(String name, boolean tcp, boolean withOption) {
    try {
      SimpleResolver resolver =
          new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
      resolver.setTCP(tcp);
      resolver.setTimeout(Duration.ofSeconds(3));
      Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1));
      List<org.xbill.DNS.EDNSOption> options = new ArrayList<>();
      if (withOption) {
        options.add(new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
      }
      query.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
      return resolver.send(query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String reversed(String ip4) {
    String[] octets = ip4.split("\\.");
    return octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0];
  }

  private void add(ListKind kind, String value) {
    listings.create(
        account.id(),
        new EntryDraft(kind, EntryValue.parse(value), null, null, null),
        EntrySource.API,
        ACTOR);
  }
}
