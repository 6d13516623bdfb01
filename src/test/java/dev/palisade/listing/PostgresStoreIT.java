package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.index.LiveIndex;
import dev.palisade.support.Dig;
import dev.palisade.support.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.Type;

/**
 * The same store on a real PostgreSQL server: the migrations run, writes reach DNS, the index
 * streams from a cursor, and entries expire.
 */
@SpringBootTest
@ActiveProfiles("test")
class PostgresStoreIT {

  private static final dev.palisade.audit.Actor ACTOR =
      new dev.palisade.audit.Actor("test", "127.0.0.1", "api");

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired ActiveEntries activeEntries;
  @Autowired LiveIndex index;
  @Autowired DnsServer dns;

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }

  @Test
  void bulkWriteAnswersOverDnsAndStreamsBackForStartUp() {
    ScopeInfo scope = newAccountScope("pgbulk");
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      drafts.add(EntryDraft.of(ListKind.BLOCK, "10.20." + (i / 250) + "." + (i % 250)));
    }
    drafts.add(EntryDraft.of(ListKind.BLOCK, ".bulk.example"));

    assertThat(listings.upsert(scope.id(), drafts, EntrySource.IMPORT, ACTOR))
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(5001, 0, 0));

    Dig dig = new Dig(dns.port());
    assertThat(
            Dig.addresses(
                dig.udp("249.19.20.10." + scope.label() + ".bl.rbl.palisade.test", Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(
            Dig.rcode(
                dig.udp("x.bulk.example." + scope.label() + ".dbl.rbl.palisade.test", Type.A)))
        .isEqualTo("NOERROR");

    AtomicLong streamed = new AtomicLong();
    activeEntries.forEach(
        Instant.now(),
        entry -> {
          if (entry.scopeId() == scope.id()) {
            streamed.incrementAndGet();
          }
        });
    assertThat(streamed).hasValue(5001);
  }

  @Test
  void expiredEntryLeavesDnsOnPostgres() {
    ScopeInfo scope = newAccountScope("pgexpiry");
    listings.upsert(
        scope.id(),
        List.of(
            new EntryDraft(
                ListKind.BLOCK,
                EntryValue.parse("192.0.2.200"),
                null,
                "banned",
                Instant.now().plusMillis(500))),
        EntrySource.API,
        ACTOR);
    int address = ((EntryValue.Ip4Network) EntryValue.parse("192.0.2.200")).address();
    assertThat(index.snapshot().zone(scope.label()).ip4(address)).isNotNull();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> index.snapshot().zone(scope.label()).ip4(address) == null);
  }

  private ScopeInfo newAccountScope(String slug) {
    return accounts.accountScope(accounts.createAccount(slug, null, ACTOR).getId());
  }
}
