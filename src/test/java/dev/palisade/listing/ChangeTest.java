package dev.palisade.listing;

import static dev.palisade.listing.KernelFixture.ALICE;
import static dev.palisade.listing.KernelFixture.MX1;
import static dev.palisade.listing.KernelFixture.NOW;
import static dev.palisade.listing.KernelFixture.SETTINGS;
import static dev.palisade.listing.KernelFixture.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.palisade.account.ScopeDetails;
import dev.palisade.account.SerialBump;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditRecord;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeTest {

  private final EntryStates states = new EntryStates();
  private final Change change = new Change(NOW, states, SETTINGS);

  @Test
  void aChangeOfMoreEntriesThanTheFeedListsKeepsOnlyTheirCountsAndIsAnnouncedUnlisted() {
    ListingSettings small =
        new ListingSettings(
            SETTINGS.returnCode(), SETTINGS.expiryCheck(), SETTINGS.purgeAfter(), 10, 3);
    Change large = new Change(NOW, states, small);
    for (int i = 1; i <= 5; i++) {
      large.created(
          stored(i, ListKind.BLOCK, "192.0.2." + i, null, true, null),
          EntryDraft.of(ListKind.BLOCK, "192.0.2." + i));
    }

    assertThat(large.unlisted()).isTrue();
    assertThat(large.addedCount()).isEqualTo(5);
    EntriesChanged event = large.toEvent(MX1.scopeId(), new SerialBump(MX1, 41, 42));
    assertThat(event).isEqualTo(EntriesChanged.unlisted(MX1.scopeId(), 42));
    assertThat(event.previousSerial()).isEqualTo(EntriesChanged.UNKNOWN_SERIAL);
    assertThat(event.added()).isEmpty();
    assertThat(large.auditRecords(MX1, EntrySource.IMPORT, ALICE)).hasSize(5);
  }

  @Test
  void auditRecordsFlushedAsTheWriteGoesAreWrittenOnceAndTheChangeIsNotEmpty() {
    List<AuditRecord> written = new ArrayList<>();
    change.auditTo(MX1, EntrySource.IMPORT, ALICE, written::addAll);
    change.created(
        stored(1, ListKind.BLOCK, "192.0.2.1", null, true, null),
        EntryDraft.of(ListKind.BLOCK, "192.0.2.1"));
    change.flushAudit();
    change.created(
        stored(2, ListKind.BLOCK, "192.0.2.2", null, true, null),
        EntryDraft.of(ListKind.BLOCK, "192.0.2.2"));
    change.flushAudit();
    change.flushAudit();

    assertThat(written).extracting(AuditRecord::objectId).containsExactly(1L, 2L);
    assertThat(change.isEmpty()).isFalse();
  }

  @Test
  void announcesCreatedEntriesWithTheListsDefaultReturnCodeAndAuditsThem() {
    Entry entry = stored(11, ListKind.BLOCK, "192.0.2.0/24", null, true, null);

    change.created(entry, EntryDraft.of(ListKind.BLOCK, "192.0.2.0/24"));

    EntriesChanged event = change.toEvent(MX1.scopeId(), new SerialBump(MX1, 41, 42));
    assertThat(event.previousSerial()).isEqualTo(41);
    assertThat(event.serial()).isEqualTo(42);
    assertThat(event.removed()).isEmpty();
    assertThat(event.added())
        .containsExactly(
            new ActiveEntry(
                11,
                7,
                ListKind.BLOCK,
                EntryValue.parse("192.0.2.0/24"),
                ReturnCode.parse("127.0.0.2"),
                null));
    List<AuditRecord> records = change.auditRecords(MX1, EntrySource.API, ALICE);
    assertThat(records)
        .containsExactly(
            new AuditRecord(
                NOW,
                3L,
                "acme-mx1",
                ALICE,
                "api",
                "CREATE",
                "ENTRY",
                11L,
                "block 192.0.2.0/24 on acme/mx1",
                null,
                states.json(entry)));
  }

  @Test
  void announcesAnUpdateAsTheOldAnswerRemovedAndTheNewOneAdded() {
    EntryDraft draft =
        new EntryDraft(ListKind.ALLOW, EntryValue.parse("example.com"), null, "new", null);
    ActiveEntry before = change.active(12, 7, draft, ReturnCode.parse("127.0.0.9"), "old");
    ActiveEntry after = change.active(12, 7, draft, null, "new");

    change.updated(before, "example.com", () -> "{before}", after, () -> "{after}");

    EntriesChanged event = change.toEvent(7, new SerialBump(MX1, 1, 2));
    assertThat(event.removed()).containsExactly(before);
    assertThat(event.added()).containsExactly(after);
    assertThat(after.returnCode()).isEqualTo(ReturnCode.parse("127.0.0.5")); // dwl's default
    AuditRecord record = change.auditRecords(MX1, EntrySource.IMPORT, ALICE).get(0);
    assertThat(record.action()).isEqualTo("UPDATE");
    assertThat(record.source()).isEqualTo("import");
    assertThat(record.summary()).isEqualTo("allow example.com on acme/mx1");
    assertThat(record.before()).isEqualTo("{before}");
    assertThat(record.after()).isEqualTo("{after}");
  }

  @Test
  void anEntryThatDidNotAnswerIsAuditedButNotRemovedFromDns() {
    Entry disabled = stored(13, ListKind.BLOCK, "192.0.2.1", null, false, null);
    Entry expired = stored(14, ListKind.BLOCK, "192.0.2.2", null, true, NOW.minusSeconds(1));
    Entry active =
        stored(15, ListKind.BLOCK, "2001:db8::/32", 0x7f00000a, true, NOW.plusSeconds(1));

    change.deleted(disabled);
    change.deleted(expired);
    change.deleted(active);

    EntriesChanged event = change.toEvent(7, new SerialBump(MX1, 1, 2));
    assertThat(event.removed()).containsExactly(change.active(active));
    assertThat(event.removed().get(0).returnCode()).isEqualTo(0x7f00000a);
    assertThat(event.added()).isEmpty();
    assertThat(change.auditRecords(MX1, EntrySource.API, ALICE))
        .extracting(AuditRecord::action, AuditRecord::objectId, AuditRecord::after)
        .containsExactly(
            tuple("DELETE", 13L, null), tuple("DELETE", 14L, null), tuple("DELETE", 15L, null));
  }

  @Test
  void anExpiredEntryIsRemovedFromDns() {
    Entry entry = stored(16, ListKind.ALLOW, "198.51.100.0/24", null, true, NOW.minusSeconds(1));

    change.expired(entry);

    assertThat(change.toEvent(7, new SerialBump(MX1, 1, 2)).removed())
        .containsExactly(change.active(entry));
    AuditRecord record =
        change.auditRecords(MX1, EntrySource.EXPIRY, Actor.system("expiry")).get(0);
    assertThat(record.action()).isEqualTo("EXPIRE");
    assertThat(record.before()).isEqualTo(states.json(entry));
  }

  @Test
  void aMoveIsAuditedWithTheScopeTheEntryLeftAndTheOneItIsOnNow() {
    ScopeDetails acme = new ScopeDetails(6, 3, "acme", null, null, "acme");
    Entry before = stored(17, ListKind.ALLOW, "192.0.2.17", null, true, null);
    Entry after = before.movedTo(MX1.scopeId(), ListKind.BLOCK, "user:alice#1", NOW);

    change.movedIn(before, acme, after, MX1);

    assertThat(change.toEvent(7, new SerialBump(MX1, 1, 2)).added())
        .containsExactly(change.active(after));
    AuditRecord record = change.auditRecords(MX1, EntrySource.MANUAL, ALICE).get(0);
    assertThat(record.action()).isEqualTo("UPDATE");
    assertThat(record.summary())
        .isEqualTo("block 192.0.2.17, moved from the allow list of acme, on acme/mx1");
    assertThat(record.before())
        .isEqualTo(
            "{\"list\":\"allow\",\"value\":\"192.0.2.17\",\"returnCode\":null,"
                + "\"reason\":\"reason\",\"expiresAt\":null,\"enabled\":true,\"source\":\"api\","
                + "\"scope\":\"acme\",\"scopeId\":6}");
    assertThat(record.after()).isEqualTo(states.json(after, MX1));
    assertThat(record.after()).endsWith(",\"scope\":\"acme/mx1\",\"scopeId\":7}");
  }

  @ParameterizedTest(name = "{0} {1} with code {2} answers {3}")
  @CsvSource({
    "BLOCK, 192.0.2.1,   ,          127.0.0.2",
    "ALLOW, 192.0.2.1,   ,          127.0.0.3",
    "BLOCK, example.com, ,          127.0.0.4",
    "ALLOW, example.com, ,          127.0.0.5",
    "BLOCK, 2001:db8::1, ,          127.0.0.2",
    "ALLOW, example.com, 127.0.0.9, 127.0.0.9",
  })
  void answersWithTheEntrysOwnReturnCodeOrElseItsListsDefault(
      ListKind kind, String value, String code, String answered) {
    Integer own = code == null ? null : ReturnCode.parse(code);
    Entry entry = stored(20, kind, value, own, true, null);
    EntryDraft draft = new EntryDraft(kind, EntryValue.parse(value), null, "why", null);

    ActiveEntry fromRow = change.active(entry);
    ActiveEntry fromDraft = change.active(21, 8, draft, own, "because");

    assertThat(fromRow)
        .isEqualTo(
            new ActiveEntry(
                20, 7, kind, EntryValue.parse(value), ReturnCode.parse(answered), "reason"));
    assertThat(fromDraft)
        .isEqualTo(
            new ActiveEntry(
                21, 8, kind, EntryValue.parse(value), ReturnCode.parse(answered), "because"));
  }

  @Test
  void isEmptyUntilSomethingChanges() {
    assertThat(change.isEmpty()).isTrue();
    assertThat(change.auditRecords(MX1, EntrySource.API, ALICE)).isEmpty();

    change.deleted(stored(17, ListKind.BLOCK, "192.0.2.1", null, false, null));

    assertThat(change.isEmpty()).isFalse();
  }
}
