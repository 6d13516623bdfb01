package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The dashboard's active counts: counted once, then following every committed change — creates,
 * updates, deletes, expiries — without counting twice what expired around the count.
 */
@SpringBootTest
@ActiveProfiles("test")
class ActiveCountsIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired ActiveCounts counts;
  @Autowired ListingSettings settings;

  @Test
  void followsCreatesUpdatesDeletesAndExpiriesAfterCountingOnce() {
    long scope = newScope();
    Entry first = add(scope, ListKind.BLOCK, "192.0.2.1", null);
    add(scope, ListKind.BLOCK, "192.0.2.2", null);
    add(scope, ListKind.BLOCK, "2001:db8::1", null);
    add(scope, ListKind.ALLOW, ".example.com", null);
    assertThat(counts.of(scope))
        .isEqualTo(Map.of("BLOCK IPV4", 2L, "BLOCK IPV6", 1L, "ALLOW DOMAIN", 1L));

    add(scope, ListKind.BLOCK, "192.0.2.3", null);
    listings.upsert(
        scope,
        List.of(
            new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.2"), null, "changed", null)),
        EntrySource.API,
        ACTOR);
    listings.delete(first.getId(), EntrySource.API, ACTOR);
    add(scope, ListKind.ALLOW, "198.51.100.0/24", Instant.now().plusMillis(700));
    assertThat(counts.of(scope))
        .isEqualTo(
            Map.of("BLOCK IPV4", 2L, "BLOCK IPV6", 1L, "ALLOW DOMAIN", 1L, "ALLOW IPV4", 1L));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(counts.of(scope))
                    .isEqualTo(Map.of("BLOCK IPV4", 2L, "BLOCK IPV6", 1L, "ALLOW DOMAIN", 1L)));
  }

  @Test
  void doesNotSubtractAnExpiryAnnouncedAfterTheCountTwice() throws Exception {
    long scope = newScope();
    add(scope, ListKind.BLOCK, "192.0.2.1", null);
    Entry expiring = add(scope, ListKind.BLOCK, "192.0.2.9", Instant.now().plusMillis(300));
    Thread.sleep(400); // expired; whether or not the expiry job has announced it yet
    assertThat(counts.of(scope)).isEqualTo(Map.of("BLOCK IPV4", 1L));

    // The expiry job's announcement, arriving after the count (with a higher serial).
    counts.on(
        new EntriesChanged(
            scope,
            Long.MAX_VALUE - 1,
            List.of(
                expiring.toActive(
                    settings.defaultReturnCode(expiring.getKind(), expiring.getValueType()))),
            List.of()));
    assertThat(counts.of(scope)).isEqualTo(Map.of("BLOCK IPV4", 1L));
  }

  private long newScope() {
    long accountId =
        accounts.createAccount("counts" + System.nanoTime() % 1_000_000, null, ACTOR).getId();
    return accounts.accountScope(accountId).id();
  }

  private Entry add(long scope, ListKind kind, String value, Instant expiresAt) {
    return listings.create(
        scope,
        new EntryDraft(kind, EntryValue.parse(value), null, null, expiresAt),
        EntrySource.API,
        ACTOR);
  }
}
