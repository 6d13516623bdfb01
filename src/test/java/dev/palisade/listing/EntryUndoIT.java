package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.common.ConflictException;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.index.LiveIndex;
import dev.palisade.index.Verdict;
import dev.palisade.support.Dig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * Undoing an audited change: a new write that puts the entries back, seen by DNS at once and
 * audited as the undo of that change; refused, with nothing written, when an entry changed since. A
 * move is undone by moving its entries back to the zone and list each left, over real DNS.
 */
@SpringBootTest
@ActiveProfiles("test")
class EntryUndoIT {

  private static final Actor ALICE = new Actor("user:alice#3", "192.0.2.9", "web");
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final String ZONES = "rbl.palisade.test";

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired AuditLog audit;
  @Autowired LiveIndex index;

  @Autowired DnsServer dns;
  @Autowired JdbcTemplate jdbc;

  private String slug;
  private long accountId;
  private ScopeInfo scope;

  @BeforeEach
  void anAccount() {
    slug = "undo" + ACCOUNTS.incrementAndGet();
    accountId = accounts.createAccount(slug, null, ALICE).getId();
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

    assertThat(listings.undo(accountId, edited.id(), EntrySource.MANUAL, ALICE).entries())
        .isEqualTo(1);
    AuditEvent undoEdit = newest();
    assertThat(undoEdit.undoes()).isEqualTo(edited.id());
    assertThat(undoEdit.action()).isEqualTo("UPDATE");
    assertThat(undoEdit.before()).contains("\"reason\":\"trap\"");
    assertThat(undoEdit.after()).contains("\"reason\":null");
    assertThat(verdict("10.0.0.2").reason()).isNull();

    assertThat(listings.undo(accountId, pasted.id(), EntrySource.MANUAL, ALICE).entries())
        .isEqualTo(3);
    AuditEvent undoPaste = newest();
    assertThat(undoPaste.undoes()).isEqualTo(pasted.id());
    assertThat(undoPaste.itemCount()).isEqualTo(3);
    assertThat(undoPaste.action()).isEqualTo("DELETE");
    assertThat(verdict("10.0.0.1")).isNull();
    assertThat(listings.entry(scope.id(), ListKind.BLOCK, EntryValue.parse("10.0.0.3"))).isEmpty();

    // The undo of a deletion stores the entries again, and DNS answers for them.
    assertThat(listings.undo(accountId, undoPaste.id(), EntrySource.MANUAL, ALICE).entries())
        .isEqualTo(3);
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

    assertThat(listings.undo(accountId, pasted.id(), EntrySource.MANUAL, ALICE).entries())
        .isEqualTo(2);
    assertThat(listings.entry(scope.id(), ListKind.EXCLUDE, EntryValue.parse("10.1.2.3")))
        .isEmpty();
    assertThat(blocked("10.1.2.4")).isFalse();
    // Undoing the undo brings the exclusion back with its network.
    assertThat(listings.undo(accountId, newest().id(), EntrySource.MANUAL, ALICE).entries())
        .isEqualTo(2);
    assertThat(blocked("10.1.2.3")).isFalse();
    assertThat(blocked("10.1.2.4")).isTrue();
  }

