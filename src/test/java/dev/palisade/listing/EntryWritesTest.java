package dev.palisade.listing;

import static dev.palisade.listing.KernelFixture.ALICE;
import static dev.palisade.listing.KernelFixture.MX1;
import static dev.palisade.listing.KernelFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.account.WriteTarget;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The single-entry writes' bodies, over a fake store: what each reads, writes and announces. */
class EntryWritesTest {

  private static final WriteTarget SCOPE = WriteTarget.scope(7);

  private final KernelFixture kernel = new KernelFixture();
  private final EntryRowStore rows = mock(EntryRowStore.class);
  private final EntryRepository entries = mock(EntryRepository.class);
  private final EntryWrites writes =
      new EntryWrites(
          kernel.writes, rows, entries, new EntryStates(), kernel.clock, mock(EntryGuard.class));

  @Test
  void createStoresTheDraftStampedWithTheWritesTimeAndAnnouncesIt() {
    when(rows.find(7, ListKind.BLOCK, "192.0.2.0/24")).thenReturn(Optional.empty());
    when(rows.insert(any()))
        .thenAnswer(
            call -> {
              Entry entry = call.getArgument(0);
              entry.assignId(21);
              return entry;
            });

    Entry created =
        writes.create(SCOPE, draft(ListKind.BLOCK, "192.0.2.0/24", "spam"), EntrySource.API, ALICE);

    assertThat(created.getId()).isEqualTo(21);
    assertThat(created.getScopeId()).isEqualTo(7);
    assertThat(created.getCreatedAt()).isEqualTo(NOW);
    assertThat(kernel.transactions).containsExactly("commit");
    assertThat(kernel.announced.get(0).added())
        .containsExactly(
            new ActiveEntry(
                21,
                7,
                ListKind.BLOCK,
                EntryValue.parse("192.0.2.0/24"),
                ReturnCode.DEFAULT,
                "spam"));
    assertThat(kernel.audited).extracting(AuditRecord::action).containsExactly("CREATE");
  }

  @Test
  void createRefusesAValueAlreadyOnTheListAndChangesNothing() {
    when(rows.find(7, ListKind.BLOCK, "192.0.2.1"))
        .thenReturn(
            Optional.of(KernelFixture.stored(5, ListKind.BLOCK, "192.0.2.1", null, true, null)));

    assertThatThrownBy(
            () ->
                writes.create(
                    SCOPE, draft(ListKind.BLOCK, "192.0.2.1", null), EntrySource.API, ALICE))
        .isInstanceOf(ConflictException.class)
        .hasMessage("192.0.2.1 is already on the block list");
    verify(rows, never()).insert(any());
    assertThat(kernel.transactions).containsExactly("rollback");
    assertThat(kernel.announced).isEmpty();
  }

