package dev.palisade.stats;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.index.IndexFootprint;
import dev.palisade.index.LiveIndex;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts how often each entry decided a listed answer, and when it last did, in {@code entry_hit}.
 *
 * <p>The DNS path only drops the names of listed answers into the fixed rings of {@link
 * ZoneCounters}. Ten times a second {@link #collect()} empties them into a {@link HitTable} of
 * counts per distinct name (allocating nothing for a name seen before). Every {@code
 * palisade.stats.flush-interval} {@link #attribute()} asks the current index which entry wins each
 * name — the same rule DNS applied ({@link HitWinners}) — and adds the counts to the entries'
 * tallies waiting to be written. A table that fills up with {@value #MAX_NAMES} names before then
 * is handed over whole to be attributed within a second ({@link #attributeFull()}) while a second
 * table takes the names that follow, so a flood of distinct names costs more attributions, not
 * hits; the tallies are kept by entry, so what they hold is bounded by the index, not the traffic.
 * Every {@code palisade.stats.hit-write-interval} {@link #writeSome()} writes the oldest of them,
 * at most {@code palisade.stats.hit-writes-per-second} for each second of it, by the entries' ids
 * ({@link EntryHitStore}); an entry's id is looked up by its key the first time and kept for the
 * {@value #MAX_IDS} entries written last, so an entry hit again and again is written by its primary
 * key alone.
 *
 * <p>What the statistics may cost is thus set by that rate, not by the traffic: a tally written
 * later has only added more hits meanwhile, so under a flood of distinct names the counts arrive
 * late rather than the database (and on a small machine the DNS core) doing a hundred thousand
 * writes a minute. A flush that wrote every changed counter at once held H2, in the server's own
 * process, for seconds; see {@code deploy/bench/README.md}, "Background work".
 *
 * <p>Exact within bounds set by memory, and every hit lost beyond them is counted and logged with
 * its cause: hits are dropped when more arrive between two collections than a ring holds (0.8 s at
 * 81,000 listed answers a second), when both tables are full (more than twice {@value #MAX_NAMES}
 * distinct names before the first is attributed), or when a new entry's tally finds as many waiting
 * as the index has entries (at least {@value #MIN_DUE}, at most {@value #MAX_DUE}). Names whose
 * winner changed or vanished between the answer and the attribution count for the new winner or for
 * none, and RFC 5782 test points count for no entry. Counts of several nodes sharing a database add
 * up.
 *
 * <p>Thread-safe. Collecting holds this object's monitor; an attribution holds it only to take a
 * table of names and leave an empty one, so collecting goes on — and the rings do not overflow —
 * while names are resolved and written. Attributions and writes run one at a time.
 */
@Component
public class EntryHits {

  private static final Logger log = LoggerFactory.getLogger(EntryHits.class);

  /**
   * Distinct names a table holds: when the one collecting is full it is attributed early and the
   * other takes over. 2^18, so that the benchmark's 250,000 listed names fit in one table and are
   * resolved once a minute, not once per fill; a full table is 16 MiB of slots (32 bytes each, at
   * most half of them used) and the names' bytes, and a table only grows to what it held.
   */
  static final int MAX_NAMES = 1 << 18;

  /**
   * Entries whose hits may wait to be written, however few the index holds. Up to as many as the
   * index holds are allowed beyond that (every entry hit between two writes of it waits once), at
   * most {@link #MAX_DUE}: about 150 bytes each. Beyond, hits of further entries are dropped.
   */
  static final int MIN_DUE = 200_000;

  /** The most entries whose hits may wait to be written, whatever the index holds. */
  static final int MAX_DUE = 1_000_000;

  /**
   * Entries whose ids are kept after their hits were written, so that their next hits are written
   * by id without looking the entry up by its key again: the most recently written ones.
   */
  static final int MAX_IDS = 100_000;

  /** How long a stop may spend writing waiting tallies unless configured otherwise. */
  static final Duration STOP_WRITE_LIMIT = Duration.ofSeconds(10);

  /** A failing database is logged at most this often (nanoseconds): once a minute. */
  private static final long FAILURE_LOG_EVERY = 60_000_000_000L;

  private final ZoneCounters counters;
  private final LiveIndex index;
  private final Accounts accounts;
  private final EntryHitStore store;

  /** Tallies one {@link #writeSome()} writes at most: the rate times the interval's seconds. */
  private final int writesPerRound;

  /** Hits per queried name since the last attribution; guarded by this. */
  private HitTable pending;

  /** A full table handed over to be attributed, or null; guarded by this. */
  private HitTable full;

  /**
   * The empty table that takes over from {@link #pending}, or null while it is being attributed or
   * waits for that as {@link #full}; guarded by this.
   */
  private HitTable spare;

  /** Entries whose tallies may wait, at least; see {@link #MIN_DUE}. */
  private final int minDue;

  /** How long {@link #flushOnShutdown()} may spend writing; see {@link #flushWithin}. */
  private Duration stopWriteLimit = STOP_WRITE_LIMIT;

  /**
   * Tallies of hits (count, latest, entry id or 0) waiting to be written, oldest first; guarded by
   * flushing.
   */
  private final Map<HitWinners.Winner, long[]> due = new LinkedHashMap<>();

  /**
   * The ids of entries written lately whose hits do not wait now, at most {@link #MAX_IDS}, the
   * longest unwritten dropped first; guarded by flushing.
   */
  private final Map<HitWinners.Winner, Long> ids =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<HitWinners.Winner, Long> eldest) {
          return size() > MAX_IDS;
        }
      };

  private final Object flushing = new Object();

  private final ZoneCounters.HitSink sink = this::count;

  /** Hits dropped since the last attribution because both tables were full; guarded by this. */
  private long dropped;

  /** When the last failed write was logged ({@link System#nanoTime()}); guarded by flushing. */
  private long lastFailureLogged = System.nanoTime() - FAILURE_LOG_EVERY;

  @Autowired
  EntryHits(
      ZoneCounters counters,
      LiveIndex index,
      Accounts accounts,
      EntryHitStore store,
      @Value("${palisade.stats.hit-writes-per-second:250}") int writesPerSecond,
      @Value("${palisade.stats.hit-write-interval:10s}") Duration writeInterval,
      @Value("${palisade.stats.stop-write-limit:10s}") Duration stopWriteLimit) {
    this(counters, index, accounts, store, writesPerSecond, writeInterval, MAX_NAMES, MIN_DUE);
    if (stopWriteLimit.isNegative()) {
      throw new IllegalArgumentException(
          "palisade.stats.stop-write-limit must be 0s or more: " + stopWriteLimit);
    }
    this.stopWriteLimit = stopWriteLimit;
  }

  /** As the constructor above, a stop writing for at most {@link #STOP_WRITE_LIMIT}. */
  EntryHits(
      ZoneCounters counters,
      LiveIndex index,
      Accounts accounts,
      EntryHitStore store,
      int writesPerSecond,
      Duration writeInterval) {
    this(counters, index, accounts, store, writesPerSecond, writeInterval, MAX_NAMES, MIN_DUE);
  }

  /**
   * As the first constructor, with the names a table holds and the entries that may wait at least
   * given, so that tests reach them with few names and entries.
   */
  EntryHits(
      ZoneCounters counters,
      LiveIndex index,
      Accounts accounts,
      EntryHitStore store,
      int writesPerSecond,
      Duration writeInterval,
      int maxNames,
      int minDue) {
    if (writesPerSecond < 1) {
      throw new IllegalArgumentException(
          "palisade.stats.hit-writes-per-second must be at least 1: " + writesPerSecond);
    }
    if (writeInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "palisade.stats.hit-write-interval must be at least 1s: " + writeInterval);
    }
    this.writesPerRound =
        (int) Math.min(MAX_DUE, writesPerSecond * (writeInterval.toMillis() / 1000));
    this.pending = new HitTable(maxNames);
    this.spare = new HitTable(maxNames);
    this.minDue = minDue;
    this.counters = counters;
    this.index = index;
    this.accounts = accounts;
    this.store = store;
  }

  /**
   * Empties the DNS path's rings into the pending counts. Every 100 ms: waking costs a few
   * microseconds, and the rings then hold eight periods at the benchmark's rate.
   */
  @Scheduled(fixedDelay = 100, initialDelay = 100)
  public synchronized void collect() {
    counters.drainHits(sink);
  }

  /**
   * Counts one hit; when the name is new and the table full, hands the table over to be attributed
   * and counts it in the empty one, or drops it when that is not back yet.
   */
  private void count(String label, int list, byte[] subject, int from, int length, long millis) {
    if (pending.add(label, list, subject, from, length, millis)) {
      return;
    }
    if (full == null && spare != null) {
      full = pending;
      pending = spare;
      spare = null;
      if (pending.add(label, list, subject, from, length, millis)) {
        return;
      }
    }
    dropped++;
  }

  /**
   * Attributes a table that filled up since the last attribution, if one did: checked every second,
   * so the table that took over has a second's names of room before hits are dropped.
   */
  @Scheduled(fixedDelay = 1000, initialDelay = 1000)
  void attributeFull() {
    synchronized (flushing) {
      HitTable names = take(false);
      if (names != null) {
        logLost(attribute(names));
      }
    }
  }

  /** Attributes the pending hits to their entries, to be written by {@link #writeSome()}. */
  @Scheduled(
      fixedDelayString = "${palisade.stats.flush-interval:60s}",
      initialDelayString = "${palisade.stats.flush-interval:60s}")
  void attribute() {
    synchronized (flushing) {
      attributePending();
    }
  }

  /**
   * Writes the entries' tallies that waited longest, at most the budget of one write interval
   * ({@code hit-writes-per-second} times its seconds), in chunks of {@link EntryHitStore#CHUNK}.
   * When the database fails they stay, to be written once it is back (a warning at most once a
   * minute).
   */
  @Scheduled(
      fixedDelayString = "${palisade.stats.hit-write-interval:10s}",
      initialDelayString = "${palisade.stats.hit-write-interval:10s}")
  void writeSome() {
    synchronized (flushing) {
      try {
        write(writesPerRound);
      } catch (DataAccessException e) {
        long now = System.nanoTime();
        if (now - lastFailureLogged > FAILURE_LOG_EVERY) {
          lastFailureLogged = now;
          log.warn(
              "hits of {} entries wait to be written: {}",
              due.size(),
              e.getMostSpecificCause().toString());
        }
      }
    }
  }

  /**
   * Attributes the pending hits and writes every waiting tally now, whatever the budget: for the
   * shutdown, and for tests.
   *
   * @throws DataAccessException when the database fails; what was not written still waits
   */
  public void flush() {
    synchronized (flushing) {
      attributePending();
      while (!due.isEmpty()) {
        write(EntryHitStore.CHUNK);
      }
    }
  }

  /** Writes up to {@code count} of the oldest tallies and forgets them once written. */
  private void write(int count) {
    List<Map.Entry<HitWinners.Winner, long[]>> oldest = HitWinners.oldest(due, count);
    if (oldest.isEmpty()) {
      return;
    }
    List<EntryHitStore.Hits> rows = HitWinners.rows(oldest);
    store.add(rows);
    for (int i = 0; i < rows.size(); i++) {
      HitWinners.Winner winner = oldest.get(i).getKey();
      due.remove(winner);
      if (rows.get(i).written) {
        ids.put(winner, rows.get(i).entryId);
      }
    }
  }

  /** Entries whose hits wait to be written. */
  int waiting() {
    synchronized (flushing) {
      return due.size();
    }
  }

  /**
   * Resolves every name collected so far into {@link #due}: a full table handed over, then the
   * pending one. The caller holds {@link #flushing}.
   */
  private void attributePending() {
    long lost;
    boolean handedOver;
    synchronized (this) {
      collect();
      lost = dropped + counters.droppedHits();
      dropped = 0;
      handedOver = full != null;
    }
    lost += attribute(take(true));
    if (handedOver) {
      lost += attribute(take(true));
    }
    logLost(lost);
  }

  /**
   * A table to attribute: the full one handed over if there is one, else the pending one when
   * {@code pendingToo} (the spare taking its place), else null. The caller holds {@link #flushing},
   * so no other table is out: either {@link #full} or {@link #spare} is there.
   */
  private synchronized HitTable take(boolean pendingToo) {
    HitTable names = full;
    if (names != null) {
      full = null;
    } else if (pendingToo) {
      names = pending;
      pending = spare;
      spare = null;
    }
    return names;
  }

  /**
   * Adds the hits of a table's names to their entries' tallies and gives the table back emptied as
   * the spare; returns the hits refused because too many entries wait. The caller holds {@link
   * #flushing}; this object's monitor must not be held.
   */
  private long attribute(HitTable names) {
    try {
      if (names.size() == 0) {
        return 0;
      }
      Map<String, ScopeInfo> scopes = new HashMap<>();
      for (ScopeInfo scope : accounts.allScopes()) {
        scopes.put(scope.label(), scope);
        // An old label in its overlap answers for the same scope: its hits count there.
        scope.formerLabels().forEach(former -> scopes.put(former, scope));
      }
      return new HitWinners(index.snapshot(), scopes, due, ids, dueLimit()).addAll(names);
    } finally {
      names.clear();
      synchronized (this) {
        spare = names;
      }
    }
  }

  /**
   * Entries whose tallies may wait: as many as the index holds (each waits at most once), at least
   * {@link #minDue}, at most {@link #MAX_DUE}.
   */
  private int dueLimit() {
    IndexFootprint held = index.footprint();
    long entries = held.ip4Networks() + held.ip6Networks() + held.domainPatterns();
    return (int) Math.min(MAX_DUE, Math.max(minDue, entries));
  }

  private void logLost(long lost) {
    if (lost > 0) {
      log.info(
          "{} listed answers were not attributed to entries: more than the hit rings held between"
              + " two collections, more than twice {} distinct names arrived before a full table"
              + " was attributed, or more entries waited to be written than the index holds (at"
              + " least {}, at most {})",
          lost,
          MAX_NAMES,
          minDue,
          MAX_DUE);
    }
  }

  /**
   * Writes what was collected, so a restart loses little, for at most {@code
   * palisade.stats.stop-write-limit}: see {@link #flushWithin}.
   */
  @PreDestroy
  void flushOnShutdown() {
    try {
      flushWithin(stopWriteLimit);
    } catch (RuntimeException e) {
      log.warn("entry hits of the last minute were not saved: {}", e.toString());
    }
  }

  /**
   * Attributes the pending hits and writes the waiting tallies, oldest first, a chunk at a time
   * until none waits or {@code limit} has passed; what still waits then is logged and dropped.
   *
   * <p>Why a limit: tallies wait at the rate {@code palisade.stats.hit-writes-per-second} allows,
   * and when DNS hits more distinct entries a minute than that rate writes, as many wait as the
   * index holds (up to {@value #MAX_DUE}). Writing them all took a stop minutes on PostgreSQL and
   * H2 alike, longer than a service manager waits before it kills the process, and the index file
   * was then not written either.
   *
   * @return the entries whose hits were not written
   * @throws DataAccessException when the database fails; what was not written still waits
   */
  long flushWithin(Duration limit) {
    synchronized (flushing) {
      attributePending();
      long deadline = System.nanoTime() + limit.toNanos();
      while (!due.isEmpty() && System.nanoTime() - deadline < 0) {
        write(EntryHitStore.CHUNK);
      }
      int left = due.size();
      if (left > 0) {
        long hits = 0;
        for (long[] tally : due.values()) {
          hits += tally[0];
        }
        log.warn(
            "hits of {} entries ({} listed answers) were not saved: writing them would have taken"
                + " the stop longer than palisade.stats.stop-write-limit ({})",
            left,
            hits,
            limit);
        due.clear();
      }
      return left;
    }
  }
}
