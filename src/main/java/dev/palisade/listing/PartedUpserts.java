package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A streamed write ({@link Listings#upsertAll}, {@link Listings#syncFeed}) stored in parts of about
 * {@code partEntries} drafts, each part one write of the scope ({@link ScopeWrites}: its own
 * transaction, serial, audit event and row in the change feed), so that H2, which keeps every row a
 * transaction has not committed in the heap, holds one part at a time. A feed's write goes on,
 * after its last draft, with parts of at most {@code partEntries} deletions of the feed's entries
 * its file no longer holds ({@link UpsertBatches.Write#sweep}), found through the entries the parts
 * named ({@link NamedEntries}, ids in memory), so that the deletions do not grow with the feed and
 * what they are found with is a compressed set of ids (130 KB for a million stored together).
 *
 * <p>It stays one change as DNS sees it: an {@link ImportRuns} row holds the scope in every node's
 * index from before the first part until the last part's commit, which deletes it; every part is
 * announced as one to apply by reading the scope again, so the index takes the scope as a whole
 * once the hold is gone. A value given again in a later part counts once, the first draft winning,
 * as in one transaction ({@link NamedEntries}).
 *
 * <p>Each part takes the account's lock ({@link ScopeLocks}, fair) only once its first drafts are
 * there, and a full part ends without waiting to learn whether more follow, so the account's other
 * writes (the API's, the UI's) go between the parts rather than wait for the whole write, and are
 * answered with it once it ends.
 *
 * <p>When the scope has mail servers with own addresses, the drafts are produced once more first,
 * only to refuse one that would block such an address before any part is stored ({@link
 * EntryGuard#checkOwnAddresses}), as one transaction would. The drafts are produced on a thread of
 * their own ({@link DraftHandover}) and handed over a batch at a time, since a part's transaction
 * must end while the producer is half way. Thread-safe.
 */
@Component
class PartedUpserts {

  private final ScopeWrites writes;
  private final UpsertBatches batches;
  private final ListingSettings settings;
  private final EntryGuard guard;
  private final ImportRuns runs;

  PartedUpserts(
      ScopeWrites writes,
      UpsertBatches batches,
      ListingSettings settings,
      EntryGuard guard,
      ImportRuns runs) {
    this.writes = writes;
    this.batches = batches;
    this.settings = settings;
    this.guard = guard;
    this.runs = runs;
  }

  /**
   * Stores the drafts in parts.
   *
   * @param feedId the feed whose entries the write keeps in step with its file, or null
   * @throws PartlyStoredException when the write stops after a part committed: the parts stored so
   *     far stay stored, the scope is released ({@link #release}) and DNS answers them; running the
   *     same write again completes it
   */
  UpsertResult write(
      long scopeId,
      Long feedId,
      EntrySource source,
      Actor actor,
      WriteProgress progress,
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
    NamedEntries named = new NamedEntries();
    Totals totals = new Totals();
    // A run taken over holds parts DNS has not answered yet: its end must be announced too.
    totals.changed = run.tookOver();
    try (DraftHandover handover = new DraftHandover(drafts, batchSize)) {
      boolean ended = false;
      while (!ended) {
        if (!totals.drafted) {
          // The next drafts, or the end of them, are awaited before the account's lock is taken,
          // so that the account's other writes go on while the producer reads.
          totals.drafted = handover.atEnd();
        }
        boolean announce = totals.changed;
        Part part =
            writes.write(
                WriteTarget.scope(scopeId),
                source,
                actor,
                (scope, change) -> {
                  change.unlistAll();
                  runs.alive(runId);
                  long before = totals.done;
                  UpsertBatches.Write write =
                      batches.start(
                          change,
                          scopeId,
                          true,
                          batchSize,
                          feedId,
                          source,
                          actor,
                          done -> progress.stored(before + done),
                          null,
                          named);
                  long room = partEntries;
                  if (!totals.drafted) {
                    long taken = 0;
                    while (taken < partEntries) {
                      List<EntryDraft> batch = handover.next();
                      if (batch == null) {
                        totals.drafted = true;
                        break;
                      }
                      batch.forEach(write::add);
                      taken += batch.size();
                    }
                    // A full part does not wait to learn whether drafts follow, which would hold
                    // the lock while the producer reads: when none do, the next part, with none,
                    // ends the write.
                    write.flush(false);
                    room -= taken;
                  }
                  boolean last = totals.drafted;
                  if (last && feedId != null) {
                    // What the file no longer holds goes once every draft is stored, in parts too.
                    totals.sweptTo = write.sweep(totals.sweptTo, Math.max(0, room));
                    last = totals.sweptTo == UpsertBatches.SWEPT;
                  }
                  boolean wrote = !change.isEmpty();
                  if (last) {
                    runs.endWith(runId);
                    if (announce) {
                      change.announce(); // lifts the hold, and the index reads the scope again
                    }
                  }
                  return new Part(write.result(), write.done(), last, wrote, change);
                });
        totals.add(part);
        ended = part.last();
      }
    } catch (RuntimeException e) {
      if (totals.changed) {
        // Parts are stored that DNS has not answered (this run's, or the one it took over's).
        throw new PartlyStoredException(
            source,
            totals.created + totals.updated + totals.deleted,
            totals.parts,
            e,
            release(scopeId, runId, source, actor, e));
      }
      runs.end(runId); // nothing was stored: no hold to keep
      throw e;
    }
    if (runs.open(runId)) {
      runs.end(runId); // the last part wrote nothing, nor did any before it
    }
    return totals.result();
  }

  /**
   * Releases the scope of a run that failed after a part committed: one write that deletes the
   * run's row and is announced as one to apply by reading the scope again, so that every node's
   * index answers what the database holds — the parts stored, and every other write to the scope
   * meanwhile — rather than hold the scope until someone runs the write again. Returns whether it
   * did; when it could not (the database gone), the row stays until the next start releases it
   * ({@link ImportRuns#releaseLeft}) or the write runs again, and why is added to {@code failure}.
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
      return true;
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return false;
    }
  }

  /** What one part did. */
  private record Part(UpsertResult result, long done, boolean last, boolean wrote, Change change) {}

  /** What the parts did so far, and where the write stands. Used by the writing thread only. */
  private static final class Totals {
    private long created;
    private long updated;
    private long unchanged;
    private long repeated;
    private long kept;
    private long deleted;
    private long done;
    private long serial;
    private int parts;

    /** Whether a part committed something DNS has not answered yet. */
    private boolean changed;

    /** Whether every draft has been stored. */
    private boolean drafted;

    /** The id after which a feed's deletions go on, or {@link UpsertBatches#SWEPT}. */
    private long sweptTo;

    void add(Part part) {
      UpsertResult r = part.result();
      created += r.created();
      updated += r.updated();
      unchanged += r.unchanged();
      repeated += r.repeated();
      kept += r.kept();
      deleted += r.deleted();
      done += part.done();
      serial = part.change().serialAtEnd();
      parts++;
      changed |= part.wrote();
    }

    UpsertResult result() {
      return new UpsertResult(
          (int) created,
          (int) updated,
          (int) unchanged,
          (int) repeated,
          (int) kept,
          (int) deleted,
          serial);
    }
  }
}
