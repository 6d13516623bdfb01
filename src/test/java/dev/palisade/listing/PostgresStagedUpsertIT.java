package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.support.PostgresDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The set-based streamed write ({@link StagedUpserts}) against the batch-by-batch one ({@link
 * BulkUpserts}) on PostgreSQL: every step is run on two scopes alike, one each way, and what each
 * leaves is compared — the result, the stored entries, the audit event and its items, the change
 * feed's row and the entries it lists, the serial. Batches of 7 and changes listed up to 25
 * entries, so a few dozen drafts cross batches and both sides of the listing limit.
 */
@SpringBootTest(
    properties = {"palisade.listing.bulk-batch=7", "palisade.listing.max-listed-change=25"})
@ActiveProfiles("test")
class PostgresStagedUpsertIT {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }

  private static final Actor ACTOR = new Actor("staged-tester", "192.0.2.7", "api");
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @Autowired BulkUpserts upserts;
  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;

  /** The scope written set-based, and the one written batch by batch. */
  private Side staged;

  private Side batched;

  @BeforeEach
  void scopes() {
    int n = ACCOUNTS.incrementAndGet();
    staged = side("staged" + n, true);
    batched = side("batchd" + n, false);
  }

  @Test
  void anImportAndItsRepeatAndItsUpdateStoreAuditAndAnnounceAlike() {
    Instant later = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    List<EntryDraft> first = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      first.add(draft(ListKind.BLOCK, "10.0.0." + i, null, "first " + i, null));
      if (i % 5 == 0) {
        // The same value again, within the batch and in a later one: the first line counts.
        first.add(draft(ListKind.BLOCK, "10.0.0." + i, null, "again " + i, null));
      }
    }
    first.add(
        draft(ListKind.BLOCK, "10.0.0.3", 0x7f00000a, "repeated from an earlier batch", null));
    first.add(draft(ListKind.EXCLUDE, "10.0.0.4", null, "an exclusion of a blocked value", null));
    first.add(draft(ListKind.ALLOW, "2001:db8::/48", 0x7f000003, "allowed", later));
    first.add(draft(ListKind.BLOCK, ".spam.example", null, "quoted \"$\" and \\ kept", null));
    first.add(draft(ListKind.BLOCK, "*.bad.example", 0x7f000004, null, later.plusNanos(5000)));

    same(sides -> sides.upsertAll(first)); // 28 new: more than listed, a reload
    same(sides -> sides.upsertAll(first)); // nothing changes, the serial stays

    // Disabled and expired entries are updated by the next import, but never answered before it.
    java.sql.Timestamp past = java.sql.Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS));
    for (Side side : List.of(staged, batched)) {
      jdbc.update(
          "update entry set enabled = false where scope_id = ? and entry_value = '10.0.0.7'",
          side.scopeId);
      jdbc.update(
          "update entry set expires_at = ? where scope_id = ? and entry_value = '10.0.0.8'",
          past,
          side.scopeId);
    }
    List<EntryDraft> second = new ArrayList<>();
    second.add(draft(ListKind.BLOCK, "10.0.0.1", null, "changed reason", null));
    second.add(draft(ListKind.BLOCK, "10.0.0.2", 0x7f000005, "first 2", null));
    second.add(draft(ListKind.BLOCK, "10.0.0.5", null, "first 5", later));
    second.add(draft(ListKind.BLOCK, "10.0.0.6", null, "first 6", null)); // unchanged
    second.add(draft(ListKind.BLOCK, "10.0.0.7", null, "first 7", null)); // disabled: enabled again
    second.add(draft(ListKind.BLOCK, "10.0.0.8", null, "first 8", null)); // expired: again
    for (int i = 0; i < 9; i++) {
      second.add(draft(ListKind.BLOCK, "10.9.0." + (20 - i), null, "new " + i, null));
    }
    second.add(draft(ListKind.ALLOW, "2001:db8::/48", 0x7f000003, "allowed", null));
    second.add(draft(ListKind.BLOCK, "10.0.0.1", null, "repeated, not counted", null));

    same(sides -> sides.upsertAll(second)); // 6 updated, 9 new: listed
  }

  @Test
  void aFeedKeepsOthersEntriesAndDeletesWhatItsFileNoLongerHolds() {
    for (Side side : List.of(staged, batched)) {
      side.upsertAll(List.of(draft(ListKind.BLOCK, "192.0.2.3", null, "local", null)));
    }
    List<EntryDraft> file = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      file.add(draft(ListKind.BLOCK, "192.0.2." + i, null, "feed " + i, null));
    }
    file.add(draft(ListKind.EXCLUDE, "192.0.2.9", null, null, null));

    same(sides -> sides.syncFeed(file)); // 15 new, the local one kept

    List<EntryDraft> changed = new ArrayList<>(file.subList(5, 16));
    changed.set(0, draft(ListKind.BLOCK, "192.0.2.5", 0x7f000009, "feed 5 changed", null));
    changed.add(draft(ListKind.BLOCK, "198.51.100.1", null, "feed new", null));
    same(sides -> sides.syncFeed(changed)); // the first ones gone, one changed, one new

    same(sides -> sides.syncFeed(List.of())); // an empty file: every entry of the feed gone
  }

  /**
   * Set-based, nothing is stored before the last draft is staged: the write tells what it read into
   * the database batch by batch, then that it stores them all, then all stored. It said a batch
   * behind "stored" before, so a 10-million-line import showed 91% stored for minutes while the
   * database had stored nothing. Batch by batch, each batch is told stored.
   */
  @Test
  void theProgressTellsStoredOnlyWhatIsStored() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      drafts.add(draft(ListKind.BLOCK, "10.1.0." + i, null, null, null));
    }

    assertThat(staged.told(drafts))
        .containsExactly("staged 7", "staged 14", "staged 20", "storing 20", "stored 20");
    assertThat(batched.told(drafts)).containsExactly("stored 7", "stored 14", "stored 20");
  }

  @Test
  void anExpiryInThePastIsRefusedEitherWayAndNothingIsStored() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Instant expiry = i == 15 ? Instant.now().minus(1, ChronoUnit.DAYS) : null;
      drafts.add(draft(ListKind.BLOCK, "203.0.113." + i, null, null, expiry));
    }
    for (Side side : List.of(staged, batched)) {
      assertThatThrownBy(() -> side.upsertAll(drafts))
          .isInstanceOf(InvalidEntryException.class)
          .hasMessageContaining("is not in the future");
    }
    assertThat(side(staged).entries()).isEmpty();
    assertThat(side(batched).entries()).isEmpty();
  }

  /** One step run on both scopes, each its way, and what it left compared. */
  private void same(Step step) {
    Snapshot stagedBefore = side(staged);
    Snapshot batchedBefore = side(batched);
    UpsertResult stagedResult = step.run(staged);
    UpsertResult batchedResult = step.run(batched);
    assertThat(stagedResult)
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(batchedResult);
    Snapshot stagedAfter = side(staged);
    Snapshot batchedAfter = side(batched);
    assertThat(stagedAfter.entries()).isEqualTo(batchedAfter.entries());
    // Serials come from one sequence for all scopes: what compares is whether they moved.
    assertThat(stagedAfter.serial() != stagedBefore.serial())
        .as("serial moves alike")
        .isEqualTo(batchedAfter.serial() != batchedBefore.serial());
    assertThat(stagedAfter.events()).isEqualTo(batchedAfter.events());
    assertThat(stagedAfter.lastEvent()).isEqualTo(batchedAfter.lastEvent());
    assertThat(stagedAfter.lastItems()).isEqualTo(batchedAfter.lastItems());
    assertThat(stagedAfter.changes()).isEqualTo(batchedAfter.changes());
    assertThat(stagedAfter.lastChange()).isEqualTo(batchedAfter.lastChange());
    assertThat(stagedAfter.unmatchedItemIds()).as("item ids name the scope's entries").isZero();
    assertThat(stagedAfter.unmatchedChangeIds()).as("feed ids name the scope's entries").isZero();
    assertThat(batchedAfter.unmatchedItemIds()).isZero();
    assertThat(batchedAfter.unmatchedChangeIds()).isZero();
  }

  @FunctionalInterface
  private interface Step {
    UpsertResult run(Side side);
  }

  private Side side(String slug, boolean setBased) {
    long accountId = accounts.createAccount(slug, null, ACTOR).getId();
    long scopeId = accounts.accountScope(accountId).id();
    Long feedId =
        jdbc.queryForObject(
            "insert into feed (scope_id, list_kind, format, path, created_by, created_at,"
                + " entry_count) values (?, 'BLOCK', 'ip4set', ?, 'test', now(), 0) returning id",
            Long.class,
            scopeId,
            slug + ".txt");
    return new Side(slug, scopeId, feedId, setBased);
  }

  /** One of the two scopes, and how it is written. */
  private final class Side {
    final String slug;
    final long scopeId;
    final long feedId;
    final boolean setBased;

    Side(String slug, long scopeId, long feedId, boolean setBased) {
      this.slug = slug;
      this.scopeId = scopeId;
      this.feedId = feedId;
      this.setBased = setBased;
    }

    UpsertResult upsertAll(List<EntryDraft> drafts) {
      return upserts.streamed(
          scopeId, null, EntrySource.IMPORT, ACTOR, done -> {}, drafts::forEach, setBased);
    }

    /** What an import of the drafts tells of its progress, in order. */
    List<String> told(List<EntryDraft> drafts) {
      List<String> told = new ArrayList<>();
      WriteProgress progress =
          new WriteProgress() {
            @Override
            public void stored(long done) {
              told.add("stored " + done);
            }

            @Override
            public void staged(long done) {
              told.add("staged " + done);
            }

            @Override
            public void storing(long done) {
              told.add("storing " + done);
            }
          };
      upserts.streamed(
          scopeId, null, EntrySource.IMPORT, ACTOR, progress, drafts::forEach, setBased);
      return told;
    }

    UpsertResult syncFeed(List<EntryDraft> drafts) {
      return upserts.streamed(
          scopeId, feedId, EntrySource.FEED, ACTOR, done -> {}, drafts::forEach, setBased);
    }
  }

  /** What a scope holds, with its own name and ids taken out so that two scopes compare. */
  private record Snapshot(
      List<String> entries,
      long serial,
      long events,
      String lastEvent,
      List<String> lastItems,
      long changes,
      String lastChange,
      long unmatchedItemIds,
      long unmatchedChangeIds) {}

  private Snapshot side(Side side) {
    List<String> entries =
        jdbc.query(
            "select list_kind, value_type, entry_value, return_code, reason, enabled, expires_at,"
                + " source, created_by, updated_by, version, feed_id is not null, sort_key,"
                + " created_at = updated_at from entry where scope_id = ?"
                + " order by entry_value, list_kind",
            (row, n) -> {
              StringBuilder line = new StringBuilder();
              for (int c = 1; c <= 14; c++) {
                line.append(row.getString(c)).append('|');
              }
              return line.toString();
            },
            side.scopeId);
    long serial =
        jdbc.queryForObject("select serial from scope where id = ?", Long.class, side.scopeId);
    String label =
        jdbc.queryForObject(
            "select zone_label from scope where id = ?", String.class, side.scopeId);
    long events =
        jdbc.queryForObject(
            "select count(*) from audit_event where scope_label = ?", Long.class, label);
    List<Long> lastIds =
        jdbc.queryForList(
            "select id from audit_event where scope_label = ? order by id desc limit 1",
            Long.class,
            label);
    String lastEvent = null;
    List<String> items = List.of();
    long unmatchedItems = 0;
    if (!lastIds.isEmpty()) {
      long id = lastIds.get(0);
      lastEvent =
          jdbc.queryForObject(
                  "select action || '|' || object_type || '|' || source || '|' || actor || '|'"
                      + " || coalesce(client_ip, '-') || '|' || summary || '|' || item_count || '|'"
                      + " || coalesce(before_state, '-') || '|' || coalesce(after_state, '-') || '|'"
                      + " || (object_id is null) || '|' || coalesce(undoes_event, -1)"
                      + " from audit_event where id = ?",
                  String.class,
                  id)
              .replace(side.slug, "SCOPE");
      items =
          jdbc
              .queryForList(
                  "select item_no || '|' || action || '|' || summary || '|'"
                      + " || coalesce(before_state, '-') || '|' || coalesce(after_state, '-')"
                      + " from audit_item where event_id = ? order by item_no",
                  String.class,
                  id)
              .stream()
              .map(item -> item.replace(side.slug, "SCOPE"))
              .toList();
      // Every created or updated entry's item names it by id (a gone one's id is gone with it).
      unmatchedItems =
          jdbc.queryForObject(
              "select count(*) from audit_item i where i.event_id = ? and i.action <> 'DELETE'"
                  + " and not exists (select 1 from entry e where e.id = i.object_id and"
                  + " e.scope_id = ? and lower(e.list_kind) || ' ' || e.entry_value || ' on '"
                  + " || ? = i.summary)",
              Long.class,
              id,
              side.scopeId,
              side.slug);
    }
    long changes =
        jdbc.queryForObject(
            "select count(*) from change_log where scope_id = ?", Long.class, side.scopeId);
    String lastChange = null;
    long unmatchedChange = 0;
    List<Object[]> last =
        jdbc.query(
            "select previous_serial, serial, removed, added, changes from change_log"
                + " where scope_id = ? order by serial desc limit 1",
            (row, n) ->
                new Object[] {
                  row.getLong(1), row.getLong(2), row.getInt(3), row.getInt(4), row.getBytes(5)
                },
            side.scopeId);
    if (!last.isEmpty()) {
      Object[] row = last.get(0);
      EntriesChanged change =
          EntryChangeCodec.decode(side.scopeId, (long) row[0], (long) row[1], (byte[]) row[4]);
      StringBuilder text = new StringBuilder();
      text.append(row[2]).append(" removed, ").append(row[3]).append(" added, ");
      text.append(change.previousSerial() == EntriesChanged.UNKNOWN_SERIAL ? "unlisted" : "listed");
      for (ActiveEntry entry : change.removed()) {
        text.append("\n- ").append(described(entry));
        unmatchedChange += matches(entry, side.scopeId) || gone(entry, side.scopeId) ? 0 : 1;
      }
      for (ActiveEntry entry : change.added()) {
        text.append("\n+ ").append(described(entry));
        unmatchedChange += matches(entry, side.scopeId) ? 0 : 1;
      }
      lastChange = text.toString();
    }
    return new Snapshot(
        entries,
        serial,
        events,
        lastEvent,
        items,
        changes,
        lastChange,
        unmatchedItems,
        unmatchedChange);
  }

  private static String described(ActiveEntry entry) {
    return entry.kind()
        + " "
        + entry.value().canonical()
        + " "
        + entry.value().type()
        + " "
        + entry.returnCode()
        + " "
        + entry.reason()
        + " "
        + entry.expiresAt();
  }

  /** Whether the scope holds an entry of this id, list and value. */
  private boolean matches(ActiveEntry entry, long scopeId) {
    return jdbc.queryForObject(
            "select count(*) from entry where id = ? and scope_id = ? and list_kind = ?"
                + " and entry_value = ?",
            Long.class,
            entry.id(),
            scopeId,
            entry.kind().name(),
            entry.value().canonical())
        == 1;
  }

  /** Whether no entry of the scope has this id any more (a deleted one). */
  private boolean gone(ActiveEntry entry, long scopeId) {
    return jdbc.queryForObject("select count(*) from entry where id = ?", Long.class, entry.id())
        == 0;
  }

  private static EntryDraft draft(
      ListKind kind, String value, Integer returnCode, String reason, Instant expiresAt) {
    return new EntryDraft(kind, EntryValue.parse(value), returnCode, reason, expiresAt);
  }
}
