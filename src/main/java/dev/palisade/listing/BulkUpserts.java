package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import dev.palisade.common.LazyList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/**
 * Creates or updates many entries of one scope by value, as one write run by {@link ScopeWrites}:
 * rows are read and written a batch at a time ({@link ListingSettings#bulkBatch()}, through {@link
 * EntryBulkStore}), so the cost grows with the drafts, not with the scope — per batch one lookup of
 * the stored values, one insert of the new rows and one update of the changed ones, plus their
 * audit records — and the memory with the batch, not with the drafts: a streamed write ({@link
 * #upsertAll}) of ten million drafts holds one batch of them, and the change keeps at most {@link
 * ListingSettings#maxListedChange()} entries for DNS and the change feed. On PostgreSQL a streamed
 * write only stages its batches and stores them all at once, set-based ({@link StagedUpserts}).
 * Thread-safe.
 */
@Component
class BulkUpserts {

  private final ScopeWrites writes;
  private final EntryBulkStore bulk;
  private final EntryStates states;
  private final ListingSettings settings;
  private final EntryGuard guard;
  private final StagedUpserts staged;
  private final ImportRuns runs;

  BulkUpserts(
      ScopeWrites writes,
      EntryBulkStore bulk,
      EntryStates states,
      ListingSettings settings,
      EntryGuard guard,
      StagedUpserts staged,
      ImportRuns runs) {
    this.runs = runs;
    this.guard = guard;
    this.staged = staged;
    this.writes = writes;
    this.bulk = bulk;
    this.states = states;
    this.settings = settings;
  }

  /**
   * See {@link Listings#upsert}: the drafts, already in memory, are one batch, in which a repeated
   * value's last draft counts.
   */
  UpsertResult upsert(long scopeId, List<EntryDraft> drafts, EntrySource source, Actor actor) {
    return write(
        scopeId, source, actor, done -> {}, false, drafts.size(), null, drafts::forEach, false);
  }

  /**
   * See {@link Listings#upsertAll}: batches of {@link ListingSettings#bulkBatch()}, a repeated
   * value's first draft counting.
   */
  UpsertResult upsertAll(
      long scopeId, EntrySource source, Actor actor, LongConsumer progress, DraftProducer drafts) {
    return upsertAll(scopeId, source, actor, progress, drafts, Long.MAX_VALUE);
  }

  /**
   * See {@link Listings#upsertAll(long, EntrySource, Actor, LongConsumer, DraftProducer, long)}:
   * where the write is stored batch by batch (H2), it commits every {@code partEntries} drafts
   * ({@link #inParts}); set-based (PostgreSQL) it stays one transaction, whose size does not grow
   * the heap there.
   */
  UpsertResult upsertAll(
      long scopeId,
      EntrySource source,
      Actor actor,
      LongConsumer progress,
      DraftProducer drafts,
      long partEntries) {
    if (!staged.applies() && partEntries < Long.MAX_VALUE) {
      return inParts(scopeId, source, actor, progress, drafts, partEntries);
    }
    return streamed(scopeId, null, source, actor, progress, drafts, staged.applies());
  }

