package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.DecisionRule;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Service;

/**
 * What other features do with entries: the only writer of entries, and their reads. Each write is
 * one transaction that also gives the scope a new serial, and announces what changed for DNS as one
 * {@link EntriesChanged} after commit ({@link ScopeWrites} runs them all).
 *
 * <p>Thread-safe. Writes to one scope are serialized, and the after-commit announcement runs before
 * the write returns, so a change is visible to DNS when the call returns. Callers must not wrap
 * writes in a transaction of their own: the announcement would then come after the lock is
 * released, so a write refuses to run in one ({@link IllegalStateException}).
 */
@Service
public class Listings {

  private final EntryWrites writes;
  private final BulkUpserts upserts;
  private final Expiries expiries;
  private final EntryReads reads;
  private final EntryBatches batches;
  private final EntryUndo undo;

  Listings(
      EntryWrites writes,
      BulkUpserts upserts,
      Expiries expiries,
      EntryReads reads,
      EntryBatches batches,
      EntryUndo undo) {
    this.undo = undo;
    this.writes = writes;
    this.upserts = upserts;
    this.expiries = expiries;
    this.reads = reads;
    this.batches = batches;
  }

  /**
   * Adds one entry to a scope. {@link ConflictException} when the scope's list already holds the
   * value; {@link NotFoundException} when the scope does not exist.
   */
  public Entry create(long scopeId, EntryDraft draft, EntrySource source, Actor actor) {
    return create(WriteTarget.scope(scopeId), draft, source, actor);
  }

  /**
   * Adds one entry to the target's scope: {@link #create(long, EntryDraft, EntrySource, Actor)}
   * with the scope found (and the caller's right checked) by the write itself.
   */
  public Entry create(WriteTarget target, EntryDraft draft, EntrySource source, Actor actor) {
    return writes.create(target, draft, source, actor);
  }

  /**
   * Creates or updates entries by value, all in one transaction: nothing is stored unless every
   * draft is stored. A value given twice in one batch counts once, the last one winning. An entry
   * already exactly as asked is left alone (counted as unchanged, not audited).
   *
   * <p>Rows are read and written many at a time ({@link EntryBulkStore}), so the cost grows with
   * the batch, not with the scope: one lookup of the stored values, one insert of the new rows and
   * one update of the changed ones, plus their audit records.
   */
  public UpsertResult upsert(
      long scopeId, List<EntryDraft> drafts, EntrySource source, Actor actor) {
    return upserts.upsert(scopeId, drafts, source, actor);
  }

  /**
   * Creates or updates entries by value as {@link #upsert} does, all in one transaction, with the
   * drafts handed over one at a time by {@code drafts} from inside the write: they are stored a
   * batch at a time ({@code palisade.listing.bulk-batch}), so the memory of the write is bounded by
   * settings, not by the number of drafts. Re-storing what is already stored writes nothing and
   * keeps the scope's serial. A change of more than {@code palisade.listing.max-listed-change}
   * entries is announced, and recorded in the change feed, as one that readers apply by reading the
   * scope again. A value given more than once counts once, the first draft winning (rbldnsd's rule,
   * and what keeps storing the same drafts again a change of nothing).
   *
   * @param progress told how far the write got ({@link WriteProgress})
   * @param drafts hands the drafts over; whatever it throws rolls the write back and passes through
   */
  public UpsertResult upsertAll(
      long scopeId, EntrySource source, Actor actor, WriteProgress progress, DraftProducer drafts) {
    return upserts.upsertAll(scopeId, source, actor, progress, drafts);
  }

