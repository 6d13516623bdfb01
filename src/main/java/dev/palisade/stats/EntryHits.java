package dev.palisade.stats;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.index.LiveIndex;
import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts how often each entry decided a listed answer, and when it last did, in {@code entry_hit}.
 *
 * <p>The DNS path only drops the names of listed answers into the fixed ring of {@link
 * ZoneCounters}. Four times a second {@link #collect()} empties the ring into a {@link HitTable} of
 * counts per distinct name (allocating nothing for a name seen before); every {@code
 * palisade.stats.flush-interval} {@link #flush()} asks the current index which entry wins each name
 * — the same rule DNS applied ({@link HitWinners}) — and adds the counts per entry with set-based
 * SQL ({@link EntryHitStore}).
 *
 * <p>Approximate by design: hits are dropped when more than the ring holds arrive between two
 * collections, or when more than {@value #MAX_NAMES} distinct names arrive between two flushes
 * (both logged); names whose winner changed or vanished between the answer and the flush count for
 * the new winner or for none, and RFC 5782 test points count for no entry. Counts of several nodes
 * sharing a database add up.
 *
 * <p>Thread-safe. Collecting holds this object's monitor; a flush holds it only to swap the table
 * of pending names for an empty one, so collecting goes on — and the ring does not overflow — while
 * the flush resolves names and writes to the database. Flushes run one at a time.
 */
@Component
public class EntryHits {

  private static final Logger log = LoggerFactory.getLogger(EntryHits.class);

  /** Distinct names kept between two flushes; beyond, hits are dropped like a full ring. */
  static final int MAX_NAMES = 100_000;

  private final ZoneCounters counters;
  private final LiveIndex index;
  private final Accounts accounts;
  private final EntryHitStore store;

  /** Hits per queried name since the last flush; guarded by this. */
  private HitTable pending = new HitTable(MAX_NAMES);

  /** The table the last flush emptied, swapped in by the next one; guarded by {@link #flushing}. */
  private HitTable spare = new HitTable(MAX_NAMES);

  private final Object flushing = new Object();

  private final ZoneCounters.HitSink sink = this::count;

  private long dropped;

  EntryHits(ZoneCounters counters, LiveIndex index, Accounts accounts, EntryHitStore store) {
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

  /** Attributes the pending hits to their entries and adds them to {@code entry_hit}. */
  @Scheduled(
      fixedDelayString = "${palisade.stats.flush-interval:60s}",
      initialDelayString = "${palisade.stats.flush-interval:60s}")
  public void flush() {
    synchronized (flushing) {
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
      if (lost > 0) {
        log.info(
            "{} listed answers were not attributed to entries: more than the hit ring held, or"
                + " more than {} distinct names arrived between two flushes",
            lost,
            MAX_NAMES);
      }
      if (names.size() == 0) {
        return;
      }
      List<Object[]> rows;
      try {
        Map<String, ScopeInfo> scopes = new HashMap<>();
        for (ScopeInfo scope : accounts.allScopes()) {
          scopes.put(scope.label(), scope);
          // An old label in its overlap answers for the same scope: its hits count there.
          scope.formerLabels().forEach(former -> scopes.put(former, scope));
        }
        rows = new HitWinners(index.snapshot(), scopes).addAll(names).rows();
      } finally {
        names.clear();
      }
      store.add(rows);
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