  /**
   * A streamed write stored in parts of about {@code partEntries} drafts, each part one write of
   * the scope ({@link ScopeWrites}: its own transaction, serial, audit event and row in the change
   * feed), so that H2, which keeps every row a transaction has not committed in the heap, holds one
   * part at a time. It stays one change as DNS sees it: an {@link ImportRuns} row holds the scope
   * in every node's index from before the first part until the last part's commit, which deletes
   * it; every part is announced as one to apply by reading the scope again, so the index takes the
   * scope as a whole once the hold is gone. A value given again in a later part counts once, the
   * first draft winning, as in one transaction ({@link ImportRuns#repeatedThenRemember}).
   *
   * <p>When the scope has mail servers with own addresses, the drafts are produced once more first,
   * only to refuse one that would block such an address before any part is stored ({@link
   * EntryGuard#checkOwnAddresses}), as one transaction would. The drafts are produced on a thread
   * of their own ({@link DraftHandover}) and handed over a batch at a time, since a part's
   * transaction must end while the producer is half way.
   *
   * @throws PartlyStoredException when the write stops after a part committed: the parts stored so
   *     far stay stored, the scope is released ({@link #release}) and DNS answers them; running the
   *     same write again completes it
   */
  private UpsertResult inParts(
      long scopeId,
      EntrySource source,
      Actor actor,
      LongConsumer progress,
      DraftProducer drafts,
      long partEntries) {
    int batchSize = (int) Math.max(1, Math.min(settings.bulkBatch(), partEntries));
    if (guard.guardsOwnAddresses(scopeId)) {
      // Refused in a later part, a draft would leave the parts before it stored: all are checked
      // first, at the cost of one more pass of the producer.
      List<EntryDraft> batch = new ArrayList<>(batchSize);
      drafts.produce(
          draft -> {
            batch.add(draft);
            if (batch.size() >= batchSize) {
              guard.checkOwnAddresses(scopeId, batch);
              batch.clear();
            }
          });
      guard.checkOwnAddresses(scopeId, batch);
    }
    ImportRuns.Run run = runs.start(scopeId, actor.name());
    long runId = run.id();
    long[] totals = new long[7]; // created, updated, unchanged, repeated, kept, done, serial
    int parts = 0;
    // A run taken over holds parts DNS has not answered yet: its end must be announced too.
    boolean changed = run.tookOver();
    boolean ended = false;
    try (DraftHandover handover = new DraftHandover(drafts, batchSize)) {
      while (!ended) {
        boolean announce = changed;
        Part part =
            writes.write(
                WriteTarget.scope(scopeId),
                source,
                actor,
                (scope, change) -> {
                  change.unlistAll();
                  runs.alive(runId);
                  long before = totals[5];
                  Batches batches =
                      new Batches(
                          change,
                          scopeId,
                          true,
                          batchSize,
                          null,
                          source,
                          actor,
                          done -> progress.accept(before + done),
                          null);
                  batches.runId = runId;
                  long taken = 0;
                  boolean last = false;
                  while (!last) {
                    List<EntryDraft> batch = handover.next();
                    if (batch == null) {
                      last = true;
                    } else {
                      batch.forEach(batches::add);
                      taken += batch.size();
                      if (taken >= partEntries) {
                        break;
                      }
                    }
                  }
                  last = last || handover.atEnd();
                  batches.flush(false);
                  boolean wrote = !change.isEmpty();
                  if (last) {
                    runs.endWith(runId);
                    if (announce) {
                      change.announce(); // lifts the hold, and the index reads the scope again
                    }
                  }
                  return new Part(batches.result(), batches.done, last, wrote, change);
                });
        parts++;
        changed |= part.wrote();
        ended = part.last();
        UpsertResult r = part.result();
        totals[0] += r.created();
        totals[1] += r.updated();
        totals[2] += r.unchanged();
        totals[3] += r.repeated();
        totals[4] += r.kept();
        totals[5] += part.done();
        totals[6] = part.change().serialAtEnd();
      }
    } catch (RuntimeException e) {
      if (changed) {
        // Parts are stored that DNS has not answered (this run's, or the one it took over's).
        throw new PartlyStoredException(
            totals[0] + totals[1], parts, e, release(scopeId, runId, source, actor, e));
      }
      runs.end(runId); // nothing was stored: no hold to keep
      runs.clear(runId);
      throw e;
    }
    if (runs.open(runId)) {
      runs.end(runId); // the last part wrote nothing, nor did any before it
    }
    runs.clear(runId);
    return new UpsertResult(
        (int) totals[0],
        (int) totals[1],
        (int) totals[2],
        (int) totals[3],
        (int) totals[4],
        0,
        totals[6]);
  }

  /**
   * Releases the scope of a run that failed after a part committed: one write that deletes the
   * run's row and is announced as one to apply by reading the scope again, so that every node's
   * index answers what the database holds — the parts stored, and every other write to the scope
   * meanwhile — rather than hold the scope until someone runs the import again. Returns whether it
   * did; when it could not (the database gone), the row stays until the next start releases it
   * ({@link ImportRuns#releaseLeft}) or the import runs again, and why is added to {@code failure}.
   */
  private boolean release(
      long scopeId, long runId, EntrySource source, Actor actor, RuntimeException failure) {
    try {
      writes.write(
          WriteTarget.scope(scopeId),
          source,
          actor,
          (scope, change) -> {
            change.unlistAll();
            runs.endWith(runId);
            change.announce(); // a new serial: nodes read the scope again
            return null;
          });
      runs.clear(runId);
      return true;
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return false;
    }
  }

  /** What one part of {@link #inParts} did. */
  private record Part(UpsertResult result, long done, boolean last, boolean wrote, Change change) {}

  /** See {@link Listings#syncFeed}. */
  UpsertResult syncFeed(
      long scopeId, long feedId, Actor actor, LongConsumer progress, DraftProducer drafts) {
    return streamed(scopeId, feedId, EntrySource.FEED, actor, progress, drafts, staged.applies());
  }

