package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.support.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When the expiry job asks the database: only after the index took an entry out at its expiry, and
 * then for the whole window since the last round that looked. Counts the job's calls of {@link
 * Listings#expire}, each at least one query.
 */
class ExpiryJobTest {

  private static final Instant LOADED = Instant.parse("2026-12-06T12:00:00Z");

  private final Listings listings = mock(Listings.class);
  private final MovableClock clock = new MovableClock(LOADED);
  private final AtomicLong expiredInIndex = new AtomicLong();
  private final ExpiryJob job = new ExpiryJob(listings, null, clock, new DatabaseStatus(null));

  @Test
  void asksTheDatabaseOnlyAfterTheIndexTookAnEntryOutAndCoversTheWholeWindow() {
    when(listings.expire(any(), any())).thenReturn(0);
    job.startFrom(LOADED, expiredInIndex::get);

    clock.advance(Duration.ofSeconds(1));
    job.run(); // the first round looks: what expired while the rest started
    verify(listings).expire(LOADED, LOADED.plusSeconds(1));

    for (int second = 2; second <= 60; second++) {
      clock.advance(Duration.ofSeconds(1));
      job.run();
    }
    // A minute in which nothing expired: no query.
    verify(listings, times(1)).expire(any(), any());
    assertThat(job.doneUpTo()).isEqualTo(LOADED.plusSeconds(1));

    expiredInIndex.addAndGet(2);
    clock.advance(Duration.ofSeconds(1));
    job.run();
    verify(listings).expire(LOADED.plusSeconds(1), LOADED.plusSeconds(61));
    assertThat(job.doneUpTo()).isEqualTo(LOADED.plusSeconds(61));

    clock.advance(Duration.ofSeconds(1));
    job.run();
    verify(listings, times(2)).expire(any(), any());
  }

  @Test
  void aFailedRoundIsRepeatedUntilItSucceeds() {
    job.startFrom(LOADED, expiredInIndex::get);
    clock.advance(Duration.ofSeconds(1));
    job.run();
    expiredInIndex.incrementAndGet();
    doThrow(new IllegalStateException("down")).when(listings).expire(any(), any());
    clock.advance(Duration.ofSeconds(1));
    job.run();
    verify(listings).expire(LOADED.plusSeconds(1), LOADED.plusSeconds(2));

    doReturn(1).when(listings).expire(any(), any());
    clock.advance(Duration.ofSeconds(1));
    job.run();
    verify(listings).expire(LOADED.plusSeconds(1), LOADED.plusSeconds(3));
    clock.advance(Duration.ofSeconds(1));
    job.run();
    verify(listings, times(3)).expire(any(), any());
  }

  @Test
  void doesNothingBeforeTheIndexIsBuilt() {
    clock.advance(Duration.ofSeconds(5));
    job.run();
    verify(listings, never()).expire(any(), any());
  }
}
