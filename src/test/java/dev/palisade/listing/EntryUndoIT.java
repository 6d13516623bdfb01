package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.common.ConflictException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.index.LiveIndex;
import dev.palisade.index.Verdict;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Undoing an audited change: a new write that puts the entries back, seen by DNS at once and
 * audited as the undo of that change; refused, with nothing written, when an entry changed since.
 */
@SpringBootTest
@ActiveProfiles("test")
class EntryUndoIT {

  private static final Actor ALICE = new Actor("user:alice#3", "192.0.2.9", "web");
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired AuditLog audit;
  @Autowired LiveIndex index;

  private long accountId;
  private ScopeInfo scope;

  @BeforeEach
  void anAccount() {
    accountId = accounts.createAccount("undo" + ACCOUNTS.incrementAndGet(), null, ALICE).getId();
    scope = accounts.accountScope(accountId);
  }

  @Test
  void undoesChangesInOrderAndRefusesWhenAnEntryChangedSince() {
    listings.upsert(
        scope.id(),
        List.of(block("10.0.0.1", null), block("10.0.0.2", null), block("10.0.0.3", null)),
        EntrySource.MANUAL,
        ALICE);
    AuditEvent pasted = newest();
    listings.put(scope.id(), block("10.0.0.2", "trap"), EntrySource.MANUAL, ALICE);
    AuditEvent edited = newest();
    assertThat(verdict("10.0.0.2").reason()).isEqualTo("trap");

    // 10.0.0.2 is no longer as the paste left it: nothing is undone.
    assertThatThrownBy(() -> listings.undo(accountId, pasted.id(), EntrySource.MANUAL, ALICE))
        .isInstanceOf(ConflictException.class)
        .hasMessageStartingWith("block 10.0.0.2 has changed since this change; nothing was undone");
    assertThat(newest()).isEqualTo(edited);
    assertThat(verdict("10.0.0.1")).isNotNull();

    assertThat(listings.undo(accountId, edited.id(), EntrySource.MANUAL, ALICE)).isEqualTo(1);
    AuditEvent undoEdit = newest();
    assertThat(undoEdit.undoes()).isEqualTo(edited.id());
    assertThat(undoEdit.action()).isEqualTo("UPDATE");
    assertThat(undoEdit.before()).contains("\"reason\":\"trap\"");
    assertThat(undoEdit.after()).contains("\"reason\":null");
    assertThat(verdict("10.0.0.2").reason()).isNull();

    assertThat(listings.undo(accountId, pasted.id(), EntrySource.MANUAL, ALICE)).isEqualTo(3);
    AuditEvent undoPaste = newest();
    assertThat(undoPaste.undoes()).isEqualTo(pasted.id());
    assertThat(undoPaste.itemCount()).isEqualTo(3);
    assertThat(undoPaste.action()).isEqualTo("DELETE");
    assertThat(verdict("10.0.0.1")).isNull();
    assertThat(listings.entry(scope.id(), ListKind.BLOCK, EntryValue.parse("10.0.0.3"))).isEmpty();

    // The undo of a deletion stores the entries again, and DNS answers for them.
    assertThat(listings.undo(accountId, undoPaste.id(), EntrySource.MANUAL, ALICE)).isEqualTo(3);
    assertThat(verdict("10.0.0.3")).isNotNull();
    assertThatThrownBy(() -> listings.undo(accountId + 1, pasted.id(), EntrySource.MANUAL, ALICE))
        .isInstanceOf(dev.palisade.common.NotFoundException.class);
  }

  @Test
  void undoesABulkChangeThatHoldsExclusions() {
    listings.upsert(
        scope.id(),
        List.of(
            block("10.1.0.0/16", null),
            new EntryDraft(ListKind.EXCLUDE, EntryValue.parse("10.1.2.3"), null, null, null)),
        EntrySource.MANUAL,
        ALICE);
    AuditEvent pasted = newest();
    assertThat(blocked("10.1.2.3")).isFalse(); // excluded
    assertThat(blocked("10.1.2.4")).isTrue();

    assertThat(listings.undo(accountId, pasted.id(), EntrySource.MANUAL, ALICE)).isEqualTo(2);
    assertThat(listings.entry(scope.id(), ListKind.EXCLUDE, EntryValue.parse("10.1.2.3")))
        .isEmpty();
    assertThat(blocked("10.1.2.4")).isFalse();
    // Undoing the undo brings the exclusion back with its network.
    assertThat(listings.undo(accountId, newest().id(), EntrySource.MANUAL, ALICE)).isEqualTo(2);
    assertThat(blocked("10.1.2.3")).isFalse();
    assertThat(blocked("10.1.2.4")).isTrue();
  }

  @Test
  void aMoveIsNotUndoneButRefusedSayingHowToMoveTheEntriesBack() {
    long serverScope =
        accounts.serverScope(accounts.createServer(accountId, "mx1", ALICE).getId()).id();
    Entry one = listings.create(scope.id(), block("10.2.0.1", null), EntrySource.MANUAL, ALICE);
    Entry two = listings.create(scope.id(), block("10.2.0.2", null), EntrySource.MANUAL, ALICE);
    listings.moveAll(
        EntrySelection.of(scope.id(), List.of(one.getId())),
        scope.id(),
        ListKind.ALLOW,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent toAllow = newest();
    listings.moveAll(
        EntrySelection.of(scope.id(), List.of(two.getId())),
        serverScope,
        ListKind.BLOCK,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent toServer = newest();

    for (AuditEvent move : List.of(toAllow, toServer)) {
      assertThatThrownBy(() -> listings.undo(accountId, move.id(), EntrySource.MANUAL, ALICE))
          .as(move.summary())
          .isInstanceOf(ConflictException.class)
          .hasMessageStartingWith("A move is not undone here: ")
          .hasMessageContaining("nothing was undone");
      assertThat(newest()).isEqualTo(toServer);
    }
    assertThat(listings.entry(scope.id(), ListKind.ALLOW, EntryValue.parse("10.2.0.1")))
        .isPresent();
    assertThat(listings.entry(serverScope, ListKind.BLOCK, EntryValue.parse("10.2.0.2")))
        .isPresent();
  }

  private AuditEvent newest() {
    return audit
        .find(new AuditQuery(accountId, null, "ENTRY", null, null, null, null), 0, 1)
        .get(0);
  }

  private boolean blocked(String address) {
    Verdict verdict = verdict(address);
    return verdict != null && verdict.kind() == ListKind.BLOCK;
  }

  private Verdict verdict(String address) {
    Verdict verdict =
        index
            .snapshot()
            .zone(scope.label())
            .ip4(((EntryValue.Ip4Network) EntryValue.parse(address)).address());
    return verdict == null || verdict.kind() == null ? null : verdict;
  }

  private static EntryDraft block(String value, String reason) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), null, reason, null);
  }
}
