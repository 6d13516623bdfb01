package dev.palisade.cluster;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.StoredScopes;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntriesChanged;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this node's index up to what the database holds, from the change feed: the set of scopes
 * from the scope table, then each scope whose serial moved on, by applying its changes in serial
 * order — or, when the chain of serials has a gap (changes pruned, a change made without Palisade,
 * a change this version cannot read), a change does not list its entries (too many: {@code
 * EntriesChanged#unlisted}) or the scope's entries are of no known serial, by reloading that
 * scope's entries from the database. So the index never answers from a state that matches no serial
 * for longer than one catch-up. A scope into which an import is being stored in several
 * transactions ({@link ChangeFeed#importing}) is held at the serial its index has until the
 * import's last part has committed (or the import failed, or a start found it left by a killed
 * process: {@link ChangeFeed#releaseLeftImports}), so that DNS never answers a half-stored import.
 *
 * <p>A mail server's zone answers its own entries and its account's, so the changes of an account
 * and its servers (a family) are applied as one sequence, in serial order across the scopes, and
 * only up to the serials the scope table held when the round read it: a change committed meanwhile
 * is left to the next round, with those of the other scopes that came before it. Every state the
 * zone answers between two changes is then the state of one serial. (One account's writes commit in
 * serial order, {@code listing.ScopeWrites}, so every change of a family up to the newest serial
 * the scope table shows for it has committed.)
 *
 * <p>Thread-safe: catch-ups run one at a time. They read the database on the calling thread,
 * outside any transaction of the caller; {@link FeedFollowing} runs them on a thread of their own.
 */
public final class Follower {

  private static final Logger log = LoggerFactory.getLogger(Follower.class);

  /** Changes read per round trip. */
  static final int BATCH = 500;

  private final LiveIndex index;
  private final StoredScopes scopes;
  private final ChangeFeed feed;
  private final ActiveEntries entries;
  private final Clock clock;

  public Follower(
      LiveIndex index, StoredScopes scopes, ChangeFeed feed, ActiveEntries entries, Clock clock) {
    this.index = index;
    this.scopes = scopes;
    this.feed = feed;
    this.entries = entries;
    this.clock = clock;
  }

  /**
   * Catches up with every scope: applies a changed set of scopes, then every family's changes after
   * the serials its scopes' entries are of.
   *
   * @return the feed's newest serial as read before anything else: every change up to it is now in
   *     the index
   * @throws RuntimeException when the database cannot be read; the index is left consistent
   */
  public synchronized long catchUp() {
    long head = feed.head();
    round(null);
    return head;
  }

  /**
   * Catches up with one scope and the others of its family, to at least the serials the database
   * holds for them now: for a change this node committed that does not follow the entries its index
   * holds.
   */
  public synchronized void catchUp(long scopeId) {
    round(scopeId);
  }

  /** One round: every family, or only that of {@code onlyFamilyOf} when it is not null. */
  private void round(Long onlyFamilyOf) {
    Set<Long> known = index.entriesSerials().keySet();
    List<ScopeInfo> stored = index.follow(scopes::all, scopes::nextSerial);
    Long wanted = null;
    if (onlyFamilyOf != null) {
      for (ScopeInfo scope : stored) {
        if (scope.id() == onlyFamilyOf) {
          wanted = family(scope);
        }
      }
      if (wanted == null) {
        return; // deleted since
      }
    }
    Map<Long, Long> held = index.entriesSerials();
    Set<Long> importing = feed.importing();
    Map<Long, List<Cursor>> families = new LinkedHashMap<>();
    for (ScopeInfo scope : stored) {
      Long serial = held.get(scope.id());
      if (serial == null || (wanted != null && family(scope) != wanted)) {
        continue; // deleted since, or not asked for
      }
      if (importing.contains(scope.id()) && known.contains(scope.id())) {
        // An import is being stored in several transactions: the index keeps the scope as it was
        // before it, and takes it as a whole once its last part has committed.
        continue;
      }
      if (!known.contains(scope.id())) {
        // Created by another node: its entries are read once, as at start-up.
        load(scope.id(), "new");
      } else if (serial == EntriesChanged.UNKNOWN_SERIAL) {
        reload(scope.id(), "its entries are of no known serial");
      } else if (serial < scope.serial()) {
        families
            .computeIfAbsent(family(scope), id -> new ArrayList<>())
            .add(new Cursor(scope.id(), serial, scope.serial()));
      }
    }
    families.values().forEach(this::follow);
  }

  /** The id of a scope's family: its account's scope for a mail server, its own otherwise. */
  private static long family(ScopeInfo scope) {
    return scope.accountScopeId() != null ? scope.accountScopeId() : scope.id();
  }

  /**
   * Applies the changes of one family's scopes after the serials their entries hold, up to the
   * newest serial the scope table held for them, in serial order across the scopes; reloads a scope
   * whose changes do not chain, or do not reach the serial the scope table held for it.
   */
  private void follow(List<Cursor> family) {
    long upTo = 0;
    for (Cursor cursor : family) {
      upTo = Math.max(upTo, cursor.stored);
    }
    List<Cursor> open = new ArrayList<>(family);
    while (true) {
      Cursor next = null;
      for (Iterator<Cursor> it = open.iterator(); it.hasNext(); ) {
        Cursor cursor = it.next();
        if (cursor.pending.isEmpty() && !cursor.exhausted) {
          try {
            cursor.read(feed, upTo);
          } catch (IllegalArgumentException e) {
            reload(cursor.scopeId, e.getMessage());
            it.remove();
            continue;
          }
        }
        if (!cursor.pending.isEmpty()
            && (next == null || cursor.pending.peek().serial() < next.pending.peek().serial())) {
          next = cursor;
        }
      }
      if (next == null) {
        break; // every scope's changes up to the cut are applied
      }
      EntriesChanged change = next.pending.poll();
      if (change.previousSerial() == EntriesChanged.UNKNOWN_SERIAL) {
        // A change too large to list its entries (an import of millions), or one that does not
        // say what it follows: only the database has the scope as it left it.
        reload(next.scopeId, "change " + change.serial() + " does not list its entries");
        open.remove(next);
      } else if (change.previousSerial() != next.at || !index.applyIfFollows(change)) {
        reload(next.scopeId, "change " + change.serial() + " does not follow serial " + next.at);
        open.remove(next);
      } else {
        next.at = change.serial();
      }
    }
    for (Cursor cursor : open) {
      if (cursor.at < cursor.stored) {
        reload(
            cursor.scopeId,
            "the feed goes from serial "
                + cursor.held
                + " to "
                + cursor.at
                + ", the database is at "
                + cursor.stored);
      }
    }
  }

  /** Where the following of one scope stands within a round. Not thread-safe. */
  private static final class Cursor {
    final long scopeId;
    final long held;
    final long stored;
    final ArrayDeque<EntriesChanged> pending = new ArrayDeque<>();

    /** The serial its entries are of now. */
    long at;

    /** The newest serial read from the feed so far. */
    long read;

    /** Whether every change up to the cut has been read. */
    boolean exhausted;

    Cursor(long scopeId, long held, long stored) {
      this.scopeId = scopeId;
      this.held = held;
      this.stored = stored;
      this.at = held;
      this.read = held;
    }

    /** Reads the next changes after those read, up to serial {@code upTo}. */
    void read(ChangeFeed feed, long upTo) {
      List<EntriesChanged> changes = feed.after(scopeId, read, upTo, BATCH);
      pending.addAll(changes);
      if (!changes.isEmpty()) {
        read = changes.get(changes.size() - 1).serial();
      }
      exhausted = changes.size() < BATCH;
    }
  }

  /** Replaces the scope's entries with those the database holds now, and says why. */
  private void reload(long scopeId, String why) {
    long[] took = load(scopeId, why);
    if (took != null) {
      log.info(
          "scope {} reloaded from the database ({}): {} active entries in {} ms",
          scopeId,
          why,
          took[0],
          took[1]);
    }
  }

  /**
   * Replaces the scope's entries with those the database holds now, at their serial; returns the
   * entries read and the milliseconds taken, or null when nothing was replaced.
   */
  private long[] load(long scopeId, String why) {
    long started = System.nanoTime();
    long[] count = {0};
    boolean replaced =
        index.replace(
            scopeId,
            sink ->
                entries.forEachAtSerial(
                    scopeId,
                    clock.instant(),
                    entry -> {
                      sink.accept(entry);
                      count[0]++;
                    }));
    long millis = (System.nanoTime() - started) / 1_000_000;
    log.debug("scope {} loaded ({}): {} active entries in {} ms", scopeId, why, count[0], millis);
    return replaced ? new long[] {count[0], millis} : null;
  }
}
