package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.system.ConflictException;
import dev.palisade.system.NotFoundException;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
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

  /** Rows fetched per round trip when looking up existing entries of a batch. */
  private static final int LOOKUP_CHUNK = 1000;

  /** Entities flushed and detached per step of a large batch, to bound memory. */
  private static final int FLUSH_EVERY = 1000;

  private final EntryRepository entries;
  private final Accounts accounts;
  private final EntityManager entityManager;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final ListingSettings settings;
  private final Clock clock;
  private final ScopeLocks locks = new ScopeLocks();

  Listings(
      EntryRepository entries,
      Accounts accounts,
      EntityManager entityManager,
      PlatformTransactionManager transactionManager,
      ApplicationEventPublisher events,
      ListingSettings settings,
      Clock clock) {
    this.entries = entries;
    this.accounts = accounts;
    this.entityManager = entityManager;
    this.transactions = new TransactionTemplate(transactionManager);
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Adds one entry to a scope. {@link ConflictException} when the scope's list already holds the
   * value; {@link NotFoundException} when the scope does not exist.
   */
  public Entry create(long scopeId, EntryDraft draft, EntrySource source, String actor) {
    return write(
        scopeId,
        change -> {
          Instant now = clock.instant();
          checkExpiry(draft, now);
          String value = draft.value().canonical();
          if (entries.findByScopeIdAndKindAndValue(scopeId, draft.kind(), value).isPresent()) {
            throw new ConflictException(
                value + " is already on the " + draft.kind().name().toLowerCase() + " list");
          }
          Entry entry = entries.save(new Entry(scopeId, draft, source, actor, now));
          change.added(entry);
          return entry;
        });
  }

  /**
   * Creates or updates entries by value, all in one transaction: nothing is stored unless every
   * draft is stored. A value given twice in one batch counts once, the last one winning.
   */
  public UpsertResult upsert(
      long scopeId, List<EntryDraft> drafts, EntrySource source, String actor) {
    Map<String, EntryDraft> unique = new LinkedHashMap<>();
    for (EntryDraft draft : drafts) {
      unique.put(draft.kind() + " " + draft.value().canonical(), draft);
    }
    return write(
        scopeId,
        change -> {
          Instant now = clock.instant();
          for (EntryDraft draft : unique.values()) {
            checkExpiry(draft, now);
          }
          int created = 0;
          int updated = 0;
          int unchanged = 0;
          int pending = 0;
          for (List<EntryDraft> chunk : chunks(new ArrayList<>(unique.values()))) {
            Map<String, Entry> existing = existing(scopeId, chunk);
            for (EntryDraft draft : chunk) {
              Entry entry = existing.get(draft.kind() + " " + draft.value().canonical());
              if (entry == null) {
                entry = new Entry(scopeId, draft, source, actor, now);
                entityManager.persist(entry);
                change.added(entry);
                created++;
              } else {
                boolean wasActive = entry.isActiveAt(now);
                ActiveEntry before = wasActive ? toActive(entry) : null;
                if (entry.apply(draft, actor, now)) {
                  if (before != null) {
                    change.removed(before);
                  }
                  change.added(entry);
                  updated++;
                } else {
                  unchanged++;
                }
              }
              if (++pending % FLUSH_EVERY == 0) {
                entityManager.flush();
              }
            }
          }
          entityManager.flush();
          return new UpsertResult(created, updated, unchanged);
        });
  }

  /** Deletes an entry by id; {@link NotFoundException} when there is none. */
  public void delete(long entryId) {
    Entry entry =
        entries
            .findById(entryId)
            .orElseThrow(() -> new NotFoundException("entry " + entryId + " not found"));
    write(
        entry.getScopeId(),
        change -> {
          Entry current =
              entries
                  .findById(entryId)
                  .orElseThrow(() -> new NotFoundException("entry " + entryId + " not found"));
          remove(current, change);
          return null;
        });
  }

  /** Deletes the entry with this value from a scope's list; returns whether there was one. */
  public boolean delete(long scopeId, ListKind kind, EntryValue value) {
    return write(
        scopeId,
        change -> {
          var entry = entries.findByScopeIdAndKindAndValue(scopeId, kind, value.canonical());
          entry.ifPresent(e -> remove(e, change));
          return entry.isPresent();
        });
  }

  /** One entry by id; {@link NotFoundException} when there is none. */
  public Entry entry(long entryId) {
    return entries
        .findById(entryId)
        .orElseThrow(() -> new NotFoundException("entry " + entryId + " not found"));
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
                change -> {
                  // Read again under the scope's lock: a concurrent re-listing may have moved
                  // the expiry since the scopes were selected.
                  List<Entry> due = entries.expiring(scopeId, after, upTo);
                  due.forEach(entry -> change.removed(toActive(entry)));
                  return due.size();
                });
      } catch (NotFoundException e) {
        // The scope was deleted meanwhile; its entries went with it.
      }
    }
    return expired;
  }

  /** The entry as DNS sees it. */
  ActiveEntry toActive(Entry entry) {
    return entry.toActive(settings.defaultReturnCode(entry.getKind(), entry.getValueType()));
  }

  private <T> T write(long scopeId, java.util.function.Function<Change, T> work) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Listings writes must not run inside another transaction");
    }
    ReentrantLock lock = locks.of(scopeId);
    lock.lock();
    try {
      return transactions.execute(
          status -> {
            long serial = accounts.bumpSerial(scopeId);
            Change change = new Change();
            T result = work.apply(change);
            if (change.isEmpty()) {
              // Nothing DNS would see: keep the old serial (the bump is undone).
              status.setRollbackOnly();
            } else {
              events.publishEvent(change.toEvent(scopeId, serial));
            }
            return result;
          });
    } finally {
      lock.unlock();
    }
  }

  private void remove(Entry entry, Change change) {
    if (entry.isActiveAt(clock.instant())) {
      change.removed(toActive(entry));
    }
    entries.delete(entry);
    entries.flush();
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

  private Map<String, Entry> existing(long scopeId, List<EntryDraft> chunk) {
    Map<ListKind, List<String>> byKind = new HashMap<>();
    for (EntryDraft draft : chunk) {
      byKind.computeIfAbsent(draft.kind(), k -> new ArrayList<>()).add(draft.value().canonical());
    }
    Map<String, Entry> found = new HashMap<>();
    byKind.forEach(
        (kind, values) ->
            entries
                .findByScopeIdAndKindAndValueIn(scopeId, kind, values)
                .forEach(e -> found.put(e.getKind() + " " + e.getValue(), e)));
    return found;
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += LOOKUP_CHUNK) {
      chunks.add(all.subList(i, Math.min(all.size(), i + LOOKUP_CHUNK)));
    }
    return chunks;
  }

  /** Collects what one transaction changed for DNS; entries become ActiveEntry at the end. */
  private final class Change {
    private final List<ActiveEntry> removed = new ArrayList<>();
    private final List<Entry> added = new ArrayList<>();

    void removed(ActiveEntry entry) {
      removed.add(entry);
    }

    void added(Entry entry) {
      added.add(entry);
    }

    boolean isEmpty() {
      return removed.isEmpty() && added.isEmpty();
    }

    EntriesChanged toEvent(long scopeId, long serial) {
      // Ids are assigned by now: persist() takes them from the sequence.
      List<ActiveEntry> now = added.stream().map(Listings.this::toActive).toList();
      return new EntriesChanged(scopeId, serial, removed, now);
    }
  }
}