  @Test
  void undoesAMoveToAnotherMailServerByMovingTheEntriesBackInOneAuditedChange() {
    ScopeInfo mx1 = server("mx1");
    ScopeInfo mx2 = server("mx2");
    Entry one = listings.create(mx1.id(), block("10.2.0.1", "trap"), EntrySource.MANUAL, ALICE);
    Entry two = listings.create(mx1.id(), block("10.2.0.2", null), EntrySource.MANUAL, ALICE);
    listings.moveAll(
        EntrySelection.of(mx1.id(), List.of(one.getId(), two.getId())),
        mx2.id(),
        ListKind.BLOCK,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent move = newest();
    assertThat(rcode("10.2.0.1", mx1, "bl")).isEqualTo("NXDOMAIN");
    assertThat(rcode("10.2.0.1", mx2, "bl")).isEqualTo("NOERROR");
    // The move's record says which zone each entry left, and which it went to.
    assertThat(audit.items(move.id(), -1, 10))
        .hasSize(2)
        .allSatisfy(
            item -> {
              assertThat(item.before())
                  .contains("\"scope\":\"" + slug + "/mx1\"", "\"scopeId\":" + mx1.id());
              assertThat(item.after()).contains("\"scope\":\"" + slug + "/mx2\"");
            });

    assertThat(listings.undo(accountId, move.id(), EntrySource.MANUAL, ALICE))
        .isEqualTo(new Undone(2, "the block list of " + slug + "/mx1"));

    // The same entries are back on mx1, answered there over DNS, and gone from mx2.
    assertThat(listings.entry(one.getId()).getScopeId()).isEqualTo(mx1.id());
    assertThat(listings.entry(two.getId()).getScopeId()).isEqualTo(mx1.id());
    assertThat(listings.entry(mx2.id(), ListKind.BLOCK, EntryValue.parse("10.2.0.1"))).isEmpty();
    assertThat(rcode("10.2.0.1", mx1, "bl")).isEqualTo("NOERROR");
    assertThat(rcode("10.2.0.2", mx1, "bl")).isEqualTo("NOERROR");
    assertThat(rcode("10.2.0.1", mx2, "bl")).isEqualTo("NXDOMAIN");
    assertThat(rcode("10.2.0.2", mx2, "bl")).isEqualTo("NXDOMAIN");
    assertThat(listings.entry(one.getId()).getReason()).isEqualTo("trap");
    // One audit event for the undo, in the zone the entries are back in.
    AuditEvent undo = newest();
    assertThat(eventsAfter(move)).isEqualTo(1);
    assertThat(undo.undoes()).isEqualTo(move.id());
    assertThat(undo.itemCount()).isEqualTo(2);
    assertThat(undo.action()).isEqualTo("UPDATE");
    assertThat(undo.scopeLabel()).isEqualTo(mx1.label());

    // The undo is a move itself, so undoing it moves the entries to mx2 again.
    listings.undo(accountId, undo.id(), EntrySource.MANUAL, ALICE);
    assertThat(listings.entry(one.getId()).getScopeId()).isEqualTo(mx2.id());
    assertThat(rcode("10.2.0.2", mx2, "bl")).isEqualTo("NOERROR");
    assertThat(rcode("10.2.0.2", mx1, "bl")).isEqualTo("NXDOMAIN");
  }

  @Test
  void undoesAMoveToAnotherListOfTheSameZone() {
    Entry entry = listings.create(scope.id(), block("10.3.0.1", null), EntrySource.MANUAL, ALICE);
    listings.moveAll(
        EntrySelection.of(scope.id(), List.of(entry.getId())),
        scope.id(),
        ListKind.ALLOW,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent move = newest();
    assertThat(rcode("10.3.0.1", scope, "bl")).isEqualTo("NXDOMAIN");
    assertThat(rcode("10.3.0.1", scope, "wl")).isEqualTo("NOERROR");

    assertThat(listings.undo(accountId, move.id(), EntrySource.MANUAL, ALICE))
        .isEqualTo(new Undone(1, "the block list of " + slug));

    assertThat(listings.entry(entry.getId()).getKind()).isEqualTo(ListKind.BLOCK);
    assertThat(rcode("10.3.0.1", scope, "bl")).isEqualTo("NOERROR");
    assertThat(rcode("10.3.0.1", scope, "wl")).isEqualTo("NXDOMAIN");
    AuditEvent undo = newest();
    assertThat(eventsAfter(move)).isEqualTo(1);
    assertThat(undo.undoes()).isEqualTo(move.id());
    assertThat(undo.before()).contains("\"list\":\"allow\"");
    assertThat(undo.after()).contains("\"list\":\"block\"");
  }

  @Test
  void undoesNoPartOfAMoveWhenEntriesChangedSinceAndNamesEachWithItsReason() {
    ScopeInfo mx1 = server("mx1");
    ScopeInfo mx2 = server("mx2");
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      ids.add(
          listings.create(mx1.id(), block("10.4.0." + i, null), EntrySource.MANUAL, ALICE).getId());
    }
    listings.moveAll(
        EntrySelection.of(mx1.id(), ids),
        mx2.id(),
        ListKind.BLOCK,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent move = newest();
    listings.put(mx2.id(), block("10.4.0.2", "edited"), EntrySource.MANUAL, ALICE);
    listings.delete(ids.get(2), EntrySource.MANUAL, ALICE);
    listings.create(mx1.id(), block("10.4.0.4", null), EntrySource.MANUAL, ALICE);
    AuditEvent last = newest();

    assertThatThrownBy(() -> listings.undo(accountId, move.id(), EntrySource.MANUAL, ALICE))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("block 10.4.0.2 has changed since the move")
        .hasMessageContaining("block 10.4.0.3 is gone since the move")
        .hasMessageContaining("block 10.4.0.4 cannot go back: the block list of " + slug + "/mx1")
        .hasMessageContaining("nothing was undone")
        .message()
        .doesNotContain("10.4.0.1");

    // Nothing moved: the untouched entry is still where the move put it.
    assertThat(newest()).isEqualTo(last);
    assertThat(listings.entry(ids.get(0)).getScopeId()).isEqualTo(mx2.id());
    assertThat(listings.entry(ids.get(1)).getReason()).isEqualTo("edited");
    assertThat(rcode("10.4.0.1", mx2, "bl")).isEqualTo("NOERROR");
    assertThat(rcode("10.4.0.1", mx1, "bl")).isEqualTo("NXDOMAIN");
  }

  @Test
  void undoesNoPartOfAMoveWhoseZoneNoLongerExists() {
    MailServer gone = accounts.createServer(accountId, "mx1", ALICE);
    long from = accounts.serverScope(gone.getId()).id();
    Entry entry = listings.create(from, block("10.5.0.1", null), EntrySource.MANUAL, ALICE);
    listings.moveAll(
        EntrySelection.of(from, List.of(entry.getId())),
        scope.id(),
        ListKind.BLOCK,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent move = newest();
    accounts.deleteServer(gone.getId(), ALICE);

    assertThatThrownBy(() -> listings.undo(accountId, move.id(), EntrySource.MANUAL, ALICE))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("block 10.5.0.1 cannot go back: " + slug + "/mx1")
        .hasMessageContaining("no longer exists")
        .hasMessageContaining("nothing was undone");
    assertThat(listings.entry(entry.getId()).getScopeId()).isEqualTo(scope.id());
    assertThat(rcode("10.5.0.1", scope, "bl")).isEqualTo("NOERROR");
  }

  @Test
  void aMoveRecordedWithoutTheZoneItLeftIsRefusedSayingHowToMoveTheEntriesBack() {
    long serverScope = server("mx1").id();
    Entry one = listings.create(scope.id(), block("10.2.0.1", null), EntrySource.MANUAL, ALICE);
    Entry two = listings.create(scope.id(), block("10.2.0.2", null), EntrySource.MANUAL, ALICE);
    listings.moveAll(
        EntrySelection.of(scope.id(), List.of(one.getId())),
        scope.id(),
        ListKind.ALLOW,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent toAllow = recordedTheOldWay(newest());
    listings.moveAll(
        EntrySelection.of(scope.id(), List.of(two.getId())),
        serverScope,
        ListKind.BLOCK,
        false,
        EntrySource.MANUAL,
        ALICE);
    AuditEvent toServer = recordedTheOldWay(newest());

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

  /**
   * The move's record as it was written before moves recorded the zone an entry left: its states
   * without the scope.
   */
  private AuditEvent recordedTheOldWay(AuditEvent move) {
    jdbc.update(
        "update audit_event set before_state = ?, after_state = ? where id = ?",
        withoutScope(move.before()),
        withoutScope(move.after()),
        move.id());
    return audit.event(move.id(), accountId).orElseThrow();
  }

  private static String withoutScope(String state) {
    return state.replaceAll(",\"scope\":\"[^\"]*\",\"scopeId\":\\d+", "");
  }

  private ScopeInfo server(String name) {
    return accounts.serverScope(accounts.createServer(accountId, name, ALICE).getId());
  }

  /** How many audit events of the account came after this one. */
  private int eventsAfter(AuditEvent event) {
    return jdbc.queryForObject(
        "select count(*) from audit_event where account_id = ? and id > ?",
        Integer.class,
        accountId,
        event.id());
  }

  /** The rcode a real query over UDP gets for an IPv4 address in a list zone of the scope. */
  private String rcode(String address, ScopeInfo zone, String list) {
    String[] octets = address.split("\\.");
    String name =
        String.join(".", octets[3], octets[2], octets[1], octets[0], zone.label(), list, ZONES);
    return Dig.rcode(new Dig(dns.port()).udp(name, Type.A));
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