  /**
   * A streamed write ({@link #upsertAll}, or {@link #syncFeed} when {@code feedId} is given),
   * stored set-based in the database ({@link StagedUpserts}, what PostgreSQL gets) or batch by
   * batch (what H2 gets). Both store, count, audit and announce the same; tests compare them
   * through this.
   */
  UpsertResult streamed(
      long scopeId,
      Long feedId,
      EntrySource source,
      Actor actor,
      LongConsumer progress,
      DraftProducer drafts,
      boolean setBased) {
    return write(
        scopeId, source, actor, progress, true, settings.bulkBatch(), feedId, drafts, setBased);
  }

  private UpsertResult write(
      long scopeId,
      EntrySource source,
      Actor actor,
      LongConsumer progress,
      boolean streamed,
      int batchSize,
      Long feedId,
      DraftProducer drafts,
      boolean setBased) {
    return writes.write(
        WriteTarget.scope(scopeId),
        source,
        actor,
        (scope, change) -> {
          Batches batches =
              new Batches(
                  change,
                  scopeId,
                  streamed,
                  Math.max(1, batchSize),
                  feedId,
                  source,
                  actor,
                  progress,
                  setBased ? staged.start(scope, change, source, actor, feedId) : null);
          drafts.produce(batches::add);
          if (setBased) {
            batches.flush(true);
            batches.finishStaged();
            return batches.result().atSerial(change.serialAtEnd());
          }
          // A feed's last batch is kept with the others: the sweep asks what none of them named.
          batches.flush(feedId != null);
          if (feedId != null) {
            batches.sweep();
          }
          return batches.result().atSerial(change.serialAtEnd());
        });
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

  /**
   * The drafts of one write, gathered into batches and stored batch by batch. Streamed, a value's
   * first draft counts, in its batch and across batches ({@link EntryBulkStore#findBatch} tells the
   * repeats), so that storing the same drafts again finds every entry unchanged; otherwise the
   * drafts are one batch, where the last one counts.
   */
  private final class Batches {
    private final Change change;
    private final long scopeId;
    private final boolean streamed;
    private final int batchSize;

    /** The feed whose entries this write keeps in step with its file, or null. */
    private final Long feedId;

    private final EntrySource source;
    private final Actor actor;
    private final LongConsumer progress;

    /** The set-based write the batches are staged for, or null when they are stored one by one. */
    private final StagedUpserts.Write staged;

    /** The {@link ImportRuns} run this write is a part of, or null when it is the whole write. */
    private Long runId;

    private Map<String, Wanted> pending = new LinkedHashMap<>();
    private int batch;
    private long done;
    private int created;
    private int updated;
    private int unchanged;
    private int repeated;
    private int kept;
    private int deleted;

    Batches(
        Change change,
        long scopeId,
        boolean streamed,
        int batchSize,
        Long feedId,
        EntrySource source,
        Actor actor,
        LongConsumer progress,
        StagedUpserts.Write staged) {
      this.staged = staged;
      this.change = change;
      this.scopeId = scopeId;
      this.streamed = streamed;
      this.batchSize = batchSize;
      this.feedId = feedId;
      this.source = source;
      this.actor = actor;
      this.progress = progress;
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
      long before = done;
      done += pending.size();
      batch++;
      pending = new LinkedHashMap<>();
      // Staged drafts are stored only at the end: until then, progress stays a batch behind, so
      // that "all stored" is told once they are ({@link #finishStaged}).
      progress.accept(staged != null ? before : done);
    }

    /** Stores what {@link #flush} staged, all at once, counts it and reports it stored. */
    void finishStaged() {
      StagedUpserts.Counts counts = staged.finish();
      progress.accept(done);
      created += counts.created();
      updated += counts.updated();
      unchanged += counts.unchanged();
      repeated += counts.repeated();
      kept += counts.kept();
      deleted += counts.deleted();
    }

    UpsertResult result() {
      return new UpsertResult(created, updated, unchanged, repeated, kept, deleted);
    }

    /**
     * Deletes the feed's entries that no batch named: what its file no longer holds. A batch at a
     * time, each row gone from the query once deleted.
     */
    void sweep() {
      if (batch == 0) {
        bulk.seenNone();
      }
      while (true) {
        List<EntryBulkStore.Stored> gone = bulk.unseen(scopeId, feedId, batchSize);
        if (gone.isEmpty()) {
          return;
        }
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
        change.flushAudit();
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
      if (runId != null) {
        stored = bulk.find(scopeId, asked);
        repeats = runs.repeatedThenRemember(runId, asked);
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

  /** A draft and its value's canonical text. */
  record Wanted(String value, EntryDraft draft) {}
}
