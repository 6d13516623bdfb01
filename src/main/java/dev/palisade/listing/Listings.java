package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.account.SerialBump;
import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only writer of entries. Each write is one transaction that also gives the scope a new serial,
 * and announces what changed for DNS as one {@link EntriesChanged} after commit.
 *
 * <p>Thread-safe. Writes to one scope are serialized (in this process by {@link ScopeLocks}, across
 * processes by the scope row's lock), and the after-commit announcement runs before the write
 * returns, so a change is visible to DNS when the call returns. Callers must not wrap writes in a
 * transaction of their own: the announcement would then come after the lock is released.
 */
@Service
public class Listings {

  private final EntryRepository entries;
  private final EntryRowStore rows;
  private final ScopeIds scopeIds = new ScopeIds();
  private final Accounts accounts;
  private final EntryBulkStore bulk;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final ListingSettings settings;
  private final Clock clock;
  private final ScopeLocks locks = new ScopeLocks();
  private final AuditLog audit;
  private final EntryStates states;

  Listings(
      EntryRepository entries,
      EntryRowStore rows,
      Accounts accounts,
      AuditLog audit,
      EntryStates states,
      EntryBulkStore bulk,
      PlatformTransactionManager transactionManager,
      ApplicationEventPublisher events,
      ListingSettings settings,
      Clock clock) {
    this.entries = entries;
    this.rows = rows;
    this.accounts = accounts;
    this.audit = audit;
    this.states = states;
    this.bulk = bulk;
    this.transactions = new TransactionTemplate(transactionManager);
    this.events = events;
    this.settings = settings;
    this.clock = clock;
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
    checkExpiry(draft, clock.instant());
    return write(
        target,
        source,
        actor,
        (scope, change) -> {
          String value = draft.value().canonical();
          if (rows.find(scope.scopeId(), draft.kind(), value).isPresent()) {
            throw new ConflictException(
                value + " is already on the " + draft.kind().name().toLowerCase() + " list");
          }
          Entry entry = rows.insert(newEntry(scope.scopeId(), draft, source, actor, change.now));
          change.created(entry, draft);
          return entry;
        });
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
    Map<String, Wanted> unique = unique(drafts);
    return write(scopeId, source, actor, change -> store(change, scopeId, unique, source, actor));
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
    checkExpiry(draft, clock.instant());
    return write(
        target,
        source,
        actor,
        (scope, change) -> {
          long scopeId = scope.scopeId();
          String value = draft.value().canonical();
          java.util.Optional<Entry> found = rows.find(scopeId, draft.kind(), value);
          if (found.isEmpty()) {
            Entry entry = rows.insert(newEntry(scopeId, draft, source, actor, change.now));
            change.created(entry, draft);
            return new PutResult(entry, true);
          }
          Entry entry = found.get();
          ActiveEntry before =
              entry.isActiveAt(change.now)
                  ? active(entry.getId(), scopeId, draft, entry.getReturnCode(), entry.getReason())
                  : null;
          String beforeState = states.json(entry);
          if (entry.apply(draft, actor.name(), change.now)) {
            rows.update(entry);
            change.updated(
                before,
                value,
                () -> beforeState,
                active(entry.getId(), scopeId, draft, draft.returnCode(), draft.reason()),
                () -> states.json(entry));
          }
          return new PutResult(entry, false);
        });
  }

  /** A new entry of the draft, made now; stored by {@link EntryRowStore#insert}. */
  private static Entry newEntry(
      long scopeId, EntryDraft draft, EntrySource source, Actor actor, Instant now) {
    return new Entry(scopeId, draft, source, actor.name(), now);
  }

  /**
   * Drafts by list and canonical value, a value given twice counting once, the last one winning.
   */
  private static Map<String, Wanted> unique(List<EntryDraft> drafts) {
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
    List<EntryBulkStore.Wanted> asked = new ArrayList<>(unique.size());
    for (Wanted wanted : unique.values()) {
      checkExpiry(wanted.draft(), now);
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
                ? active(old.id(), scopeId, draft, old.returnCode(), old.reason())
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
            active(old.id(), scopeId, draft, draft.returnCode(), draft.reason()),
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
    fresh.sort(java.util.Comparator.comparing(Wanted::value));
    long[] ids = bulk.newIds(fresh.size());
    for (int i = 0; i < ids.length; i++) {
      EntryDraft draft = fresh.get(i).draft();
      String value = fresh.get(i).value();
      change.created(
          active(ids[i], scopeId, draft, draft.returnCode(), draft.reason()),
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
        lazy(
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

  /** A read-only list whose elements are made when asked for. */
  private static <T> List<T> lazy(int size, java.util.function.IntFunction<T> element) {
    return new java.util.AbstractList<T>() {
      @Override
      public T get(int index) {
        return element.apply(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** A draft and its value's canonical text. */
  private record Wanted(String value, EntryDraft draft) {}

  /** An entry of a draft's list and value as DNS sees it, with this answer. */
  private ActiveEntry active(
      long id, long scopeId, EntryDraft draft, Integer returnCode, String reason) {
    return new ActiveEntry(
        id,
        scopeId,
        draft.kind(),
        draft.value(),
        returnCode == null
            ? settings.defaultReturnCode(draft.kind(), draft.value().type())
            : returnCode,
        reason);
  }

  /** Deletes an entry by id; {@link NotFoundException} when there is none. */
  public void delete(long entryId, EntrySource source, Actor actor) {
    Entry entry =
        entries
            .findById(entryId)
            .orElseThrow(() -> new NotFoundException("entry " + entryId + " not found"));
    delete(WriteTarget.scope(entry.getScopeId()), entryId, source, actor);
  }

  /**
   * Deletes an entry of the target's scope by id; {@link NotFoundException} when the scope has no
   * such entry.
   */
  public void delete(WriteTarget target, long entryId, EntrySource source, Actor actor) {
    write(
        target,
        source,
        actor,
        (scope, change) -> {
          Entry gone =
              rows.delete(scope.scopeId(), entryId)
                  .orElseThrow(
                      () ->
                          new NotFoundException(
                              "entry " + entryId + " not found in " + scope.displayName()));
          change.deleted(gone);
          return null;
        });
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
    return write(
        target,
        source,
        actor,
        (scope, change) -> {
          java.util.Optional<Entry> gone = rows.delete(scope.scopeId(), kind, value.canonical());
          gone.ifPresent(change::deleted);
          return gone.isPresent();
        });
  }

  /** One entry by id; {@link NotFoundException} when there is none. */
  public Entry entry(long entryId) {
    return entries
        .findById(entryId)
        .orElseThrow(() -> new NotFoundException("entry " + entryId + " not found"));
  }

  /** One page of a scope's entries matching the filter, newest first. */
  public org.springframework.data.domain.Page<Entry> find(
      long scopeId, EntryFilter filter, int page, int size) {
    return entries.findAll(
        EntrySearch.of(scopeId, filter, clock.instant()),
        org.springframework.data.domain.PageRequest.of(
            page, size, org.springframework.data.domain.Sort.by("id").descending()));
  }

  /**
   * The active entries of a scope (and, for a server scope, of its account: pass both ids, the
   * server's first) that match one address or domain name, ordered by the decision rule of DESIGN
   * §2: the first one wins, the others are what it beat. Throws {@link InvalidEntryException} when
   * the query is not a single address or name.
   */
  public List<Candidate> candidates(Long serverScopeId, long accountScopeId, String query) {
    EntryValue asked = EntryValue.parseQuery(query);
    List<Long> scopeIds =
        serverScopeId == null ? List.of(accountScopeId) : List.of(serverScopeId, accountScopeId);
    Instant now = clock.instant();
    return entries.findByValueIn(Candidates.of(asked)).stream()
        .filter(entry -> scopeIds.contains(entry.getScopeId()) && entry.isActiveAt(now))
        .map(
            entry ->
                new Candidate(
                    entry,
                    Candidates.specificity(entry.parsedValue()),
                    serverScopeId != null && entry.getScopeId() == serverScopeId))
        .sorted(
            java.util.Comparator.comparingInt(Candidate::specificity)
                .reversed()
                .thenComparing(Candidate::serverEntry, java.util.Comparator.reverseOrder())
                .thenComparing(c -> c.entry().getKind() == ListKind.ALLOW ? 0 : 1))
        .toList();
  }

  /** The entry with this value on a scope's list, if there is one. */
  public java.util.Optional<Entry> entry(long scopeId, ListKind kind, EntryValue value) {
    return entries.findByScopeIdAndKindAndValue(scopeId, kind, value.canonical());
  }

  /** Every entry of a scope, active or not, oldest first. */
  public List<Entry> entries(long scopeId) {
    return entries.findByScopeIdOrderByIdAsc(scopeId);
  }

  /**
   * Removes from DNS the entries that expired in {@code (after, upTo]}, scope by scope, each scope
   * in its own transaction with a new serial. Expired entries stay stored (re-listing one extends
   * it) until purged. Returns how many entries expired.
   */
  public int expire(Instant after, Instant upTo) {
    int expired = 0;
    for (long scopeId : entries.scopesWithExpiries(after, upTo)) {
      try {
        expired +=
            write(
                scopeId,
                EntrySource.EXPIRY,
                EXPIRY,
                change -> {
                  // Read again under the scope's lock: a concurrent re-listing may have moved
                  // the expiry since the scopes were selected.
                  List<Entry> due = entries.expiring(scopeId, after, upTo);
                  due.forEach(change::expired);
                  return due.size();
                });
      } catch (NotFoundException e) {
        // The scope was deleted meanwhile; its entries went with it.
      }
    }
    return expired;
  }

  /**
   * Deletes entries that expired before {@code cutoff}, at most {@code limit} of them, and records
   * each deletion. They no longer answer in DNS, so the index does not change. Returns how many
   * were deleted.
   */
  public int purge(Instant cutoff, int limit) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Listings writes must not run inside another transaction");
    }
    Integer purged =
        transactions.execute(
            status -> {
              List<Entry> due = new ArrayList<>();
              for (long scopeId : entries.scopeIds()) {
                if (due.size() >= limit) {
                  break;
                }
                due.addAll(
                    entries.findByScopeIdAndExpiresAtBefore(
                        scopeId,
                        cutoff,
                        org.springframework.data.domain.PageRequest.of(0, limit - due.size())));
              }
              List<AuditRecord> records = new ArrayList<>(due.size());
              Instant now = clock.instant();
              for (Entry entry : due) {
                ScopeDetails scope = accounts.describe(entry.getScopeId());
                records.add(
                    new AuditRecord(
                        now,
                        scope.accountId(),
                        scope.label(),
                        PURGE,
                        "expiry",
                        "DELETE",
                        "ENTRY",
                        entry.getId(),
                        "purged expired "
                            + entry.getKind().name().toLowerCase(java.util.Locale.ROOT)
                            + " "
                            + entry.getValue()
                            + " on "
                            + scope.displayName(),
                        states.json(entry),
                        null));
              }
              entries.deleteAllInBatch(due);
              audit.record(records);
              return due.size();
            });
    return purged == null ? 0 : purged;
  }

  /** The entry as DNS sees it. */
  ActiveEntry toActive(Entry entry) {
    return entry.toActive(settings.defaultReturnCode(entry.getKind(), entry.getValueType()));
  }

  private <T> T write(
      long scopeId, EntrySource source, Actor actor, java.util.function.Function<Change, T> work) {
    return write(WriteTarget.scope(scopeId), source, actor, (scope, change) -> work.apply(change));
  }

  /**
   * Runs one write of the target's scope in its own transaction, which starts by giving the scope a
   * new serial ({@link Accounts#bumpSerial}: finding the scope and locking its row) and ends with
   * the audit records and the announcement of the change.
   *
   * <p>The scope's lock of this process ({@link ScopeLocks}) is taken before the transaction when
   * the scope's id is known (given, or learnt by an earlier write naming the scope the same way),
   * so that writers queue there rather than on the row lock, each holding a database connection.
   * When it is not known, or named a different scope, it can only be taken once the row is locked:
   * then it is only tried, since its holder may be waiting for that row; if that fails, the write
   * is rolled back and run again, taking the lock first.
   */
  private <T> T write(
      WriteTarget target,
      EntrySource source,
      Actor actor,
      java.util.function.BiFunction<ScopeDetails, Change, T> work) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Listings writes must not run inside another transaction");
    }
    Long known = target.id() != null ? target.id() : scopeIds.get(target);
    while (true) {
      ReentrantLock first = known == null ? null : locks.of(known);
      ReentrantLock[] late = new ReentrantLock[1];
      if (first != null) {
        first.lock();
      }
      try {
        return transactions.execute(
            status -> {
              SerialBump bump = accounts.bumpSerial(target);
              ScopeDetails scope = bump.scope();
              scopeIds.learn(target, scope.scopeId());
              ReentrantLock needed = locks.of(scope.scopeId());
              if (needed != first) {
                if (!needed.tryLock()) {
                  throw new Relock(scope.scopeId());
                }
                late[0] = needed;
              }
              Change change = new Change();
              T result = work.apply(scope, change);
              if (change.isEmpty()) {
                // Nothing changed: keep the old serial (the bump is undone).
                status.setRollbackOnly();
              } else {
                audit.record(change.auditRecords(scope, source, actor));
                events.publishEvent(change.toEvent(scope.scopeId(), bump));
              }
              return result;
            });
      } catch (Relock relock) {
        known = relock.scopeId;
      } finally {
        if (late[0] != null) {
          late[0].unlock();
        }
        if (first != null) {
          first.unlock();
        }
      }
    }
  }

  /** Rolls a write back to run it again holding the scope's lock from the start. */
  private static final class Relock extends RuntimeException {
    final long scopeId;

    Relock(long scopeId) {
      super(null, null, false, false);
      this.scopeId = scopeId;
    }
  }

  private static void checkExpiry(EntryDraft draft, Instant now) {
    if (draft.expiresAt() != null && !draft.expiresAt().isAfter(now)) {
      throw new InvalidEntryException(
          "expiry "
              + draft.expiresAt()
              + " of "
              + draft.value().canonical()
              + " is not in the future");
    }
  }

  /**
   * Collects what one transaction changed: for DNS (entries that stop and start answering) and for
   * the audit trail (each entry's state before and after).
   */
  private final class Change {
    private final Instant now = Entry.rowTime(clock.instant());
    private final List<ActiveEntry> removed = new ArrayList<>();
    private final List<ActiveEntry> added = new ArrayList<>();
    private final List<Audited> audited = new ArrayList<>();

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
        removed.add(toActive(entry));
      }
      audited.add(new Audited("DELETE", entry, states.json(entry)));
    }

    void expired(Entry entry) {
      removed.add(toActive(entry));
      audited.add(new Audited("EXPIRE", entry, states.json(entry)));
    }

    boolean isEmpty() {
      return audited.isEmpty();
    }

    EntriesChanged toEvent(long scopeId, SerialBump serial) {
      return new EntriesChanged(scopeId, serial.previous(), serial.serial(), removed, added);
    }

    /** The audit records, each made (states and all) when it is read. */
    List<AuditRecord> auditRecords(ScopeDetails scope, EntrySource source, Actor actor) {
      String on = " on " + scope.displayName();
      String sourceName = source.name().toLowerCase(java.util.Locale.ROOT);
      return lazy(
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
                a.kind.name().toLowerCase(java.util.Locale.ROOT) + " " + a.value + on,
                a.before == null ? null : a.before.get(),
                a.after == null ? null : a.after.get());
          });
    }
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

  /** Who expires entries in the audit trail. */
  private static final Actor EXPIRY = Actor.system("expiry");

  /** Who deletes long-expired entries in the audit trail. */
  private static final Actor PURGE = Actor.system("purge");
}
