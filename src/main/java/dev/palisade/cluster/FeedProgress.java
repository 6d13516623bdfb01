package dev.palisade.cluster;

import dev.palisade.account.ChangeLog.Backlog;
import java.time.Duration;
import java.time.Instant;

/**
 * How far this node has followed the change feed, in memory: the serial up to which every change is
 * in its index and when that was, whether catch-ups are failing (or one has been running) since
 * when, and the backlog last measured in the database. {@link #lag} turns them into one answer to
 * "how far behind is this node?", which the heartbeat writes to the database and health reports,
 * also while the database cannot be reached.
 *
 * <p>Thread-safe: the following thread reports catch-ups, the heartbeat thread measurements, and
 * any thread asks for the lag.
 */
public final class FeedProgress {

  private long appliedSerial;
  private boolean followedOnce;
  private Instant followedAt;
  private Instant running;
  private Instant failingSince;
  private Backlog backlog = Backlog.NONE;
  private long measuredAfter;
  private Instant measuredAt;

  /**
   * Starts with the moment the index was loaded from the database: it held everything then, though
   * at no serial known here yet.
   */
  public FeedProgress(Instant loadedAt) {
    this.followedAt = loadedAt;
  }

  /** A catch-up starts now. */
  synchronized void started(Instant at) {
    running = at;
  }

  /**
   * The catch-up started at {@code startedAt} is done: every change up to {@code head} is in the
   * index.
   */
  synchronized void followed(long head, Instant startedAt) {
    running = null;
    failingSince = null;
    appliedSerial = Math.max(appliedSerial, head);
    followedOnce = true;
    followedAt = startedAt;
  }

  /** The catch-up started at {@code startedAt} failed. */
  synchronized void failed(Instant startedAt) {
    running = null;
    if (failingSince == null) {
      failingSince = startedAt;
    }
  }

  /**
   * The changes after serial {@code after} as the database held them at {@code at}; ignored when a
   * catch-up has moved {@link #appliedSerial()} past {@code after} meanwhile, and before the first
   * catch-up: until then the node has read no serial of the feed (its index was loaded from the
   * database), and "after serial 0" would count the whole feed as waiting.
   */
  synchronized void measured(Backlog measured, long after, Instant at) {
    if (followedOnce && after == appliedSerial) {
      backlog = measured;
      measuredAfter = after;
      measuredAt = at;
    }
  }

  /** Every change of the feed up to this serial is in the index (0: none read yet). */
  public synchronized long appliedSerial() {
    return appliedSerial;
  }

  /**
   * How far behind this node is at {@code now}: the longer of how long the oldest change it has not
   * applied has been waiting (as last measured, and none once a catch-up started after that
   * measurement or went past the serial it was measured after: a catch-up that started before the
   * measurement may end after it, having applied what it counted) and how long it has not been able
   * to read the feed (catch-ups failing, or one running, since then).
   */
  public synchronized Lag lag(Instant now) {
    boolean current =
        measuredAt != null && measuredAt.isAfter(followedAt) && measuredAfter == appliedSerial;
    Backlog waiting = current ? backlog : Backlog.NONE;
    Duration behind =
        waiting.oldest() == null
            ? Duration.ZERO
            : positive(Duration.between(waiting.oldest(), now));
    Instant stuckSince = failingSince != null ? failingSince : running;
    if (stuckSince != null) {
      Duration stuck = positive(Duration.between(stuckSince, now));
      if (stuck.compareTo(behind) > 0) {
        behind = stuck;
      }
    }
    return new Lag(appliedSerial, waiting.changes(), behind, followedAt, failingSince);
  }

  private static Duration positive(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  /**
   * How far behind the feed a node is.
   *
   * @param appliedSerial every change up to this serial is in its index
   * @param changes changes after it, as last measured (0 when unknown)
   * @param behind how long the oldest of them has been waiting, or how long the node has not been
   *     able to read the feed, whichever is longer
   * @param followedAt when it last had every change of the feed (the start of its last successful
   *     catch-up, or when its index was loaded)
   * @param failingSince since when reading the feed fails; null while it works
   */
  public record Lag(
      long appliedSerial,
      long changes,
      Duration behind,
      Instant followedAt,
      Instant failingSince) {}
}
