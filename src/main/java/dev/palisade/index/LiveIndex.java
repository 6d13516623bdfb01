package dev.palisade.index;

import dev.palisade.account.QueryAcl;
import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The current index: built once at start-up, then kept current by applying committed changes. Each
 * change builds the affected structures aside and publishes a new {@link IndexSnapshot} by swapping
 * one volatile reference, so readers never lock and always see a whole transaction or none of it.
 *
 * <p>A change copies only what it touches: the affected segments of the affected prefix-length
 * tables of the affected scope; everything else is shared with the previous snapshot, which stays
 * valid and unchanged for readers still holding it.
 *
 * @implNote Writers are serialized internally; {@link #snapshot()} is a plain volatile read.
 */
public final class LiveIndex {

  private final Object writeLock = new Object();
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  /** Every scope by id, in announcement order; guarded by {@link #writeLock}. */
  private Map<Long, ScopeState> scopes = new LinkedHashMap<>();

  /** Guarded by {@link #writeLock}. */
  private long baseSerial;

  /** Tickets of the reads of the set of scopes, taken as each starts ({@link #follow}). */
  private final AtomicLong scopeReads = new AtomicLong();

  /** The ticket of the read of the set of scopes applied last; guarded by {@link #writeLock}. */
  private long appliedScopeRead;

  /** The entries with an expiry, by when they stop answering; guarded by {@link #writeLock}. */
  private PendingExpiries expiries = new PendingExpiries();

  /** Entries {@link #expire} took out since the index was made; written under the write lock. */
  private volatile long expiredSoFar;

  /** Told every set of scopes the index takes; guarded by {@link #writeLock}. */
  private Consumer<List<ScopeInfo>> scopesTaken = scopes -> {};

  /**
   * Tells {@code follower} every set of scopes the index takes from now on, whether a change this
   * node committed brought it or a round of the change feed (another node's change), in the order
   * the index takes them, under the index's writer lock: so what follows the index's zones (the
   * statistics' zone counters) never misses one nor takes an older set after a newer one. A set
   * that a rolled-back transaction saw never reaches it. Replaces the follower set before.
   */
  public void onScopes(Consumer<List<ScopeInfo>> follower) {
    synchronized (writeLock) {
      scopesTaken = Objects.requireNonNull(follower);
    }
  }

  /** The current snapshot. */
  public IndexSnapshot snapshot() {
    return snapshot;
  }

  /**
   * Starts a bulk build that replaces everything once {@link Loader#publish()} is called: used at
   * start-up, where entries are streamed from the database.
   *
   * <p>The build happens outside the writer lock, on the loader's own structures. Changes applied
   * to this index between this call and {@link Loader#publish()} are replaced by the loaded state,
   * so the caller must load a state that already contains them (or apply them again afterwards).
   */
  public Loader loader(Collection<ScopeInfo> scopes, long baseSerial) {
    return new BulkLoader(scopes, baseSerial);
  }

  /**
   * Starts a bulk build of the scopes an index file saved, with the labels, links and serials it
   * saved for them: for a start while the database cannot be reached.
   */
  public Loader loader(IndexFile.Saved saved, long baseSerial) {
    List<ScopeInfo> infos = new ArrayList<>(saved.scopes().size());
    for (IndexFile.SavedScope scope : saved.scopes()) {
      infos.add(scope.info());
    }
    return new BulkLoader(infos, baseSerial);
  }

  /**
   * Applies one committed change to a scope's entries and publishes a new snapshot. Removals are
   * applied first, then additions; an added entry replaces the answer the same (scope, kind, value)
   * had. A change for a scope that no longer exists is ignored (deletion races).
   */
  public void apply(EntriesChanged change) {
    synchronized (writeLock) {
      ScopeState target = scopes.get(change.scopeId());
      if (target == null) {
        return;
      }
      Set<ScopeState> touched = new LinkedHashSet<>();
      touched.add(target);
      try {
        for (ActiveEntry entry : change.removed()) {
          ScopeState state = scopes.get(entry.scopeId());
          if (state != null) {
            state.remove(entry);
            touched.add(state);
          }
        }
        for (ActiveEntry entry : change.added()) {
          ScopeState state = scopes.get(entry.scopeId());
          if (state != null) {
            state.add(entry);
            touched.add(state);
          }
        }
        change.removed().forEach(expiries::removed);
        for (ActiveEntry entry : change.added()) {
          if (scopes.containsKey(entry.scopeId())) {
            expiries.added(entry);
          }
        }
      } catch (RuntimeException e) {
        touched.forEach(ScopeState::discard);
        throw e;
      }
      touched.forEach(ScopeState::publish);
      for (ScopeState state : touched) {
        boolean follows =
            state == target
                && change.previousSerial() != EntriesChanged.UNKNOWN_SERIAL
                && state.entriesSerial == change.previousSerial();
        state.entriesSerial = follows ? change.serial() : ScopeState.UNKNOWN_SERIAL;
      }
      target.serial = Math.max(target.serial, change.serial());
      publishViews(touched);
    }
  }

  /**
   * Applies a committed change if the scope's entries are those of the serial it follows ({@link
   * EntriesChanged#previousSerial()}), in one step under the writer lock; a change this index has
   * already applied, or one for a scope it does not hold, needs nothing. Returns false, changing
   * nothing, when the scope's entries are of another serial or of none known: then changes are
   * missing in between, and the caller must bring the scope up to date another way ({@link
   * #replace}, or the changes in between first).
   */
  public boolean applyIfFollows(EntriesChanged change) {
    synchronized (writeLock) {
      ScopeState target = scopes.get(change.scopeId());
      if (target == null) {
        return true;
      }
      long held = target.entriesSerial;
      if (held != ScopeState.UNKNOWN_SERIAL && held >= change.serial()) {
        return true;
      }
      if (held == ScopeState.UNKNOWN_SERIAL || held != change.previousSerial()) {
        return false;
      }
      apply(change);
      return true;
    }
  }

  /**
   * The serial each scope's entries are known to be those of, by scope id; {@link
   * EntriesChanged#UNKNOWN_SERIAL} where they may be of no single serial (a change was applied that
   * did not follow the one before, or the scope was created elsewhere and not loaded yet).
   */
  public Map<Long, Long> entriesSerials() {
    synchronized (writeLock) {
      Map<Long, Long> serials = new HashMap<>(scopes.size() * 2);
      for (ScopeState state : scopes.values()) {
        serials.put(state.id, state.entriesSerial);
      }
      return serials;
    }
  }

  /** The scopes this index holds, with their labels, account links and serials. */
  public List<ScopeInfo> scopes() {
    synchronized (writeLock) {
      List<ScopeInfo> infos = new ArrayList<>(scopes.size());
      for (ScopeState state : scopes.values()) {
        infos.add(state.info());
      }
      return infos;
    }
  }

  /**
   * Replaces a scope's entries with those {@code entries} hands over: for a scope whose changes
   * cannot be applied one by one. The tables are built outside the writer lock; they are published
   * only if the scope still exists and its entries are not already of the loaded serial or a later
   * one (a change applied meanwhile wins).
   *
   * @param entries called once, on this thread, with the sink to hand the scope's entries to; it
   *     returns the serial they are the entries of, or a negative number when the scope is gone
   * @return whether the loaded entries were published
   */
  public boolean replace(long scopeId, ToLongFunction<Consumer<ActiveEntry>> entries) {
    ScopeInfo info;
    synchronized (writeLock) {
      ScopeState current = scopes.get(scopeId);
      if (current == null) {
        return false;
      }
      info = current.info();
    }
    ScopeState fresh = new ScopeState(info);
    List<ActiveEntry> expiring = new ArrayList<>();
    long serial =
        entries.applyAsLong(
            entry -> {
              if (entry.scopeId() == scopeId) {
                fresh.add(entry);
                if (entry.expiresAt() != null) {
                  expiring.add(entry);
                }
              }
            });
    if (serial < 0) {
      return false;
    }
    fresh.publish();
    synchronized (writeLock) {
      ScopeState current = scopes.get(scopeId);
      if (current == null
          || (current.entriesSerial != ScopeState.UNKNOWN_SERIAL
              && current.entriesSerial >= serial)) {
        return false;
      }
      fresh.update(current.info());
      fresh.serial = Math.max(current.serial, serial);
      fresh.entriesSerial = serial;
      scopes.put(scopeId, fresh);
      expiries.forgetScope(scopeId);
      expiring.forEach(expiries::added);
      publishViews(Set.of(fresh));
      return true;
    }
  }

  /**
   * Applies a change to the set of scopes as it lists them: new scopes start empty, deleted ones
   * drop out with their entries, labels and serials are updated. For a list that no other writer of
   * the set can have overtaken (start-up, tests); a committed change goes through {@link
   * #apply(ScopesChanged, Supplier)}.
   */
  public void apply(ScopesChanged change) {
    apply(change, change::scopes);
  }

  /**
   * Applies a change this node committed to the set of scopes, taking the set as {@code stored}
   * reads it from the database now, after the commit, not as the change's own transaction saw it.
   * Two transactions changing scopes may commit in one order and be applied in the other, and a
   * round of the change feed ({@link #follow}) may read the scopes before a commit and apply them
   * after it. So every read of the set takes a ticket before it starts, and a read is applied only
   * if no read with a later ticket was applied before it: a read that began later saw every commit
   * an earlier one saw, and the commit that made the earlier one is applied by its own. A scope a
   * commit created or renamed is never put back as it was. The read runs outside the writer lock,
   * so that a database slow to answer, or a pool without a free connection, never holds up the
   * index's other writers. The scopes the change created start empty at the serial the change saw
   * them at; the others keep their entries.
   *
   * @throws RuntimeException what {@code stored} throws; the index is left as it was
   */
  public void apply(ScopesChanged change, Supplier<List<ScopeInfo>> stored) {
    long ticket = scopeReads.incrementAndGet();
    List<ScopeInfo> read = stored.get();
    Map<Long, Long> createdEmptyAt = new HashMap<>();
    for (ScopeInfo info : change.scopes()) {
      if (change.created().contains(info.id())) {
        createdEmptyAt.put(info.id(), info.serial());
      }
    }
    synchronized (writeLock) {
      if (ticket > appliedScopeRead) {
        appliedScopeRead = ticket;
        replaceScopes(read, createdEmptyAt);
        scopesTaken.accept(read);
      } else if (change.serial() <= baseSerial) {
        return; // a read begun later was applied, and the serial is not new
      }
      baseSerial = Math.max(baseSerial, change.serial());
      publishAll();
    }
  }

  /**
   * Brings the set of scopes up to the database for a round of the change feed: {@code stored}
   * reads it (outside the writer lock, with a ticket: see {@link #apply(ScopesChanged, Supplier)}),
   * and only when it differs from the set held (a scope created, renamed or deleted, an ACL
   * changed) and no later read was applied meanwhile is it applied, with a base zone serial from
   * {@code serial}. Scopes new to this node start with entries of no known serial: another node may
   * have filled them.
   *
   * @return the scopes read
   * @throws RuntimeException what {@code stored} or {@code serial} throws; the index is left as it
   *     was
   */
  public List<ScopeInfo> follow(Supplier<List<ScopeInfo>> stored, LongSupplier serial) {
    long ticket = scopeReads.incrementAndGet();
    List<ScopeInfo> read = stored.get();
    synchronized (writeLock) {
      if (ticket <= appliedScopeRead || sameScopes(read)) {
        return read;
      }
    }
    long base = serial.getAsLong(); // a database call too: outside the lock
    synchronized (writeLock) {
      if (ticket > appliedScopeRead) {
        appliedScopeRead = ticket;
        replaceScopes(read, Map.of());
        scopesTaken.accept(read);
        baseSerial = Math.max(baseSerial, base);
        publishAll();
      }
    }
    return read;
  }

  /** Guarded by {@link #writeLock}. */
  private void replaceScopes(List<ScopeInfo> infos, Map<Long, Long> createdEmptyAt) {
    Map<Long, ScopeState> next = new LinkedHashMap<>();
    for (ScopeInfo info : infos) {
      ScopeState state = scopes.get(info.id());
      if (state == null) {
        state = new ScopeState(info);
        Long emptyAt = createdEmptyAt.get(info.id());
        if (emptyAt != null) {
          // Created by this node's change, so empty at the serial that change saw; a scope
          // created elsewhere may not be.
          state.entriesSerial = emptyAt;
        }
      } else {
        state.update(info);
      }
      next.put(info.id(), state);
    }
    scopes = next;
  }

  /**
   * Whether {@code stored} holds the scopes held, with the same labels, account, ACL and former
   * labels (serials aside: they move with every entry change). Guarded by {@link #writeLock}.
   */
  private boolean sameScopes(List<ScopeInfo> stored) {
    if (stored.size() != scopes.size()) {
      return false;
    }
    for (ScopeInfo scope : stored) {
      ScopeState held = scopes.get(scope.id());
      if (held == null) {
        return false;
      }
      ScopeInfo other = held.info();
      if (!other.label().equalsIgnoreCase(scope.label())
          || !Objects.equals(other.accountScopeId(), scope.accountScopeId())
          || !Objects.equals(other.allowQuery(), scope.allowQuery())
          || !other.formerLabels().equals(scope.formerLabels())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The current tables of every scope with the serials their entries match, for saving them ({@link
   * IndexFile}). Taken under the writer lock, so it is one consistent state; the tables are
   * immutable, so saving them afterwards blocks neither readers nor writers.
   */
  public IndexImage image() {
    synchronized (writeLock) {
      Map<Long, List<ActiveEntry>> expiring = expiries.byScope();
      List<IndexImage.Scope> images = new ArrayList<>(scopes.size());
      for (ScopeState state : scopes.values()) {
        images.add(
            new IndexImage.Scope(
                state.info(),
                state.entriesSerial,
                state.published(),
                expiring.getOrDefault(state.id, List.of())));
      }
      return new IndexImage(snapshot, images);
    }
  }

  /**
   * Removes the entries whose expiry is {@code now} or earlier and publishes the result: each node
   * stops answering an expired entry on time from its own index, without the database. The
   * database's own record of the expiry (and its announcement, which then changes nothing here)
   * follows when the database can be reached. The scopes keep the serial their entries are of: they
   * hold that serial's entries less the expired ones, as every node does at this moment.
   *
   * @return how many entries were removed
   */
  public int expire(Instant now) {
    synchronized (writeLock) {
      List<ActiveEntry> due = expiries.due(now.toEpochMilli());
      if (due.isEmpty()) {
        return 0;
      }
      Set<ScopeState> touched = new LinkedHashSet<>();
      for (ActiveEntry entry : due) {
        ScopeState state = scopes.get(entry.scopeId());
        if (state != null) {
          state.remove(entry);
          touched.add(state);
        }
      }
      touched.forEach(ScopeState::publish);
      publishViews(touched);
      expiredSoFar += due.size();
      return due.size();
    }
  }

  /**
   * How many entries {@link #expire} has taken out since this index was made: when it has not
   * grown, no entry expired meanwhile, so there is no expiry for the database to record either. A
   * plain volatile read.
   */
  public long expiredSoFar() {
    return expiredSoFar;
  }

  /** When the next entry expires; null when none is waiting for its expiry. */
  public Instant nextExpiry() {
    synchronized (writeLock) {
      long next = expiries.next();
      return next == Long.MAX_VALUE ? null : Instant.ofEpochMilli(next);
    }
  }

  /** What the published tables of every scope hold and the bytes of their arrays. */
  public IndexFootprint footprint() {
    synchronized (writeLock) {
      IndexFootprint sum = IndexFootprint.EMPTY;
      for (ScopeState state : scopes.values()) {
        sum = sum.plus(state.footprint());
      }
      return sum;
    }
  }

  /** Rebuilds every view; for changes to the set of scopes. Caller holds the writer lock. */
  private void publishAll() {
    Map<String, ScopeView> zones = new HashMap<>(scopes.size() * 2);
    for (ScopeState state : scopes.values()) {
      putViews(zones, state);
    }
    snapshot = new Snapshot(zones, baseSerial);
  }

  /**
   * Puts the views of a scope under its label and under each former label still in its overlap, so
   * DNS answers the same under each of them.
   */
  private void putViews(Map<String, ScopeView> zones, ScopeState state) {
    zones.put(state.label, view(state, state.label));
    for (String former : state.formerLabels) {
      zones.put(former, view(state, former));
    }
  }

  /**
   * Rebuilds the views of changed scopes and of the mail servers of changed accounts; the other
   * views are reused. Caller holds the writer lock.
   */
  private void publishViews(Set<ScopeState> changed) {
    Set<Long> ids = new HashSet<>();
    for (ScopeState state : changed) {
      ids.add(state.id);
    }
    Map<String, ScopeView> zones = new HashMap<>(snapshot.zonesForCopy());
    for (ScopeState state : scopes.values()) {
      if (ids.contains(state.id)
          || (state.accountScopeId != null && ids.contains(state.accountScopeId))) {
        putViews(zones, state);
      }
    }
    snapshot = new Snapshot(zones, baseSerial);
  }

  /** The view of a scope as DNS sees it under {@code label}, its own or a former one. */
  private ScopeView view(ScopeState state, String label) {
    ScopeState account = state.accountScopeId == null ? null : scopes.get(state.accountScopeId);
    if (account == null) {
      return new ScopeView(
          label,
          state.serial,
          state.allowQuery,
          state.published(),
          state.accountScopeId != null,
          null);
    }
    return new ScopeView(
        label,
        Math.max(state.serial, account.serial),
        QueryAcl.inherit(state.allowQuery, account.allowQuery),
        state.published(),
        true,
        account.published());
  }

  /** Collects entries for a bulk build. Not thread-safe; use from one thread. */
  public interface Loader {

    /** Adds one active entry; its scope must be one of the loader's scopes. */
    void add(ActiveEntry entry);

    /**
     * Adds a scope's entries as an index file saved them; the scope must be one of the loader's
     * scopes, and its entries must come from nowhere else. {@code entriesSerial} is the serial of
     * the stored scope they match.
     *
     * @return the number of entries added
     */
    long restore(IndexFile.SavedScope saved, long entriesSerial);

    /**
     * Builds the structures and publishes them as the new snapshot, without the entries that
     * expired at {@code now} or before.
     */
    void publish(Instant now);

    /** Builds the structures and publishes them with every entry loaded. */
    default void publish() {
      publish(Instant.EPOCH);
    }
  }

  /**
   * Streams entries straight into fresh per-scope writers: nothing per entry is kept besides the
   * table slots, and the tables are handed over as they are at {@link #publish()}.
   */
  private final class BulkLoader implements Loader {

    private final Map<Long, ScopeState> states = new LinkedHashMap<>();
    private final PendingExpiries pending = new PendingExpiries();
    private final long loadedBaseSerial;
    private boolean published;

    BulkLoader(Collection<ScopeInfo> scopes, long baseSerial) {
      for (ScopeInfo info : scopes) {
        ScopeState state = new ScopeState(info);
        // Read before the entries: entries as new as this serial or newer are loaded.
        state.entriesSerial = info.serial();
        states.put(info.id(), state);
      }
      this.loadedBaseSerial = baseSerial;
    }

    @Override
    public void add(ActiveEntry entry) {
      state(entry.scopeId()).add(entry);
      pending.added(entry);
    }

    @Override
    public long restore(IndexFile.SavedScope saved, long entriesSerial) {
      ScopeState state = state(saved.id());
      long added = saved.replay(state);
      saved.expiring().forEach(pending::added);
      state.entriesSerial = entriesSerial;
      state.serial = Math.max(state.serial, entriesSerial);
      return added;
    }

    private ScopeState state(long scopeId) {
      if (published) {
        throw new IllegalStateException("loader already published");
      }
      ScopeState state = states.get(scopeId);
      if (state == null) {
        throw new IllegalArgumentException("scope " + scopeId + " is not being loaded");
      }
      return state;
    }

    @Override
    public void publish(Instant now) {
      if (published) {
        throw new IllegalStateException("loader already published");
      }
      published = true;
      for (ActiveEntry entry : pending.due(now.toEpochMilli())) {
        states.get(entry.scopeId()).remove(entry);
      }
      states.values().forEach(ScopeState::publish);
      synchronized (writeLock) {
        scopes = states;
        expiries = pending;
        baseSerial = Math.max(baseSerial, loadedBaseSerial);
        publishAll();
      }
    }
  }
}
