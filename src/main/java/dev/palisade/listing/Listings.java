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
  private final EntryUndo undo;

  Listings(
      EntryWrites writes,
      BulkUpserts upserts,
      Expiries expiries,
      EntryReads reads,
      EntryUndo undo) {
    this.undo = undo;
    this.writes = writes;
    this.upserts = upserts;
    this.expiries = expiries;
    this.reads = reads;
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
   * Undoes the audited change {@code eventId} of the account's entries (one change or a bulk one):
   * one new write that puts every entry back as the change found it, audited as an undo of that
   * event. Returns how many entries were put back. {@link ConflictException}, and nothing written,
   * when an entry changed since, the change was an expiry, or an old state would not answer now;
   * {@link NotFoundException} when the account has no such change; {@link IllegalArgumentException}
   * when it was not a change of entries.
   */
  public int undo(long accountId, long eventId, EntrySource source, Actor actor) {
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