  /**
   * Stores the drafts as {@link #upsertAll(long, EntrySource, Actor, WriteProgress, DraftProducer)}
   * does, but where the database keeps a transaction's rows in this process's heap (H2), commits
   * every {@code transactionEntries} drafts, so that the heap holds one part, not the write. DNS
   * still takes the write as one change: every node's index keeps answering the scope as it was
   * until the last part has committed. The audit trail has one event per part, each with the actor
   * and the source; the change feed one row per part. On PostgreSQL the write stays one
   * transaction. {@code Long.MAX_VALUE}: one transaction everywhere.
   *
   * @throws PartlyStoredException when the write stops after a part committed: the scope is
   *     released, so DNS answers the parts stored; running it again completes it
   */
  public UpsertResult upsertAll(
      long scopeId,
      EntrySource source,
      Actor actor,
      WriteProgress progress,
      DraftProducer drafts,
      long transactionEntries) {
    return upserts.upsertAll(scopeId, source, actor, progress, drafts, transactionEntries);
  }

  /**
   * Brings a feed's entries in a scope in step with its file, as one change, writing only the
   * difference: the drafts are stored as {@link #upsertAll} stores them, marked as the feed's
   * ({@link EntrySource#FEED}); the feed's entries the drafts no longer name are deleted. A value
   * the scope's list already holds from elsewhere (a local entry, another feed) is left as it is:
   * the local entry wins. Rereading an unchanged file writes nothing and keeps the serial.
   *
   * <p>Where the database keeps a transaction's rows in this process's heap (H2), it commits every
   * {@code transactionEntries} drafts, then every {@code transactionEntries} deletions, as {@link
   * #upsertAll(long, EntrySource, Actor, WriteProgress, DraftProducer, long)} does: DNS still takes
   * the whole update as one change, once the last part (deletions included) has committed. On
   * PostgreSQL it stays one transaction. {@code Long.MAX_VALUE}: one transaction everywhere.
   *
   * @param feedId the feed, whose entries are marked with it
   * @param progress told how far the write got ({@link WriteProgress})
   * @param drafts hands the file's drafts over; whatever it throws rolls the write back, or, after
   *     a part committed, ends it as a {@link PartlyStoredException}
   * @throws PartlyStoredException when the write stops after a part committed: the scope is
   *     released, so DNS answers the parts stored; running it again completes it
   */
  public UpsertResult syncFeed(
      long scopeId,
      long feedId,
      Actor actor,
      WriteProgress progress,
      DraftProducer drafts,
      long transactionEntries) {
    return upserts.syncFeed(scopeId, feedId, actor, progress, drafts, transactionEntries);
  }

  /** Creates or updates one entry by value, as {@link #upsert} does, and returns it as stored. */
  public PutResult put(long scopeId, EntryDraft draft, EntrySource source, Actor actor) {
    return put(WriteTarget.scope(scopeId), draft, source, actor);
  }

  /**
   * Creates or updates one entry by value in the target's scope, as {@link #upsert} does, and
   * returns it as stored. One row is read and at most one written, by its unique (scope, list,
   * value) key; nothing is read back.
   */
  public PutResult put(WriteTarget target, EntryDraft draft, EntrySource source, Actor actor) {
    return writes.put(target, draft, source, actor);
  }

  /** Deletes an entry by id; {@link NotFoundException} when there is none. */
  public void delete(long entryId, EntrySource source, Actor actor) {
    writes.delete(entryId, source, actor);
  }

  /**
   * Deletes an entry of the target's scope by id; {@link NotFoundException} when the scope has no
   * such entry.
   */
  public void delete(WriteTarget target, long entryId, EntrySource source, Actor actor) {
    writes.delete(target, entryId, source, actor);
  }

  /** Deletes the entry with this value from a scope's list; returns whether there was one. */
  public boolean delete(
      long scopeId, ListKind kind, EntryValue value, EntrySource source, Actor actor) {
    return delete(WriteTarget.scope(scopeId), kind, value, source, actor);
  }

  /**
   * Deletes the entry with this value from the target scope's list, found and deleted by one
   * statement; returns whether there was one.
   */
  public boolean delete(
      WriteTarget target, ListKind kind, EntryValue value, EntrySource source, Actor actor) {
    return writes.delete(target, kind, value, source, actor);
  }

  /**
   * Deletes the chosen entries of a scope in one write (one transaction, one serial, each entry
   * audited); returns how many were deleted. The chosen entries are read a few hundred at a time,
   * however many a filter matches.
   */
  public int deleteAll(EntrySelection selection, EntrySource source, Actor actor) {
    return batches.delete(selection, source, actor);
  }

