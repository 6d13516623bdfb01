package dev.palisade.listing;

import dev.palisade.account.ScopeDetails;
import dev.palisade.account.SerialBump;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.LazyList;
import dev.palisade.dnsbl.ListKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What one write of a scope changed: for DNS, the entries that stop and start answering (announced
 * as one {@link EntriesChanged}), and for the audit trail, each entry's state before and after. The
 * write's body fills it in; {@link ScopeWrites} reads it when the body is done. It also says how an
 * entry answers in DNS ({@link #active}), the return code resolved against the list's default.
 *
 * <p>Not thread-safe: one per write, used by the writing thread.
 */
final class Change {

  private final Instant now;
  private final EntryStates states;
  private final ListingSettings settings;
  private final List<ActiveEntry> removed = new ArrayList<>();
  private final List<ActiveEntry> added = new ArrayList<>();
  private final List<Audited> audited = new ArrayList<>();
  private Long undoes;

  /**
   * @param now the moment of the write, as a row keeps it ({@link Entry#rowTime})
   */
  Change(Instant now, EntryStates states, ListingSettings settings) {
    this.now = now;
    this.states = states;
    this.settings = settings;
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
    added.add(entry);
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
      removed.add(before);
    }
    added.add(after);
    audited.add(new Audited("UPDATE", after.id(), after.kind(), value, beforeState, afterState));
  }

  void deleted(Entry entry) {
    if (entry.isActiveAt(now)) {
      removed.add(active(entry));
    }
    audited.add(new Audited("DELETE", entry, states.json(entry)));
  }

  void expired(Entry entry) {
    removed.add(active(entry));
    audited.add(new Audited("EXPIRE", entry, states.json(entry)));
  }

  /** Marks this write as the undo of an audited change, which its audit event names. */
  void undoes(long eventId) {
    undoes = eventId;
  }

  /** The audited change this write undoes, or null. */
  Long undoes() {
    return undoes;
  }

  /** Whether nothing changed: then the write keeps the scope's old serial. */
  boolean isEmpty() {
    return audited.isEmpty();
  }

  EntriesChanged toEvent(long scopeId, SerialBump serial) {
    return new EntriesChanged(scopeId, serial.previous(), serial.serial(), removed, added);
  }

  /** The audit records, each made (states and all) when it is read. */
  List<AuditRecord> auditRecords(ScopeDetails scope, EntrySource source, Actor actor) {
    String on = " on " + scope.displayName();
    String sourceName = source.name().toLowerCase(Locale.ROOT);
    return LazyList.of(
        audited.size(),
        i -> {
          Audited a = audited.get(i);
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
