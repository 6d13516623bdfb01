package dev.palisade.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.ChangeLog.Backlog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** How far behind a node says it is, and the health that follows from it, at chosen moments. */
class FeedProgressTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final ClusterSettings SETTINGS =
      TestSettings.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(24));

  private final FeedProgress progress = new FeedProgress(T0);

  @Test
  void aNodeThatFollowsAndHasNothingWaitingIsNotBehind() {
    progress.started(T0.plusSeconds(1));
    progress.followed(42, T0.plusSeconds(1));
    progress.measured(Backlog.NONE, 42, T0.plusSeconds(2));

    FeedProgress.Lag lag = progress.lag(T0.plusSeconds(3));

    assertThat(lag.appliedSerial()).isEqualTo(42);
    assertThat(lag.changes()).isZero();
    assertThat(lag.behind()).isZero();
    assertThat(lag.followedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(lag.failingSince()).isNull();
  }

  @Test
  void changesWaitingAtTheLastMeasurementCountFromTheOldestUntilTheNextCatchUpStarts() {
    progress.followed(42, T0);
    progress.measured(new Backlog(3, T0.plusSeconds(1)), 42, T0.plusSeconds(5));

    assertThat(progress.lag(T0.plusSeconds(7)).changes()).isEqualTo(3);
    assertThat(progress.lag(T0.plusSeconds(7)).behind()).isEqualTo(Duration.ofSeconds(6));

    progress.started(T0.plusSeconds(8));
    progress.followed(45, T0.plusSeconds(8));
    assertThat(progress.lag(T0.plusSeconds(9)).changes()).isZero();
    assertThat(progress.lag(T0.plusSeconds(9)).behind()).isZero();
  }

  @Test
  void aMeasurementOverTakenByACatchUpIsIgnored() {
    progress.followed(42, T0);
    progress.started(T0.plusSeconds(1));
    progress.followed(45, T0.plusSeconds(1));
    progress.measured(new Backlog(3, T0), 42, T0.plusSeconds(2));

    assertThat(progress.lag(T0.plusSeconds(3)).changes()).isZero();
    assertThat(progress.lag(T0.plusSeconds(3)).behind()).isZero();
  }

  /**
   * Before its first catch-up a node has read no serial of the feed: its index was loaded from the
   * database, so the whole feed, which a measurement "after serial 0" counts, is not behind it.
   */
  @Test
  void aMeasurementBeforeTheFirstCatchUpDoesNotCountTheWholeFeedAsWaiting() {
    progress.measured(new Backlog(5_000, T0.minus(Duration.ofDays(6))), 0, T0.plusSeconds(1));

    FeedProgress.Lag lag = progress.lag(T0.plusSeconds(2));

    assertThat(lag.changes()).isZero();
    assertThat(lag.behind()).isZero();
  }

  /**
   * A catch-up that started before a measurement and ends after it has applied what the measurement
   * counted as waiting: the backlog was measured after a serial the node has gone past.
   */
  @Test
  void aMeasurementAfterASerialTheNodeHasSinceGonePastIsIgnored() {
    progress.followed(42, T0);
    progress.started(T0.plusSeconds(1));
    progress.measured(new Backlog(3, T0.plusMillis(500)), 42, T0.plusSeconds(2));
    progress.followed(45, T0.plusSeconds(1));

    FeedProgress.Lag lag = progress.lag(T0.plusSeconds(40));

    assertThat(lag.appliedSerial()).isEqualTo(45);
    assertThat(lag.changes()).isZero();
    assertThat(lag.behind()).isZero();
  }

  @Test
  void aNodeThatCannotReadTheFeedIsBehindSinceItsFirstFailure() {
    progress.followed(42, T0);
    progress.started(T0.plusSeconds(1));
    progress.failed(T0.plusSeconds(1));
    progress.started(T0.plusSeconds(2));
    progress.failed(T0.plusSeconds(2));

    FeedProgress.Lag lag = progress.lag(T0.plusSeconds(41));

    assertThat(lag.behind()).isEqualTo(Duration.ofSeconds(40));
    assertThat(lag.failingSince()).isEqualTo(T0.plusSeconds(1));
    assertThat(lag.appliedSerial()).isEqualTo(42);
  }

  @Test
  void aCatchUpThatHangsMakesTheNodeBehindSinceItStarted() {
    progress.followed(42, T0);
    progress.started(T0.plusSeconds(1));

    assertThat(progress.lag(T0.plusSeconds(31)).behind()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void healthIsUpUpToTheMaximumLagAndOutOfServiceBeyond() {
    progress.followed(42, T0);
    progress.started(T0.plusSeconds(1));
    progress.failed(T0.plusSeconds(1));

    Health atLimit = health(T0.plusSeconds(31));
    Health beyond = health(T0.plusSeconds(32));

    assertThat(atLimit.getStatus()).isEqualTo(Status.UP);
    assertThat(beyond.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(beyond.getDetails())
        .containsEntry("node", "ns1")
        .containsEntry("appliedSerial", 42L)
        .containsEntry("lagSeconds", 31.0)
        .containsEntry("maxLagSeconds", 30.0)
        .containsEntry("failingSince", T0.plusSeconds(1).toString());

    progress.started(T0.plusSeconds(33));
    progress.followed(50, T0.plusSeconds(33));
    assertThat(health(T0.plusSeconds(34)).getStatus()).isEqualTo(Status.UP);
  }

  private Health health(Instant now) {
    return new FeedHealth(progress, SETTINGS, Clock.fixed(now, ZoneOffset.UTC), "ns1").health();
  }
}