  /**
   * Expires the chosen entries of a scope that answer now, in one write: their expiry becomes the
   * moment of the write, so they stop answering at once and stay stored (storing one again revives
   * it) until purged. Returns how many expired; those already expired or disabled are left alone.
   */
  public int expireAll(EntrySelection selection, EntrySource source, Actor actor) {
    return batches.expire(selection, source, actor);
  }

  /**
   * Moves the chosen entries of a scope to another scope of the same account and to the given list
   * (block to allow, or the same list elsewhere), in one write of both scopes: one transaction, a
   * new serial for each, each entry audited. An entry keeps its id, answer, reason, expiry, hits
   * and audit history. Nothing moves when one value is already on the target list ({@link
   * ConflictException}), would block a mail server's own address ({@link InvalidEntryException}),
   * or would newly block a wide network or top-level name without {@code confirmWide} ({@link
   * WideEntriesException}). Returns how many entries moved.
   */
  public int moveAll(
      EntrySelection selection,
      long toScopeId,
      ListKind toKind,
      boolean confirmWide,
      EntrySource source,
      Actor actor) {
    return batches.move(selection, toScopeId, toKind, confirmWide, source, actor);
  }

  /** How many entries a selection chooses now. */
  public long count(EntrySelection selection) {
    return batches.count(selection);
  }

  /**
   * Undoes the audited change {@code eventId} of the account's entries (one change or a bulk one):
   * one new write that puts every entry back as the change found it, audited as an undo of that
   * event; a move is undone by moving its entries back to the scope and list each left, in one
   * write of both scopes. Returns how many entries were put back, and for a move where to. {@link
   * ConflictException}, and nothing written, when an entry changed since (for a move: also when it
   * is gone, its old place is taken, or the scope it left no longer exists), the change was an
   * expiry, an old state would not answer now, or the change is a move recorded without the scope
   * it left; {@link NotFoundException} when the account has no such change; {@link
   * IllegalArgumentException} when it was not a change of entries.
   */
  public Undone undo(long accountId, long eventId, EntrySource source, Actor actor) {
    return undo.undo(accountId, eventId, source, actor);
  }

  /**
   * Removes from DNS the entries that expired in {@code (after, upTo]}, scope by scope, each scope
   * in its own transaction with a new serial. Expired entries stay stored (re-listing one extends
   * it) until purged. Returns how many entries expired.
   */
  public int expire(Instant after, Instant upTo) {
    return expiries.expire(after, upTo);
  }

  /**
   * Deletes entries that expired before {@code cutoff}, at most {@code limit} of them, and records
   * each deletion. They no longer answer in DNS, so the index does not change. Returns how many
   * were deleted.
   */
  public int purge(Instant cutoff, int limit) {
    return expiries.purge(cutoff, limit);
  }

  /** One entry by id; {@link NotFoundException} when there is none. */
  public Entry entry(long entryId) {
    return reads.entry(entryId);
  }

  /** The entry with this value on a scope's list, if there is one. */
  public Optional<Entry> entry(long scopeId, ListKind kind, EntryValue value) {
    return reads.entry(scopeId, kind, value);
  }

  /** One page of a scope's entries matching the filter, newest first. */
  public Page<Entry> find(long scopeId, EntryFilter filter, int page, int size) {
    return reads.find(scopeId, filter, page, size);
  }

  /** Every entry of a scope, active or not, oldest first. */
  public List<Entry> entries(long scopeId) {
    return reads.entries(scopeId);
  }

  /**
   * The active entries of a scope (and, for a server scope, of its account: pass both ids, the
   * server's first) that match one address or domain name, ordered by the decision rule of DESIGN
   * §2 ({@link DecisionRule}): the first one wins, the others are what it beat. Throws {@link
   * InvalidEntryException} when the query is not a single address or name.
   */
  public List<Candidate> candidates(Long serverScopeId, long accountScopeId, String query) {
    return reads.candidates(serverScopeId, accountScopeId, query);
  }
}
