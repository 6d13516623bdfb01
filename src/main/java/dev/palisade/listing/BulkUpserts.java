package dev.palisade.listing;

import dev.palisade.audit.Actor;
import dev.palisade.common.LazyList;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Creates or updates many entries of one scope by value, as one write run by {@link ScopeWrites}:
 * rows are read and written many at a time ({@link EntryBulkStore}), so the cost grows with the
 * batch, not with the scope — one lookup of the stored values, one insert of the new rows and one
 * update of the changed ones, plus their audit records. Thread-safe.
 */
@Component
class BulkUpserts {

  private final ScopeWrites writes;
  private final EntryBulkStore bulk;
  private final EntryStates states;
  private final Clock clock;
  private final EntryGuard guard;

  BulkUpserts(
      ScopeWrites writes, EntryBulkStore bulk, EntryStates states, Clock clock, EntryGuard guard) {
    this.guard = guard;
    this.writes = writes;
    this.bulk = bulk;
    this.states = states;
    this.clock = clock;
  }

  /** See {@link Listings#upsert}. */
  UpsertResult upsert(long scopeId, List<EntryDraft> drafts, EntrySource source, Actor actor) {
    Map<String, Wanted> unique = unique(drafts);
    return writes.write(
        scopeId, source, actor, change -> store(change, scopeId, unique, source, actor));
  }

  /**
   * Drafts by list and canonical value, in the order first given; a value given twice counts once,
   * the last one winning.
   */
  static Map<String, Wanted> unique(List<EntryDraft> drafts) {
    // Keyed by list and canonical value; the canonical text is kept, not formatted again.
    Map<String, Wanted> unique = new LinkedHashMap<>();
    for (EntryDraft draft : drafts) {
      String value = draft.value().canonical();
      unique.put(EntryBulkStore.key(draft.kind(), value), new Wanted(value, draft));
    }
    return unique;
  }

  /** The body of {@link #upsert}, inside its write. */
  private UpsertResult store(
      Change change, long scopeId, Map<String, Wanted> unique, EntrySource source, Actor actor) {
    Instant now = clock.instant();
    guard.checkOwnAddresses(scopeId, unique.values().stream().map(Wanted::draft).toList());
    List<EntryBulkStore.Wanted> asked = new ArrayList<>(unique.size());
    for (Wanted wanted : unique.values()) {
      wanted.draft().checkExpiresAfter(now);
      asked.add(new EntryBulkStore.Wanted(wanted.draft().kind(), wanted.value()));
    }
    Map<String, EntryBulkStore.Stored> stored = bulk.find(scopeId, asked);
    List<Wanted> fresh = new ArrayList<>();
    List<Object[]> updates = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<String, Wanted> item : unique.entrySet()) {
      EntryDraft draft = item.getValue().draft();
      EntryBulkStore.Stored old = stored.get(item.getKey());
      if (old == null) {
        fresh.add(item.getValue());
      } else if (old.differsFrom(draft)) {
        updates.add(EntryBulkStore.updateRow(old, draft, actor.name(), now));
        change.updated(
            old.isActiveAt(now)
                ? change.active(old.id(), scopeId, draft, old.returnCode(), old.reason())
                : null,
            old.value(),
            () ->
                states.json(
                    old.kind(),
                    old.value(),
                    old.returnCode(),
                    old.reason(),
                    old.expiresAt(),
                    old.enabled(),
                    old.source()),
            change.active(old.id(), scopeId, draft, draft.returnCode(), draft.reason()),
            () ->
                states.json(
                    draft.kind(),
                    old.value(),
                    draft.returnCode(),
                    draft.reason(),
                    draft.expiresAt(),
                    true,
                    old.source()));
      } else {
        unchanged++;
      }
    }
    // New rows go in by value: each index on the value then takes its inserts in order, page
    // after page, instead of at random places all over a tree larger than the database's cache
    // (a hundred thousand random addresses into a million-entry table: 2.5 s sorted, 3.8 s not).
    fresh.sort(Comparator.comparing(Wanted::value));
    long[] ids = bulk.newIds(fresh.size());
    for (int i = 0; i < ids.length; i++) {
      EntryDraft draft = fresh.get(i).draft();
      String value = fresh.get(i).value();
      change.created(
          change.active(ids[i], scopeId, draft, draft.returnCode(), draft.reason()),
          value,
          () ->
              states.json(
                  draft.kind(),
                  value,
                  draft.returnCode(),
                  draft.reason(),
                  draft.expiresAt(),
                  true,
                  source));
    }
    // Rows and audit states are made while they are written, not held all at once: a
    // million-entry import keeps only its drafts and what DNS needs in memory.
    bulk.insert(
        LazyList.of(
            ids.length,
            i ->
                EntryBulkStore.newRow(
                    ids[i],
                    scopeId,
                    fresh.get(i).draft(),
                    fresh.get(i).value(),
                    source,
                    actor.name(),
                    now)));
    bulk.update(updates);
    return new UpsertResult(fresh.size(), updates.size(), unchanged);
  }

  /** A draft and its value's canonical text. */
  record Wanted(String value, EntryDraft draft) {}
}
