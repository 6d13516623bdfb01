package dev.palisade.listing;

import dev.palisade.account.ScopeDetails;
import dev.palisade.account.SerialBump;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.LazyList;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What one write of a scope changed: for DNS, the entries that stop and start answering (announced
 * as one {@link EntriesChanged}), and for the audit trail, each entry's state before and after. The
 * write's body fills it in; {@link ScopeWrites} reads it when the body is done. It also says how an
 * entry answers in DNS ({@link #active}), the return code resolved against the list's default.
 *
 * <p>A bulk write may write its audit records as it goes ({@link #flushAudit}), and a change of
 * more than {@link ListingSettings#maxListedChange()} entries keeps only their counts, so the
 * memory of one change is bounded by settings, not by the size of the write.
 *
 * <p>Not thread-safe: one per write, used by the writing thread.
 */
final class Change {

  private final Instant now;
  private final EntryStates states;
  private final ListingSettings settings;
  private long previousSerial;
  private long nextSerial;
  private List<ActiveEntry> removed = new ArrayList<>();
  private List<ActiveEntry> added = new ArrayList<>();
  private List<Audited> audited = new ArrayList<>();

  /** How many entries stopped and started answering, listed or not. */
  private int removedCount;

  private int addedCount;

  /** Audit records already written by {@link #flushAudit}. */
  private int flushedAudits;

  /** More entries changed than the change feed lists: only counted, not kept. */
  private boolean unlisted;

  /** Announced even when empty: {@link #announce}. */
  private boolean announced;

  /** Writes the audit records so far; null until the write sets it. */
  private Consumer<List<AuditRecord>> auditWriter;

  private ScopeDetails scope;
  private EntrySource source;
  private Actor actor;
  private Long undoes;

  /**
   * @param now the moment of the write, as a row keeps it ({@link Entry#rowTime})
   */
  Change(Instant now, EntryStates states, ListingSettings settings) {
    this.now = now;
    this.states = states;
    this.settings = settings;
  }

  /**
   * Lets {@link #flushAudit} write the audit records so far, as this scope's, source's and actor's:
   * set by the write before its body runs.
   */
  void auditTo(
      ScopeDetails scope, EntrySource source, Actor actor, Consumer<List<AuditRecord>> writer) {
    this.scope = scope;
    this.source = source;
    this.actor = actor;
    this.auditWriter = writer;
  }

  /**
   * Writes the audit records gathered so far and forgets them, so a write of millions of entries
   * holds one batch of them at a time. Nothing happens before {@link #auditTo}.
   */
  void flushAudit() {
    if (auditWriter == null || audited.isEmpty()) {
      return;
    }
    List<AuditRecord> records = auditRecords(scope, source, actor);
    flushedAudits += audited.size();
    auditWriter.accept(records);
    audited = new ArrayList<>();
  }

  /** The moment of the write, to the microsecond: what new and changed rows are stamped with. */
  Instant now() {
    return now;
  }

  /** The stored entry as DNS answers it, with its list's default return code where it has none. */
  ActiveEntry active(Entry entry) {
    return entry.toActive(settings.defaultReturnCode(entry.getKind(), entry.getValueType()));
  }

  /**
   * An entry of the draft's list and value as DNS answers it, with this return code (null: the
   * list's default) and reason: the draft's own for what a write makes answer, the stored row's for
   * what answered before it. The expiry is the draft's (for an entry that stops answering it does
   * not matter).
   */
  ActiveEntry active(long id, long scopeId, EntryDraft draft, Integer returnCode, String reason) {
    return new ActiveEntry(
        id,
        scopeId,
        draft.kind(),
        draft.value(),
        returnCode == null
            ? settings.defaultReturnCode(draft.kind(), draft.value().type())
            : returnCode,
        reason,
        draft.expiresAt());
  }

  /** A new entry of the draft, stored with its id. */
  void created(Entry entry, EntryDraft draft) {
    created(
        active(entry.getId(), entry.getScopeId(), draft, draft.returnCode(), draft.reason()),
        entry.getValue(),
        () -> states.json(entry));
  }

  /** An entry stored in bulk; {@code value} is its canonical text. */
  void created(ActiveEntry entry, String value, Supplier<String> state) {
    added(entry);
    audited.add(new Audited("CREATE", entry.id(), entry.kind(), value, null, state));
  }

  /**
   * @param before the entry as DNS answered it, or null when it did not
   * @param after the entry as DNS answers it now
   */
  void updated(
      ActiveEntry before,
      String value,
      Supplier<String> beforeState,
      ActiveEntry after,
      Supplier<String> afterState) {
    if (before != null) {
      removed(before);
    }
    added(after);
    audited.add(new Audited("UPDATE", after.id(), after.kind(), value, beforeState, afterState));
  }

  /**
   * An entry deleted in bulk.
   *
   * @param before the entry as DNS answered it, or null when it did not
   * @param state its state before, as JSON made when the record is written
   */
  void deleted(long id, ListKind kind, String value, ActiveEntry before, Supplier<String> state) {
    if (before != null) {
      removed(before);
    }
    audited.add(new Audited("DELETE", id, kind, value, state, null));
  }

  /** A stored entry as DNS answers it, with its list's default return code where it has none. */
  ActiveEntry active(EntryBulkStore.Stored stored) {
    EntryValue value = EntryValue.parseStored(stored.type(), stored.value());
    return new ActiveEntry(
        stored.id(),
        stored.scopeId(),
        stored.kind(),
        value,
        stored.returnCode() == null
            ? settings.defaultReturnCode(stored.kind(), value.type())
            : stored.returnCode(),
        stored.reason());
  }

  void deleted(Entry entry) {
    if (entry.isActiveAt(now)) {
      removed(active(entry));
    }
    audited.add(new Audited("DELETE", entry, states.json(entry)));
  }

  void expired(Entry entry) {
    removed(active(entry));
    audited.add(new Audited("EXPIRE", entry, states.json(entry)));
  }

  /** An entry that stops answering, kept for DNS and the change feed (or only counted). */
  void removed(ActiveEntry entry) {
    removedCount++;
    list(removed, entry);
  }

  /** An entry that starts answering, kept for DNS and the change feed (or only counted). */
  void added(ActiveEntry entry) {
    addedCount++;
    list(added, entry);
  }

  /**
   * Audit records a write wrote by itself in the database ({@link StagedUpserts}), not through this
   * change: counted, so that the write is not taken for empty.
   */
  void auditedElsewhere(int records) {
    flushedAudits += records;
  }

  /**
   * Entries that stopped and started answering in a change too large to list ({@link
   * ListingSettings#maxListedChange()}), only counted: the change is announced and recorded as one
   * that readers apply by reading the scope again, as {@link #list} turns one after its limit.
   */
  void changedUnlisted(int removedEntries, int addedEntries) {
    removedCount += removedEntries;
    addedCount += addedEntries;
    unlisted = true;
    removed = new ArrayList<>();
    added = new ArrayList<>();
  }

  /**
   * Keeps an entry for DNS and the change feed, until the change holds more than {@link
   * ListingSettings#maxListedChange()}: from then on it only counts, and is announced as {@link
   * EntriesChanged#unlisted}.
   */
  private void list(List<ActiveEntry> into, ActiveEntry entry) {
    if (unlisted) {
      return;
    }
    if (removed.size() + added.size() >= settings.maxListedChange()) {
      unlisted = true;
      removed = new ArrayList<>();
      added = new ArrayList<>();
      return;
    }
    into.add(entry);
  }

  /**
   * An entry that left this scope for another (or, in one scope, for its other list): it stops
   * answering here. Its audit record goes with its arrival ({@link #movedIn}).
   */
  void movedOut(Entry before) {
    if (before.isActiveAt(now)) {
      removed(active(before));
    }
  }

  /**
   * An entry that came here from another scope or list, keeping its id: it answers here now (unless
   * expired or disabled), and the audit trail records the move as an update of the entry whose
   * states name the scope each is on ({@link EntryStates#json(Entry, ScopeDetails)}): the one it
   * left, for undoing the move, and this one.
   *
   * @param before the entry as it was, on {@code from}
   * @param after the entry as it is now, on {@code to}
   */
  void movedIn(Entry before, ScopeDetails from, Entry after, ScopeDetails to) {
    if (after.isActiveAt(now)) {
      added(active(after));
    }
    String beforeState = states.json(before, from);
    audited.add(
        new Audited(
            "UPDATE",
            after.getId(),
            after.getKind(),
            after.getValue()
                + MOVED_FROM
                + "the "
                + before.getKind().listName()
                + " list of "
                + from.displayName()
                + ",",
            () -> beforeState,
            () -> states.json(after, to)));
  }

  /** What the audit summary of a moved entry says after its value, before where it came from. */
  static final String MOVED_FROM = ", moved from ";

  /** Marks this write as the undo of an audited change, which its audit event names. */
  void undoes(long eventId) {
    undoes = eventId;
  }

  /** The audited change this write undoes, or null. */
  Long undoes() {
    return undoes;
  }

  /**
   * Tells the change its scope's serial before it and the one the scope has while it runs ({@link
   * ScopeWrites#write}), for {@link #serialAtEnd}.
   */
  void serials(long previous, long next) {
    this.previousSerial = previous;
    this.nextSerial = next;
  }

  /**
   * The scope's serial once this change ends as it stands: the new one when it changed anything,
   * the old one otherwise (the new one is then undone); 0 when not told ({@link #serials}).
   */
  long serialAtEnd() {
    return isEmpty() ? previousSerial : nextSerial;
  }

  /** Whether nothing changed: then the write keeps the scope's old serial. */
  boolean isEmpty() {
    return !announced
        && audited.isEmpty()
        && flushedAudits == 0
        && removedCount == 0
        && addedCount == 0;
  }

  /**
   * Makes this change one that readers apply by reading the scope again ({@link
   * EntriesChanged#unlisted}), however small: a part of an import stored in several transactions,
   * which DNS takes only as a whole ({@link ImportRuns}).
   */
  void unlistAll() {
    unlisted = true;
    removed = new ArrayList<>();
    added = new ArrayList<>();
  }

  /**
   * Announces this change even if it holds nothing: the last part of an import stored in several
   * transactions, whose earlier parts changed the scope, ends the hold on the scope with it.
   */
  void announce() {
    announced = true;
  }

  /**
   * Whether the change is too large to list its entries ({@link
   * ListingSettings#maxListedChange()}): readers then read the scope again.
   */
  boolean unlisted() {
    return unlisted;
  }

  /** How many entries stopped answering, listed or not. */
  int removedCount() {
    return removedCount;
  }

  /** How many entries started answering, listed or not. */
  int addedCount() {
    return addedCount;
  }

  EntriesChanged toEvent(long scopeId, SerialBump serial) {
    return unlisted
        ? EntriesChanged.unlisted(scopeId, serial.serial())
        : new EntriesChanged(scopeId, serial.previous(), serial.serial(), removed, added);
  }

  /** The audit records, each made (states and all) when it is read. */
  List<AuditRecord> auditRecords(ScopeDetails scope, EntrySource source, Actor actor) {
    String on = " on " + scope.displayName();
    String sourceName = source.name().toLowerCase(Locale.ROOT);
    List<Audited> records = audited;
    return LazyList.of(
        records.size(),
        i -> {
          Audited a = records.get(i);
          return new AuditRecord(
              now,
              scope.accountId(),
              scope.label(),
              actor,
              sourceName,
              a.action,
              "ENTRY",
              a.id,
              a.kind.name().toLowerCase(Locale.ROOT) + " " + a.value + on,
              a.before == null ? null : a.before.get(),
              a.after == null ? null : a.after.get());
        });
  }

  /**
   * One audited change of an entry: its state before (null if new) and after (null if gone), as
   * JSON made when the record is written.
   */
  private record Audited(
      String action,
      long id,
      ListKind kind,
      String value,
      Supplier<String> before,
      Supplier<String> after) {

    Audited(String action, Entry gone, String before) {
      this(action, gone.getId(), gone.getKind(), gone.getValue(), () -> before, null);
    }
  }
}
