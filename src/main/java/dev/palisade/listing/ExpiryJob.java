package dev.palisade.listing;

import dev.palisade.common.DatabaseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Records expiries in the database: every {@code palisade.listing.expiry-check} it writes the
 * entries whose expiry passed since the last run as expired (audit trail, change feed) and
 * announces them. Every node's index has already taken them out of DNS at their expiry by itself,
 * so the announcement changes nothing there; it is the record other nodes and zone transfers
 * follow. Every hour it deletes entries expired longer ago than {@code
 * palisade.listing.purge-after}.
 *
 * <p>It starts from the moment the index was built ({@link #startFrom}); until then it does
 * nothing, because entries expired before that moment were never loaded. While the database cannot
 * be reached ({@link DatabaseStatus}) it skips its rounds, and catches up with the whole window
 * once it is back.
 *
 * <p>A round asks the database only when the index has taken an entry out at its expiry since the
 * last round that did (the index holds every enabled entry with its expiry, so an expiry the
 * database has to record is one the index took out first): while nothing expires, a round reads one
 * counter and no query runs. A round that skips leaves its window open, so the next one that looks
 * covers everything since the last look. On a busy machine the query every second cost 2.4 ms of
 * CPU per round; see {@code deploy/bench/README.md}, "Background work".
 */
@Component
public class ExpiryJob {

  private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

  /** Most entries purged per transaction, so a large purge never holds one huge transaction. */
  private static final int PURGE_BATCH = 1000;

  private final Listings listings;
  private final ListingSettings settings;
  private final Clock clock;
  private final DatabaseStatus database;
  private volatile Instant doneUpTo;
  private volatile Instant lastRound;

  /** How many entries the index has taken out at their expiry so far; see {@link #startFrom}. */
  private volatile LongSupplier expiredInIndex = () -> 0;

  /** {@link #expiredInIndex} as of the last round that looked; -1 before the first. */
  private long expiredSeen = -1;

  ExpiryJob(Listings listings, ListingSettings settings, Clock clock, DatabaseStatus database) {
    this.listings = listings;
    this.settings = settings;
    this.clock = clock;
    this.database = database;
  }

  /**
   * Entries expiring after this moment are this job's to remove.
   *
   * @param loadedAt the moment the index was built
   * @param expiredInIndex how many entries the index has taken out at their expiry so far (it only
   *     grows); a round looks in the database only when it has grown since the last one that did
   */
  public void startFrom(Instant loadedAt, LongSupplier expiredInIndex) {
    this.expiredInIndex = expiredInIndex;
    this.doneUpTo = loadedAt;
  }

  /**
   * Every entry that expired by this moment is out of the index (its removal announced and
   * applied); null before {@link #startFrom}.
   */
  public Instant doneUpTo() {
    return doneUpTo;
  }

  /**
   * When the job last ran a round, whether or not it had to ask the database (a round that finds
   * nothing expired since does not move {@link #doneUpTo}); null before the first.
   */
  public Instant lastRound() {
    return lastRound;
  }

  /** Whether the last expiry check failed, so that a failure that lasts is logged once. */
  private boolean failing;

  @Scheduled(fixedDelayString = "${palisade.listing.expiry-check:1s}")
  void run() {
    lastRound = clock.instant();
    Instant from = doneUpTo;
    if (from == null || !database.reachable()) {
      return;
    }
    // Read before the clock: whatever this count includes expired by the moment read next.
    long expiredSoFar = expiredInIndex.getAsLong();
    if (expiredSoFar == expiredSeen) {
      return;
    }
    Instant now = clock.instant();
    if (!now.isAfter(from)) {
      return;
    }
    try {
      int expired = listings.expire(from, now);
      doneUpTo = now;
      expiredSeen = expiredSoFar;
      if (failing) {
        failing = false;
        log.info("expiry check works again");
      }
      if (expired > 0) {
        log.info("{} entries expired and no longer answer in DNS", expired);
      }
    } catch (RuntimeException e) {
      // Try the same window again next time rather than skip it; say so once, not every second.
      if (!database.explains(e) && !failing) {
        failing = true;
        log.warn("expiry check failed, will retry every second (logged once): {}", e.toString());
      }
    }
  }

  /** Deletes entries that expired longer ago than {@code palisade.listing.purge-after}. */
  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
  void purge() {
    if (!database.reachable()) {
      return;
    }
    try {
      Instant cutoff = clock.instant().minus(settings.purgeAfter());
      int total = 0;
      int purged;
      do {
        purged = listings.purge(cutoff, PURGE_BATCH);
        total += purged;
      } while (purged == PURGE_BATCH);
      if (total > 0) {
        log.info("{} entries expired before {} were purged", total, cutoff);
      }
    } catch (RuntimeException e) {
      if (!database.explains(e)) {
        log.warn("purge of expired entries failed, will retry: {}", e.toString());
      }
    }
  }
}
