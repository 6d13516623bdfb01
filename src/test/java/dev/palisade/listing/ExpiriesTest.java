package dev.palisade.listing;

import static dev.palisade.listing.KernelFixture.MX1;
import static dev.palisade.listing.KernelFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.audit.AuditRecord;
import dev.palisade.dnsbl.ListKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.PageRequest;

/** Expiry and purge over a fake store: what is announced, deleted and audited, scope by scope. */
class ExpiriesTest {

  private static final Instant AFTER = NOW.minusSeconds(10);

  private final KernelFixture kernel = new KernelFixture();
  private final EntryRepository entries = mock(EntryRepository.class);
  private final Expiries expiries =
      new Expiries(kernel.writes, entries, kernel.accounts, new EntryStates(), kernel.clock);

  @Test
  void expireTakesEachScopesDueEntriesOutOfDnsAndSkipsAScopeDeletedMeanwhile() {
    kernel.missing = Set.of(8L);
    when(entries.scopesWithExpiries(AFTER, NOW)).thenReturn(List.of(7L, 8L, 9L));
    when(entries.expiring(7, AFTER, NOW))
        .thenReturn(List.of(expired(11, "192.0.2.1"), expired(12, "192.0.2.2")));
    when(entries.expiring(9, AFTER, NOW)).thenReturn(List.of());

    int expired = expiries.expire(AFTER, NOW);

    assertThat(expired).isEqualTo(2);
    // Scope 9's due entry was re-listed meanwhile: its write changes nothing.
    assertThat(kernel.transactions).containsExactly("commit", "rollback", "rollback");
    assertThat(kernel.announced).hasSize(1);
    assertThat(kernel.announced.get(0).removed())
        .extracting(ActiveEntry::id)
        .containsExactly(11L, 12L);
    assertThat(kernel.audited)
        .extracting(AuditRecord::action, r -> r.actor().name(), AuditRecord::source)
        .containsOnly(tuple("EXPIRE", "system:expiry", "expiry"));
  }

  @Test
  void purgeDeletesAtMostTheLimitScopeByScopeAndAuditsEachWithoutAnnouncing() {
    Instant cutoff = NOW.minusSeconds(3600);
    Entry a = expired(11, "192.0.2.1");
    Entry b = expired(12, "192.0.2.2");
    Entry c = expired(13, "192.0.2.3");
    when(entries.scopeIds()).thenReturn(List.of(7L, 8L, 9L));
    when(entries.findByScopeIdAndExpiresAtBefore(7, cutoff, PageRequest.of(0, 3)))
        .thenReturn(List.of(a, b));
    when(entries.findByScopeIdAndExpiresAtBefore(8, cutoff, PageRequest.of(0, 1)))
        .thenReturn(List.of(c));
    when(kernel.accounts.describe(7)).thenReturn(MX1);

    int purged = expiries.purge(cutoff, 3);

    assertThat(purged).isEqualTo(3);
    verify(entries).deleteAllInBatch(List.of(a, b, c));
    assertThat(kernel.transactions).containsExactly("commit");
    assertThat(kernel.announced).isEmpty();
    assertThat(kernel.audited)
        .extracting(AuditRecord::action, AuditRecord::objectId, AuditRecord::summary)
        .containsExactly(
            tuple("DELETE", 11L, "purged expired block 192.0.2.1 on acme/mx1"),
            tuple("DELETE", 12L, "purged expired block 192.0.2.2 on acme/mx1"),
            tuple("DELETE", 13L, "purged expired block 192.0.2.3 on acme/mx1"));
    assertThat(kernel.audited)
        .allSatisfy(r -> assertThat(r.actor().name()).isEqualTo("system:purge"));
  }

  private static Entry expired(long id, String value) {
    return KernelFixture.stored(id, ListKind.BLOCK, value, null, true, NOW.minusSeconds(1));
  }
}
