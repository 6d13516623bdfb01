package dev.palisade.stats;

import static dev.palisade.support.Dig.addresses;
import static dev.palisade.support.Dig.rcode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.Dig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * Entry hits through real DNS: listed answers over UDP and TCP are credited, after a flush, to the
 * entry that decided them — not to the entries it beat, not for unlisted answers or test points.
 */
@SpringBootTest
@ActiveProfiles("test")
class EntryHitsIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  private static final String BASE = ".rbl.palisade.test";

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired DnsServer server;
  @Autowired EntryHits entryHits;
  @Autowired QueryStats queryStats;

  @Test
  void countsListedAnswersForTheWinningEntryAfterAFlush() {
    Instant started = Instant.now().minusSeconds(1);
    var created = accounts.createAccount("hits" + System.nanoTime() % 100000, null, ACTOR);
    ScopeInfo account = accounts.accountScope(created.getId());
    ScopeInfo mx =
        accounts.serverScope(accounts.createServer(created.getId(), "mx1", ACTOR).getId());
    add(account, ListKind.BLOCK, "192.0.2.0/24");
    add(account, ListKind.BLOCK, "192.0.2.8"); // never queried
    add(mx, ListKind.ALLOW, "192.0.2.7");
    add(account, ListKind.BLOCK, ".spam.example");
    add(account, ListKind.BLOCK, "2001:db8::/32");
    add(account, ListKind.BLOCK, "127.0.0.0/8"); // covers the test point, which is no hit
    Dig dig = new Dig(server.port());
    String mxBl = "." + mx.label() + ".bl" + BASE;

    for (int i = 0; i < 3; i++) {
      assertThat(addresses(dig.udp("10.2.0.192" + mxBl, Type.A))).containsExactly("127.0.0.2");
    }
    assertThat(addresses(dig.tcp("11.2.0.192" + mxBl, Type.A))).containsExactly("127.0.0.2");
    assertThat(rcode(dig.udp("7.2.0.192" + mxBl, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(addresses(dig.udp("7.2.0.192." + mx.label() + ".wl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(addresses(dig.udp("X.Spam.Example." + account.label() + ".dbl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    String ip6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.";
    assertThat(addresses(dig.udp(ip6 + account.label() + ".bl" + BASE, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(addresses(dig.udp("2.0.0.127" + mxBl, Type.A))).containsExactly("127.0.0.2");

    entryHits.flush();

    List<QueryStats.EntryHit> top = queryStats.topEntries(List.of(account.id(), mx.id()), 10);
    Map<String, Long> hits =
        top.stream()
            .collect(Collectors.toMap(QueryStats.EntryHit::value, QueryStats.EntryHit::hits));
    assertThat(hits)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "192.0.2.0/24", 4L,
                "192.0.2.7", 1L,
                ".spam.example", 1L,
                "2001:db8::/32", 1L));
    assertThat(top.get(0).value()).isEqualTo("192.0.2.0/24");
    assertThat(top.get(0).scopeId()).isEqualTo(account.id());
    assertThat(top.get(0).lastHit()).isBetween(started, Instant.now().plusSeconds(1));
    assertThat(top.stream().filter(h -> h.value().equals("192.0.2.7")).findFirst().get().scopeId())
        .isEqualTo(mx.id());

    // A second flush adds to the stored counts.
    dig.udp("12.2.0.192" + mxBl, Type.A);
    entryHits.flush();
    long entryId = top.get(0).entryId();
    assertThat(queryStats.hits(List.of(entryId)).get(entryId).hits()).isEqualTo(5L);
    assertThat(Duration.between(started, queryStats.hits(List.of(entryId)).get(entryId).lastHit()))
        .isPositive();
  }

  private void add(ScopeInfo scope, ListKind kind, String value) {
    listings.create(
        scope.id(),
        new EntryDraft(kind, EntryValue.parse(value), null, null, null),
        EntrySource.API,
        ACTOR);
  }
}
