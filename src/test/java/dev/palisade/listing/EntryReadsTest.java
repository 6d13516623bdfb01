package dev.palisade.listing;

import static dev.palisade.listing.KernelFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reads over a fake repository; above all the lookup's candidates and their ranking. */
class EntryReadsTest {

  private static final long ACCOUNT = 3;
  private static final long SERVER = 7;
  private static final long OTHER = 9;

  private final EntryRepository entries = mock(EntryRepository.class);
  private final EntryReads reads = new EntryReads(entries, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void candidatesAreTheServersAndItsAccountsActiveMatchesBestFirst() {
    when(entries.findByValueIn(any()))
        .thenReturn(
            List.of(
                entry(1, ACCOUNT, ListKind.BLOCK, "192.0.2.0/24", true, null),
                entry(2, SERVER, ListKind.BLOCK, "192.0.2.0/24", true, null),
                entry(3, ACCOUNT, ListKind.ALLOW, "192.0.2.1", true, null),
                entry(4, OTHER, ListKind.BLOCK, "192.0.2.1", true, null),
                entry(5, SERVER, ListKind.ALLOW, "192.0.2.0/25", false, null),
                entry(6, SERVER, ListKind.ALLOW, "192.0.0.0/16", true, NOW),
                entry(7, ACCOUNT, ListKind.ALLOW, "192.0.2.0/24", true, NOW.plusSeconds(1))));

    List<Candidate> ranked = reads.candidates(SERVER, ACCOUNT, "192.0.2.1");

    assertThat(ranked)
        .extracting(c -> c.entry().getId(), Candidate::specificity, Candidate::serverEntry)
        .containsExactly(
            tuple(3L, 32, false), tuple(2L, 24, true), tuple(7L, 24, false), tuple(1L, 24, false));
    verify(entries).findByValueIn(Candidates.of(EntryValue.parse("192.0.2.1")));
  }

  @Test
  void candidatesOfAnAccountScopeAreTheAccountsOnly() {
    when(entries.findByValueIn(any()))
        .thenReturn(
            List.of(
                entry(1, SERVER, ListKind.BLOCK, "example.com", true, null),
                entry(2, ACCOUNT, ListKind.BLOCK, ".com", true, null)));

    List<Candidate> ranked = reads.candidates(null, ACCOUNT, "example.com");

    assertThat(ranked).extracting(c -> c.entry().getId()).containsExactly(2L);
    assertThat(ranked.get(0).serverEntry()).isFalse();
  }

  @Test
  void candidatesRefuseANetworkOrAPattern() {
    assertThatThrownBy(() -> reads.candidates(SERVER, ACCOUNT, "192.0.2.0/24"))
        .isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> reads.candidates(SERVER, ACCOUNT, ".example.com"))
        .isInstanceOf(InvalidEntryException.class);
  }

  @Test
  void anEntryByIdThatDoesNotExistIsNotFound() {
    when(entries.findById(42L)).thenReturn(Optional.empty());

    assertThatThrownBy(() -> reads.entry(42))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("entry 42 not found");
  }

  private static Entry entry(
      long id, long scopeId, ListKind kind, String value, boolean enabled, Instant expires) {
    Entry entry = KernelFixture.stored(id, kind, value, null, enabled, expires);
    return Entry.stored(
        id,
        scopeId,
        kind,
        entry.getValueType(),
        entry.getValue(),
        null,
        null,
        enabled,
        expires,
        EntrySource.API,
        "test",
        NOW,
        "test",
        NOW,
        0);
  }
}
