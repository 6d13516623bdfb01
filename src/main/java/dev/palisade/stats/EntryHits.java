package dev.palisade.stats;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.index.LiveIndex;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts how often each entry decided a listed answer, and when it last did, in {@code entry_hit}.
 *
 * <p>The DNS path only drops the names of listed answers into the fixed ring of {@link
 * ZoneCounters}. Four times a second {@link #collect()} empties the ring into a {@link HitTable} of
 * counts per distinct name (allocating nothing for a name seen before). Every {@code
 * palisade.stats.flush-interval} {@link #attribute()} asks the current index which entry wins each
 * name — the same rule DNS applied ({@link HitWinners}) — and adds the counts to the entries'
 * tallies waiting to be written. Every {@code palisade.stats.hit-write-interval} {@link
 * #writeSome()} writes the oldest of them, at most {@code palisade.stats.hit-writes-per-second} for
 * each second of it, by the entries' ids ({@link EntryHitStore}); an entry's id is looked up by its
 * key the first time and kept for the {@value #MAX_IDS} entries written last, so an entry hit again
 * and again is written by its primary key alone.
 *
 * <p>What the statistics may cost is thus set by that rate, not by the traffic: a tally written
 * later has only added more hits meanwhile, so under a flood of distinct names the counts arrive
 * late rather than the database (and on a small machine the DNS core) doing a hundred thousand
 * writes a minute. A flush that wrote every changed counter at once held H2, in the server's own
 * process, for seconds; see {@code deploy/bench/README.md}, "Background work".
 *
 * <p>Approximate by design: hits are dropped when more than the ring holds arrive between two
 * collections, when more than {@value #MAX_NAMES} distinct names arrive between two attributions,
 * or when more than {@value #MAX_DUE} entries wait to be written (all logged); names whose winner
 * changed or vanished between the answer and the attribution count for the new winner or for none,
 * and RFC 5782 test points count for no entry. Counts of several nodes sharing a database add up.
 *
 * <p>Thread-safe. Collecting holds this object's monitor; an attribution holds it only to swap the
 * table of pending names for an empty one, so collecting goes on — and the ring does not overflow —
 * while names are resolved and written. Attributions and writes run one at a time.
 */
@Component
public class EntryHits {

  private static final Logger log = LoggerFactory.getLogger(EntryHits.class);

  /** Distinct names kept between two attributions; beyond, hits are dropped like a full ring. */
  static final int MAX_NAMES = 100_000;

  /** Entries whose hits wait to be written; beyond, hits of further entries are dropped. */
  static final int MAX_DUE = 200_000;

  /**
   * Entries whose ids are kept after their hits were written, so that their next hits are written
   * by id without looking the entry up by its key again: the most recently written ones.
   */
  static final int MAX_IDS = 100_000;

  /** A failing database is logged at most this often (nanoseconds): once a minute. */
  private static final long FAILURE_LOG_EVERY = 60_000_000_000L;

  private final ZoneCounters counters;
  private final LiveIndex index;
  private final Accounts accounts;
  private final EntryHitStore store;

  /** Tallies one {@link #writeSome()} writes at most: the rate times the interval's seconds. */
  private final int writesPerRound;

  /** Hits per queried name since the last attribution; guarded by this. */
  private HitTable pending = new HitTable(MAX_NAMES);

  /**
   * The table the last attribution emptied, swapped in by the next; guarded by {@link #flushing}.
   */
  private HitTable spare = new HitTable(MAX_NAMES);

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

  private long dropped;

  /** When the last failed write was logged ({@link System#nanoTime()}); guarded by flushing. */
  private long lastFailureLogged = System.nanoTime() - FAILURE_LOG_EVERY;

  EntryHits(
      ZoneCounters counters,
      LiveIndex index,
      Accounts accounts,
      EntryHitStore store,
      @Value("${palisade.stats.hit-writes-per-second:250}") int writesPerSecond,
      @Value("${palisade.stats.hit-write-interval:10s}") Duration writeInterval) {
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
    this.counters = counters;
    this.index = index;
    this.accounts = accounts;
    this.store = store;
  }

  /** Empties the DNS path's ring into the pending counts. */
  @Scheduled(fixedDelay = 250, initialDelay = 250)
  public synchronized void collect() {
    counters.drainHits(sink);
  }

  private void count(String label, int list, byte[] subject, int from, int length, long millis) {
    if (!pending.add(label, list, subject, from, length, millis)) {
      dropped++;
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

  /** Resolves the pending names into {@link #due}; the caller holds {@link #flushing}. */
  private void attributePending() {
    HitTable names;
    long lost;
    synchronized (this) {
      collect();
      lost = dropped + counters.droppedHits();
      dropped = 0;
      names = pending;
      pending = spare;
      spare = names;
    }
    if (names.size() > 0) {
      try {
        Map<String, ScopeInfo> scopes = new HashMap<>();
        for (ScopeInfo scope : accounts.allScopes()) {
          scopes.put(scope.label(), scope);
          // An old label in its overlap answers for the same scope: its hits count there.
          scope.formerLabels().forEach(former -> scopes.put(former, scope));
        }
        lost += new HitWinners(index.snapshot(), scopes, due, ids, MAX_DUE).addAll(names);
      } finally {
        names.clear();
      }
    }
    if (lost > 0) {
      log.info(
          "{} listed answers were not attributed to entries: more than the hit ring held, more"
              + " than {} distinct names arrived between two flushes, or more than {} entries"
              + " waited to be written",
          lost,
          MAX_NAMES,
          MAX_DUE);
    }
  }

  /** Writes what was collected, so a restart loses little. */
  @PreDestroy
  void flushOnShutdown() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("entry hits of the last minute were not saved: {}", e.toString());
    }
  }
}
