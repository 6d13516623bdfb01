package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Creates or updates many entries of one scope by value, as one write run by {@link ScopeWrites}:
 * rows are read and written a batch at a time ({@link ListingSettings#bulkBatch()}, through {@link
 * EntryBulkStore}), so the cost grows with the drafts, not with the scope — per batch one lookup of
 * the stored values, one insert of the new rows and one update of the changed ones, plus their
 * audit records — and the memory with the batch, not with the drafts: a streamed write ({@link
 * #upsertAll}) of ten million drafts holds one batch of them, and the change keeps at most {@link
 * ListingSettings#maxListedChange()} entries for DNS and the change feed. On PostgreSQL a streamed
 * write only stages its batches and stores them all at once, set-based ({@link StagedUpserts}); on
 * H2 a write too large for one transaction is stored in parts ({@link PartedUpserts}). The batches
 * themselves are {@link UpsertBatches}'. Thread-safe.
 */
@Component
class BulkUpserts {

  private final ScopeWrites writes;
  private final UpsertBatches batches;
  private final ListingSettings settings;
  private final StagedUpserts staged;
  private final PartedUpserts parted;

  BulkUpserts(
      ScopeWrites writes,
      UpsertBatches batches,
      ListingSettings settings,
      StagedUpserts staged,
      PartedUpserts parted) {
    this.writes = writes;
    this.batches = batches;
    this.settings = settings;
    this.staged = staged;
    this.parted = parted;
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
      long scopeId, EntrySource source, Actor actor, WriteProgress progress, DraftProducer drafts) {
    return upsertAll(scopeId, source, actor, progress, drafts, Long.MAX_VALUE);
  }

  /**
   * See {@link Listings#upsertAll(long, EntrySource, Actor, WriteProgress, DraftProducer, long)}:
   * where the write is stored batch by batch (H2), it commits every {@code partEntries} drafts
   * ({@link PartedUpserts}); set-based (PostgreSQL) it stays one transaction, whose size does not
   * grow the heap there.
   */
  UpsertResult upsertAll(
      long scopeId,
      EntrySource source,
      Actor actor,
      WriteProgress progress,
      DraftProducer drafts,
      long partEntries) {
    if (inParts(partEntries)) {
      return parted.write(scopeId, null, source, actor, progress, drafts, partEntries);
    }
    return streamed(scopeId, null, source, actor, progress, drafts, staged.applies());
  }

  /**
   * See {@link Listings#syncFeed}: where the write is stored batch by batch (H2), it commits every
   * {@code partEntries} drafts, then every {@code partEntries} deletions ({@link PartedUpserts});
   * set-based (PostgreSQL) it stays one transaction.
   */
  UpsertResult syncFeed(
      long scopeId,
      long feedId,
      Actor actor,
      WriteProgress progress,
      DraftProducer drafts,
      long partEntries) {
    if (inParts(partEntries)) {
      return parted.write(scopeId, feedId, EntrySource.FEED, actor, progress, drafts, partEntries);
    }
    return streamed(scopeId, feedId, EntrySource.FEED, actor, progress, drafts, staged.applies());
  }

  private boolean inParts(long partEntries) {
    return !staged.applies() && partEntries < Long.MAX_VALUE;
  }

  /**
   * A streamed write ({@link #upsertAll}, or {@link #syncFeed} when {@code feedId} is given) in one
   * transaction, stored set-based in the database ({@link StagedUpserts}, what PostgreSQL gets) or
   * batch by batch (what H2 gets). Both store, count, audit and announce the same; tests compare
   * them through this.
   */
  UpsertResult streamed(
      long scopeId,
      Long feedId,
      EntrySource source,
      Actor actor,
      WriteProgress progress,
      DraftProducer drafts,
      boolean setBased) {
    return write(
        scopeId, source, actor, progress, true, settings.bulkBatch(), feedId, drafts, setBased);
  }

  private UpsertResult write(
      long scopeId,
      EntrySource source,
      Actor actor,
      WriteProgress progress,
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
          UpsertBatches.Write write =
              batches.start(
                  change,
                  scopeId,
                  streamed,
                  Math.max(1, batchSize),
                  feedId,
                  source,
                  actor,
                  progress,
                  setBased ? staged.start(scope, change, source, actor, feedId) : null,
                  null);
          drafts.produce(write::add);
          if (setBased) {
            write.flush(true);
            write.finishStaged();
            return write.result().atSerial(change.serialAtEnd());
          }
          // A feed's last batch is kept with the others: the sweep asks what none of them named.
          write.flush(feedId != null);
          if (feedId != null) {
            write.sweep(0, Long.MAX_VALUE);
          }
          return write.result().atSerial(change.serialAtEnd());
        });
  }
}
