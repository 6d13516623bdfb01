package dev.palisade.listing;

import dev.palisade.audit.Actor;
import dev.palisade.common.LazyList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Stores the drafts of one bulk write ({@link BulkUpserts}, {@link PartedUpserts}) gathered into
 * batches, batch by batch, inside the write's transaction: per batch one lookup of the stored
 * values, one insert of the new rows and one update of the changed ones, plus their audit records
 * ({@link Change#flushAudit}); a feed's write then deletes the feed's entries no batch named
 * ({@link Write#sweep}). Or, given a {@link StagedUpserts.Write}, only stages the batches for it.
 * Thread-safe; each {@link Write} is one write's, on its thread.
 */
@Component
class UpsertBatches {

  /** What {@link Write#sweep} returns once no entry is left to delete. */
  static final long SWEPT = -1;

  private final EntryBulkStore bulk;
  private final EntryStates states;
  private final EntryGuard guard;

  UpsertBatches(EntryBulkStore bulk, EntryStates states, EntryGuard guard) {
    this.bulk = bulk;
    this.states = states;
    this.guard = guard;
  }

  /**
   * Starts storing the drafts of one write, in its change.
   *
   * @param streamed whether the drafts come in batches of {@code batchSize}, a value's first draft
   *     counting; otherwise they are one batch, where the last one counts
   * @param feedId the feed whose entries the write keeps in step with its file, or null
   * @param progress told how far the write got ({@link WriteProgress})
   * @param staged the set-based write the batches are staged for, or null when they are stored one
   *     by one
   * @param named what the earlier parts of a write stored in parts named ({@link PartedUpserts}),
   *     which this part adds to, or null when this write is the whole write
   */
  Write start(
      Change change,
      long scopeId,
      boolean streamed,
      int batchSize,
      Long feedId,
      EntrySource source,
      Actor actor,
      WriteProgress progress,
      StagedUpserts.Write staged,
      NamedEntries named) {
    return new Write(
        change, scopeId, streamed, batchSize, feedId, source, actor, progress, staged, named);
  }

  /**
   * Drafts by list and canonical value, in the order first given; a value given twice counts once,
   * the last one winning.
   */
  static Map<String, Wanted> unique(List<EntryDraft> drafts) {
    // Keyed by list and canonical value; the canonical text is kept, not formatted again.
    Map<String, Wanted> unique = new LinkedHashMap<>();
    for (EntryDraft draft : drafts) {
      put(unique, draft, false);
    }
    return unique;
  }

  /**
   * Adds a draft to a batch keyed by list and canonical value; returns false when the batch names
   * the value already and {@code firstCounts} keeps the draft there, true otherwise.
   */
  private static boolean put(Map<String, Wanted> batch, EntryDraft draft, boolean firstCounts) {
    String value = draft.value().canonical();
    String key = EntryBulkStore.key(draft.kind(), value);
    Wanted wanted = new Wanted(value, draft);
    if (firstCounts) {
      return batch.putIfAbsent(key, wanted) == null;
    }
    batch.put(key, wanted);
    return true;
  }

  /** A draft and its value's canonical text. */
  record Wanted(String value, EntryDraft draft) {}

  /**
   * The drafts of one write, gathered into batches and stored batch by batch. Streamed, a value's
   * first draft counts, in its batch and across batches ({@link EntryBulkStore#findBatch} tells the
   * repeats, or the {@link NamedEntries} across the parts of a write stored in parts), so that
   * storing the same drafts again finds every entry unchanged; otherwise the drafts are one batch,
   * where the last one counts.
   */
  final class Write {
    private final Change change;
    private final long scopeId;
    private final boolean streamed;
    private final int batchSize;
    private final Long feedId;
    private final EntrySource source;
    private final Actor actor;
    private final WriteProgress progress;
    private final StagedUpserts.Write staged;
    private final NamedEntries named;

    private Map<String, Wanted> pending = new LinkedHashMap<>();
    private int batch;
    private long done;
    private int created;
    private int updated;
    private int unchanged;
    private int repeated;
    private int kept;
    private int deleted;

    private Write(
        Change change,
        long scopeId,
        boolean streamed,
        int batchSize,
        Long feedId,
        EntrySource source,
        Actor actor,
        WriteProgress progress,
        StagedUpserts.Write staged,
        NamedEntries named) {
      this.staged = staged;
      this.change = change;
      this.scopeId = scopeId;
      this.streamed = streamed;
      this.batchSize = batchSize;
      this.feedId = feedId;
      this.source = source;
      this.actor = actor;
      this.progress = progress;
      this.named = named;
    }

    void add(EntryDraft draft) {
      if (!put(pending, draft, streamed)) {
        repeated++;
      }
      if (streamed && pending.size() >= batchSize) {
        flush(true);
      }
    }

    /**
     * Stores the pending batch, writes its audit records, and reports progress.
     *
     * @param more whether more drafts may follow
     */
    void flush(boolean more) {
      if (pending.isEmpty()) {
        return;
      }
      if (staged != null) {
        check(pending);
        staged.stage(pending.values(), batch);
      } else {
        store(pending, more);
        change.flushAudit();
      }
      done += pending.size();
      batch++;
      pending = new LinkedHashMap<>();
      if (staged != null) {
        progress.staged(done); // stored only at the end ({@link #finishStaged})
      } else {
        progress.stored(done);
      }
    }

    /** Stores what {@link #flush} staged, all at once, counts it and reports it stored. */
    void finishStaged() {
      progress.storing(done);
      StagedUpserts.Counts counts = staged.finish();
      progress.stored(done);
      created += counts.created();
      updated += counts.updated();
      unchanged += counts.unchanged();
      repeated += counts.repeated();
      kept += counts.kept();
      deleted += counts.deleted();
    }

    /** The drafts stored so far, each batch's unique ones. */
    long done() {
      return done;
    }

    UpsertResult result() {
      return new UpsertResult(created, updated, unchanged, repeated, kept, deleted);
    }

    /**
     * Deletes the feed's entries that the write's drafts did not name — what its file no longer
     * holds — in the order of their ids from {@code after} on, a batch at a time, each with its
     * audit record, at most {@code most} of them: so that a write in parts ({@link PartedUpserts})
     * deletes a part's worth in each and the next part goes on where it stopped. The drafts named
     * are the ones this write's batches kept ({@link EntryBulkStore#findBatch}), in the database,
     * or those every part of a write stored in parts named ({@link NamedEntries}), by id in memory.
     * Only after the last draft.
     *
     * @return the id of the last entry deleted when it stopped at {@code most}, or {@link #SWEPT}
     *     once no entry is left to delete
     */
    long sweep(long after, long most) {
      if (named == null && batch == 0) {
        bulk.seenNone();
      }
      long swept = 0;
      long from = after;
      while (true) {
        int limit = (int) Math.min(batchSize, most - swept);
        if (limit == 0) {
          return from;
        }
        List<EntryBulkStore.Stored> gone =
            named != null
                ? bulk.unnamed(scopeId, feedId, named, from, limit)
                : bulk.unseen(scopeId, feedId, from, limit);
        List<Long> ids = new ArrayList<>(gone.size());
        for (EntryBulkStore.Stored old : gone) {
          ids.add(old.id());
          change.deleted(
              old.id(),
              old.kind(),
              old.value(),
              old.isActiveAt(change.now()) ? change.active(old) : null,
              () -> state(old));
        }
        bulk.delete(ids);
        deleted += gone.size();
        swept += gone.size();
        change.flushAudit();
        if (gone.size() < limit) {
          return SWEPT;
        }
        from = ids.get(ids.size() - 1);
      }
    }

    private String state(EntryBulkStore.Stored old) {
      return states.json(
          old.kind(),
          old.value(),
          old.returnCode(),
          old.reason(),
          old.expiresAt(),
          old.enabled(),
          old.source());
    }

    /** One batch: its stored rows looked up, the new ones inserted, the changed ones updated. */
    private void store(Map<String, Wanted> unique, boolean more) {
      Instant now = change.now();
      check(unique);
      List<EntryBulkStore.Wanted> asked = new ArrayList<>(unique.size());
      for (Wanted wanted : unique.values()) {
        asked.add(new EntryBulkStore.Wanted(wanted.draft().kind(), wanted.value()));
      }
      Map<String, EntryBulkStore.Stored> stored;
      Set<String> repeats = Set.of();
      if (named != null) {
        stored = bulk.find(scopeId, asked);
        repeats = namedBefore(stored);
      } else if (streamed) {
        EntryBulkStore.Found found = bulk.findBatch(scopeId, asked, batch, more);
        stored = found.stored();
        repeats = found.repeated();
      } else {
        stored = bulk.find(scopeId, asked);
      }
      List<Wanted> fresh = new ArrayList<>();
      List<Object[]> updates = new ArrayList<>();
      for (Map.Entry<String, Wanted> item : unique.entrySet()) {
        EntryDraft draft = item.getValue().draft();
        EntryBulkStore.Stored old = stored.get(item.getKey());
        if (repeats.contains(item.getKey())) {
          repeated++; // named by an earlier batch of this write: the first one counts
        } else if (old != null && !owns(old)) {
          kept++;
        } else if (old == null) {
          fresh.add(item.getValue());
        } else if (old.differsFrom(draft)) {
          updates.add(EntryBulkStore.updateRow(old, draft, actor.name(), now));
          updated(old, draft);
        } else {
          unchanged++;
        }
      }
      insert(fresh, now);
      bulk.update(updates);
      created += fresh.size();
      updated += updates.size();
    }

    /**
     * Of the entries a batch found stored, the keys of those an earlier batch of the write stored
     * in parts named (its first draft counts); the others are named from now on.
     */
    private Set<String> namedBefore(Map<String, EntryBulkStore.Stored> stored) {
      Set<String> repeats = new HashSet<>();
      for (Map.Entry<String, EntryBulkStore.Stored> found : stored.entrySet()) {
        long id = found.getValue().id();
        if (named.contains(id)) {
          repeats.add(found.getKey());
        } else {
          named.add(id);
        }
      }
      return repeats;
    }

    /**
     * Refuses a batch that would block a mail server's own address (inside the write, batch by
     * batch, whatever the channel) or that holds an expiry not in the future.
     */
    private void check(Map<String, Wanted> unique) {
      guard.checkOwnAddresses(scopeId, unique.values().stream().map(Wanted::draft).toList());
      for (Wanted wanted : unique.values()) {
        wanted.draft().checkExpiresAfter(change.now());
      }
    }

    /**
     * Whether this write may change the stored entry: a feed only its own entries, which no other
     * write changes (a local entry of the same value wins where the decision rule lets it).
     */
    private boolean owns(EntryBulkStore.Stored old) {
      return feedId != null ? feedId.equals(old.feedId()) : old.feedId() == null;
    }

    private void updated(EntryBulkStore.Stored old, EntryDraft draft) {
      change.updated(
          old.isActiveAt(change.now())
              ? change.active(old.id(), scopeId, draft, old.returnCode(), old.reason())
              : null,
          old.value(),
          () -> state(old),
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
    }

    private void insert(List<Wanted> fresh, Instant now) {
      // New rows go in by value: each index on the value then takes its inserts in order, page
      // after page, instead of at random places all over a tree larger than the database's cache
      // (a hundred thousand random addresses into a million-entry table: 2.5 s sorted, 3.8 s not).
      fresh.sort(Comparator.comparing(Wanted::value));
      long[] ids = bulk.newIds(fresh.size());
      if (named != null) {
        for (long id : ids) {
          named.add(id);
        }
      }
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
      // Rows and audit states are made while they are written, not held all at once.
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
                      now,
                      feedId)));
    }
  }
}