  @Test
  void refusesAnExpiredDraftBeforeTheWriteBegins() {
    EntryDraft expired =
        new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.1"), null, null, NOW);

    assertThatThrownBy(() -> writes.create(SCOPE, expired, EntrySource.API, ALICE))
        .isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> writes.put(SCOPE, expired, EntrySource.API, ALICE))
        .isInstanceOf(InvalidEntryException.class);
    verify(kernel.accounts, never()).bumpSerial(any());
  }

  @Test
  void putAnnouncesAChangedEntryAsItsOldAnswerRemovedAndItsNewOneAdded() {
    Entry stored = KernelFixture.stored(5, ListKind.BLOCK, "192.0.2.1", 0x7f000003, true, null);
    when(rows.find(7, ListKind.BLOCK, "192.0.2.1")).thenReturn(Optional.of(stored));

    PutResult result =
        writes.put(SCOPE, draft(ListKind.BLOCK, "192.0.2.1", "changed"), EntrySource.API, ALICE);

    assertThat(result.created()).isFalse();
    assertThat(result.entry().getReason()).isEqualTo("changed");
    verify(rows).update(stored);
    EntriesChanged event = kernel.announced.get(0);
    assertThat(event.removed())
        .extracting(ActiveEntry::returnCode, ActiveEntry::reason)
        .containsExactly(tuple(0x7f000003, "reason"));
    assertThat(event.added())
        .extracting(ActiveEntry::returnCode, ActiveEntry::reason)
        .containsExactly(tuple(ReturnCode.DEFAULT, "changed"));
    AuditRecord record = kernel.audited.get(0);
    assertThat(record.action()).isEqualTo("UPDATE");
    assertThat(record.before()).contains("\"reason\":\"reason\"");
    assertThat(record.after()).contains("\"reason\":\"changed\"");
  }

  @Test
  void putOfAnEntryAlreadyAsAskedWritesNothingAndKeepsTheSerial() {
    Entry stored = KernelFixture.stored(5, ListKind.BLOCK, "192.0.2.1", null, true, null);
    when(rows.find(7, ListKind.BLOCK, "192.0.2.1")).thenReturn(Optional.of(stored));

    PutResult result =
        writes.put(SCOPE, draft(ListKind.BLOCK, "192.0.2.1", "reason"), EntrySource.API, ALICE);

    assertThat(result.created()).isFalse();
    verify(rows, never()).update(any());
    assertThat(kernel.transactions).containsExactly("rollback");
    assertThat(kernel.announced).isEmpty();
  }

  @Test
  void putCreatesAnEntryNotYetStored() {
    when(rows.find(7, ListKind.ALLOW, "example.com")).thenReturn(Optional.empty());
    when(rows.insert(any()))
        .thenAnswer(
            call -> {
              Entry entry = call.getArgument(0);
              entry.assignId(22);
              return entry;
            });

    PutResult result =
        writes.put(SCOPE, draft(ListKind.ALLOW, "example.com", null), EntrySource.API, ALICE);

    assertThat(result.created()).isTrue();
    assertThat(kernel.audited).extracting(AuditRecord::action).containsExactly("CREATE");
  }

  @Test
  void deleteByIdNamesTheScopeWhenItHasNoSuchEntry() {
    when(rows.delete(7, 99)).thenReturn(Optional.empty());

    assertThatThrownBy(() -> writes.delete(SCOPE, 99, EntrySource.API, ALICE))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("entry 99 not found in " + MX1.displayName());
    assertThat(kernel.announced).isEmpty();
  }

  @Test
  void deleteByIdAloneFindsTheEntrysScopeFirst() {
    when(entries.findById(99L)).thenReturn(Optional.empty());

    assertThatThrownBy(() -> writes.delete(99, EntrySource.API, ALICE))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("entry 99 not found");
    verify(kernel.accounts, never()).bumpSerial(any());
  }

  @Test
  void deleteByValueSaysWhetherThereWasOneAndAnnouncesIt() {
    Entry stored = KernelFixture.stored(5, ListKind.BLOCK, "192.0.2.1", null, true, null);
    when(rows.delete(7, ListKind.BLOCK, "192.0.2.1")).thenReturn(Optional.of(stored));
    when(rows.delete(7, ListKind.BLOCK, "192.0.2.2")).thenReturn(Optional.empty());

    assertThat(
            writes.delete(
                SCOPE, ListKind.BLOCK, EntryValue.parse("192.0.2.1"), EntrySource.API, ALICE))
        .isTrue();
    assertThat(
            writes.delete(
                SCOPE, ListKind.BLOCK, EntryValue.parse("192.0.2.2"), EntrySource.API, ALICE))
        .isFalse();

    assertThat(kernel.transactions).containsExactly("commit", "rollback");
    assertThat(kernel.announced).hasSize(1);
    assertThat(kernel.announced.get(0).removed()).extracting(ActiveEntry::id).containsExactly(5L);
  }

  private static EntryDraft draft(ListKind kind, String value, String reason) {
    return new EntryDraft(kind, EntryValue.parse(value), null, reason, null);
  }
}
