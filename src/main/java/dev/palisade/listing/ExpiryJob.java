package dev.palisade.listing;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes expired entries out of DNS without a restart: every {@code palisade.listing.expiry-check}
 * it announces the entries whose expiry passed since the last run.
 *
 * <p>It starts from the moment the index was built ({@link #startFrom}); until then it does
 * nothing, because entries expired before that moment were never loaded.
 */
@Component
public class ExpiryJob {

  private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

  private final Listings listings;
  private final Clock clock;
  private volatile Instant doneUpTo;

  ExpiryJob(Listings listings, Clock clock) {
    this.listings = listings;
    this.clock = clock;
  }

  /** Entries expiring after this moment are this job's to remove. */
  public void startFrom(Instant loadedAt) {
    this.doneUpTo = loadedAt;
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
}
