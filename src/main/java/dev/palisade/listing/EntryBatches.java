package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.audit.Actor;
import dev.palisade.common.ConflictException;
import dev.palisade.dnsbl.ListKind;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The writes of many chosen entries at once — delete, expire now, move to another scope or list —
 * each one write ({@link ScopeWrites}): one transaction, one new serial per scope, one
 * announcement, every entry audited. The chosen entries are read {@link #CHUNK} at a time, by id (a
 * filter's matches by keyset on the id, {@code id > last}), so a request never holds more rows than
 * that, however many match; what the change announces for DNS grows with the entries changed, as
 * for any write. Thread-safe.
 */
@Component
class EntryBatches {

  /** Rows read and written per statement. */
  static final int CHUNK = 500;

  private final ScopeWrites writes;
  private final EntryRowStore rows;
  private final EntityManager entityManager;
  private final EntryGuard guard;
  private final Accounts accounts;
  private final Clock clock;

  EntryBatches(
      ScopeWrites writes,
      EntryRowStore rows,
      EntityManager entityManager,
      EntryGuard guard,
      Accounts accounts,
      Clock clock) {
    this.writes = writes;
    this.rows = rows;
    this.entityManager = entityManager;
    this.guard = guard;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** See {@link Listings#count(EntrySelection)}. */
  @Transactional(readOnly = true)
  public long count(EntrySelection selection) {
    if (!selection.byFilter()) {
      return rows.findAll(selection.scopeId(), selection.ids()).size();
    }
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<Long> query = cb.createQuery(Long.class);
    Root<Entry> root = query.from(Entry.class);
    query
        .select(cb.count(root))
        .where(
            EntrySearch.of(selection.scopeId(), selection.filter(), clock.instant())
                .toPredicate(root, query, cb));
    return entityManager.createQuery(query).getSingleResult();
  }

  /** See {@link Listings#deleteAll}. */
  int delete(EntrySelection selection, EntrySource source, Actor actor) {
    return writes.write(
        selection.scopeId(),
        source,
        actor,
        change -> {
          int[] count = {0};
          forEachChunk(
              selection,
              change.now(),
              ids -> {
                for (Entry gone : rows.deleteAll(selection.scopeId(), ids)) {
                  change.deleted(gone);
                  count[0]++;
                }
              });
          return count[0];
        });
  }

  /** See {@link Listings#expireAll}. */
  int expire(EntrySelection selection, EntrySource source, Actor actor) {
    return writes.write(
        selection.scopeId(),
        source,
        actor,
        change -> {
          int[] count = {0};
          forEachChunk(
              selection,
              change.now(),
              ids -> {
                List<Long> answering = new ArrayList<>();
                for (Entry entry : rows.findAll(selection.scopeId(), ids)) {
                  if (entry.isActiveAt(change.now())) {
                    change.expired(entry);
                    answering.add(entry.getId());
                  }
                }
                if (!answering.isEmpty()) {
                  // Expired at the write's own moment: the expiry job leaves such entries alone
                  // (EntryRepository#expiring), as this write takes them out of DNS itself.
                  rows.expireAll(
                      selection.scopeId(), answering, change.now(), actor.name(), change.now());
                  count[0] += answering.size();
                }
              });
          return count[0];
        });
  }

  /** See {@link Listings#moveAll}. */
  int move(
      EntrySelection selection,
      long toScopeId,
      ListKind toKind,
      boolean confirmWide,
      EntrySource source,
      Actor actor) {
    long fromScopeId = selection.scopeId();
    ScopeDetails fromScope = accounts.describe(fromScopeId);
    ScopeDetails toScope = accounts.describe(toScopeId);
    if (fromScope.accountId() != toScope.accountId()) {
      throw new IllegalArgumentException(
          "entries move only between the scopes of one account, not to " + toScope.displayName());
    }
    return writes.writeBoth(
        fromScopeId,
        toScopeId,
        source,
        actor,
        (from, to) -> {
          int[] count = {0};
          forEachChunk(
              selection,
              from.now(),
              ids -> {
                List<Entry> moving = new ArrayList<>();
                for (Entry entry : rows.findAll(fromScopeId, ids)) {
                  if (fromScopeId != toScopeId || entry.getKind() != toKind) {
                    moving.add(entry);
                  }
                }
                if (moving.isEmpty()) {
                  return;
                }
                checkMove(moving, toScope, toKind, confirmWide);
                moveRows(moving, fromScope, toScope, toKind, actor.name(), from, to);
                count[0] += moving.size();
              });
          return count[0];
        });
  }

  /**
   * Moves these entries of {@code fromScope} to the {@code toKind} list of {@code toScope}, keeping
   * their ids, and records it in the write's two changes ({@link Change#movedOut}, {@link
   * Change#movedIn}). Runs inside that write ({@link ScopeWrites#writeBoth}), after the caller has
   * checked the move.
   */
  void moveRows(
      List<Entry> moving,
      ScopeDetails fromScope,
      ScopeDetails toScope,
      ListKind toKind,
      String actor,
      Change from,
      Change to) {
    rows.moveAll(
        fromScope.scopeId(),
        moving.stream().map(Entry::getId).toList(),
        toScope.scopeId(),
        toKind,
        actor,
        from.now());
    for (Entry before : moving) {
      Entry after = before.movedTo(toScope.scopeId(), toKind, actor, from.now());
      from.movedOut(before);
      to.movedIn(before, fromScope, after, toScope);
    }
  }

  /**
   * Refuses a move that would meet an entry already in place (the list holds one value once), block
   * a mail server's own address, or make a wide entry block without {@code confirmWide}.
   */
  private void checkMove(
      List<Entry> moving, ScopeDetails toScope, ListKind toKind, boolean confirmWide) {
    List<String> values = moving.stream().map(Entry::getValue).toList();
    // The moving rows are never in the way themselves: they are on another scope or list.
    List<String> taken = rows.taken(toScope.scopeId(), toKind, values);
    if (!taken.isEmpty()) {
      throw new ConflictException(
          "the "
              + toKind.listName()
              + " list of "
              + toScope.displayName()
              + " already holds "
              + String.join(", ", taken.subList(0, Math.min(5, taken.size())))
              + (taken.size() > 5 ? " and " + (taken.size() - 5) + " more" : "")
              + "; nothing was moved. Delete those there, or leave them out of the selection");
    }
    if (toKind == ListKind.BLOCK) {
      List<EntryDraft> drafts =
          moving.stream()
              .map(entry -> new EntryDraft(toKind, entry.parsedValue(), null, null, null))
              .toList();
      guard.checkOwnAddresses(toScope.scopeId(), drafts);
      if (!confirmWide) {
        List<String> wide =
            moving.stream()
                .filter(entry -> entry.getKind() != ListKind.BLOCK)
                .map(entry -> guard.wide(entry.parsedValue()))
                .filter(why -> why != null)
                .toList();
        if (!wide.isEmpty()) {
          throw new WideEntriesException(wide);
        }
      }
    }
  }

  /**
   * Hands the chosen ids to {@code work} {@link #CHUNK} at a time: the given ids, or the filter's
   * matches found by keyset on the id. Runs inside the write, so it sees the scope as the write
   * changes it; a row the work moved out of the filter is behind the keyset and not seen again.
   */
  private void forEachChunk(EntrySelection selection, Instant now, Consumer<List<Long>> work) {
    if (!selection.byFilter()) {
      List<Long> ids = selection.ids();
      for (int from = 0; from < ids.size(); from += CHUNK) {
        work.accept(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
      }
      return;
    }
    long after = Long.MIN_VALUE;
    while (true) {
      CriteriaBuilder cb = entityManager.getCriteriaBuilder();
      CriteriaQuery<Long> query = cb.createQuery(Long.class);
      Root<Entry> root = query.from(Entry.class);
      query
          .select(root.get("id"))
          .where(
              cb.and(
                  EntrySearch.of(selection.scopeId(), selection.filter(), now)
                      .toPredicate(root, query, cb),
                  cb.greaterThan(root.get("id"), after)))
          .orderBy(cb.asc(root.get("id")));
      List<Long> ids = entityManager.createQuery(query).setMaxResults(CHUNK).getResultList();
      if (ids.isEmpty()) {
        return;
      }
      work.accept(ids);
      if (ids.size() < CHUNK) {
        return;
      }
      after = ids.get(ids.size() - 1);
    }
  }
}
