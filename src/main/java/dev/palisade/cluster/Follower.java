package dev.palisade.cluster;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import dev.palisade.account.StoredScopes;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntriesChanged;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * for longer than one catch-up.
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
   * Catches up with every scope: applies a changed set of scopes, then every scope's changes after
   * the serial its entries are of.
   *
   * @return the feed's newest serial as read before anything else: every change up to it is now in
   *     the index
   * @throws RuntimeException when the database cannot be read; the index is left consistent
   */
  public synchronized long catchUp() {
    long head = feed.head();
    List<ScopeInfo> stored = scopes.all();
    Set<Long> known = index.entriesSerials().keySet();
    if (!sameScopes(stored, index.scopes())) {
      index.apply(new ScopesChanged(stored, scopes.nextSerial()));
    }
    Map<Long, Long> held = index.entriesSerials();
    for (ScopeInfo scope : stored) {
      Long serial = held.get(scope.id());
      if (serial == null) {
        continue; // deleted since
      }
      if (!known.contains(scope.id())) {
        // Created by another node: its entries are read once, as at start-up.
        load(scope.id(), "new");
      } else if (serial == EntriesChanged.UNKNOWN_SERIAL || serial < scope.serial()) {
        follow(scope.id(), serial, scope.serial());
      }
    }
    return head;
  }

  /**
   * Catches up with one scope, to at least the serial the database holds for it now: for a change
   * this node committed that does not follow the entries its index holds.
   */
  public synchronized void catchUp(long scopeId) {
    Long serial = index.entriesSerials().get(scopeId);
    if (serial != null) {
      follow(scopeId, serial, -1);
    }
  }

  /**
   * Applies a scope's changes after {@code held}; reloads the scope when they do not chain, or do
   * not reach {@code stored} (the serial the scope table held before the feed was read; -1: not
   * known).
   */
  private void follow(long scopeId, long held, long stored) {
    if (held == EntriesChanged.UNKNOWN_SERIAL) {
      reload(scopeId, "its entries are of no known serial");
      return;
    }
    long at = held;
    while (true) {
      List<EntriesChanged> changes;
      try {
        changes = feed.after(scopeId, at, BATCH);
      } catch (IllegalArgumentException e) {
        reload(scopeId, e.getMessage());
        return;
      }
      for (EntriesChanged change : changes) {
        if (change.previousSerial() == EntriesChanged.UNKNOWN_SERIAL) {
          // A change too large to list its entries (an import of millions), or one that does not
          // say what it follows: only the database has the scope as it left it.
          reload(scopeId, "change " + change.serial() + " does not list its entries");
          return;
        }
        if (change.previousSerial() != at || !index.applyIfFollows(change)) {
          reload(scopeId, "change " + change.serial() + " does not follow serial " + at);
          return;
        }
        at = change.serial();
      }
      if (changes.size() < BATCH) {
        break;
      }
    }
    if (at < stored) {
      reload(
          scopeId,
          "the feed goes from serial " + held + " to " + at + ", the database is at " + stored);
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

  /**
   * Whether the two lists hold the same scopes with the same labels (former ones included), account
   * links and ACLs.
   */
  private static boolean sameScopes(List<ScopeInfo> stored, List<ScopeInfo> held) {
    if (stored.size() != held.size()) {
      return false;
    }
    Map<Long, ScopeInfo> byId = new HashMap<>(held.size() * 2);
    held.forEach(scope -> byId.put(scope.id(), scope));
    for (ScopeInfo scope : stored) {
      ScopeInfo other = byId.get(scope.id());
      if (other == null
          || !other.label().equalsIgnoreCase(scope.label())
          || !Objects.equals(other.accountScopeId(), scope.accountScopeId())
          || !Objects.equals(other.allowQuery(), scope.allowQuery())
          || !other.formerLabels().equals(scope.formerLabels())) {
        return false;
      }
    }
    return true;
  }
}
