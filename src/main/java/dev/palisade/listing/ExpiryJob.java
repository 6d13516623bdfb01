package dev.palisade.listing;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes expired entries out of DNS without a restart: every {@code palisade.listing.expiry-check}
 * it announces the entries whose expiry passed since the last run. Every hour it deletes entries
 * expired longer ago than {@code palisade.listing.purge-after}.
 *
 * <p>It starts from the moment the index was built ({@link #startFrom}); until then it does
 * nothing, because entries expired before that moment were never loaded.
 */
@Component
public class ExpiryJob {

  private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

  /** Most entries purged per transaction, so a large purge never holds one huge transaction. */
  private static final int PURGE_BATCH = 1000;

  private final Listings listings;
  private final ListingSettings settings;
  private final Clock clock;
  private volatile Instant doneUpTo;

  ExpiryJob(Listings listings, ListingSettings settings, Clock clock) {
    this.listings = listings;
    this.settings = settings;
    this.clock = clock;
  }

  /** Entries expiring after this moment are this job's to remove. */
  public void startFrom(Instant loadedAt) {
    this.doneUpTo = loadedAt;
  }

  /**
   * Every entry that expired by this moment is out of the index (its removal announced and
   * applied); null before {@link #startFrom}.
   */
  public Instant doneUpTo() {
    return doneUpTo;
  }

  @Scheduled(fixedDelayString = "${palisade.listing.expiry-check:1s}")
  void run() {
    Instant from = doneUpTo;
    if (from == null) {
      return;
    }
    Instant now = clock.instant();
    if (!now.isAfter(from)) {
      return;
    }
    try {
      int expired = listings.expire(from, now);
      doneUpTo = now;
      if (expired > 0) {
        log.info("{} entries expired and no longer answer in DNS", expired);
      }
    } catch (RuntimeException e) {
      // Try the same window again next time rather than skip it.
      log.warn("expiry check failed, will retry: {}", e.toString());
    }
  }

  /** Deletes entries that expired longer ago than {@code palisade.listing.purge-after}. */
  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
  void purge() {
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
      log.warn("purge of expired entries failed, will retry: {}", e.toString());
    }
  }
}
