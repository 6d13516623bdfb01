package dev.palisade.cluster;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.OwnThread;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link Follower} on a thread of its own: every {@link ClusterSettings#pollInterval()},
 * and at once when {@link #wake()} says the feed has something new (a PostgreSQL notification).
 * Wake-ups that come while a catch-up runs make one more, not one each.
 *
 * <p>Each catch-up is reported to the {@link FeedProgress}: how far this node has followed. While
 * the database cannot be reached ({@link DatabaseStatus}) the rounds are skipped; the status logs
 * the outage once, and the first round after it brings the index up to date. Other failures are
 * logged once, with their cause, and the first success after them says the node follows again. DNS
 * keeps answering from the index meanwhile. The first round runs at start.
 *
 * <p>Thread-safe.
 */
public final class FeedFollowing implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(FeedFollowing.class);

  private final Follower follower;
  private final ClusterSettings settings;
  private final DatabaseStatus database;
  private final FeedProgress progress;
  private final Clock clock;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile ScheduledExecutorService thread;
  private boolean failing;

  /** Follows with {@code follower}, reporting each catch-up to {@code progress}. */
  public FeedFollowing(
      Follower follower,
      ClusterSettings settings,
      DatabaseStatus database,
      FeedProgress progress,
      Clock clock) {
    this.follower = follower;
    this.settings = settings;
    this.database = database;
    this.progress = progress;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = OwnThread.named("palisade-feed");
    long every = settings.pollInterval().toMillis();
    thread.scheduleWithFixedDelay(this::catchUp, 0, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService running = thread;
    thread = null;
    if (running != null) {
      // Not interrupted: a catch-up interrupted inside an embedded database's file I/O closes it.
      OwnThread.stop(running, Duration.ofSeconds(5));
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Asks for a catch-up as soon as the one running (if any) is done. */
  public void wake() {
    ScheduledExecutorService running = thread;
    if (running != null && pending.compareAndSet(false, true)) {
      try {
        running.execute(this::catchUp);
      } catch (RuntimeException e) {
        pending.set(false); // stopping
      }
    }
  }

  /**
   * Brings one scope up to date on the following thread and waits for it, at most {@code
   * timeoutMillis}: for a change this node committed that does not follow the entries its index
   * holds, so the write still returns only once DNS answers it.
   *
   * @return whether the scope was brought up to date in time
   */
  public boolean catchUpNow(long scopeId, long timeoutMillis) {
    ScheduledExecutorService running = thread;
    if (running == null) {
      synchronized (this) {
        // Not started (a context without the thread): run here.
        follower.catchUp(scopeId);
        return true;
      }
    }
    Future<?> done;
    try {
      done = running.submit(() -> follower.catchUp(scopeId));
    } catch (RuntimeException e) {
      return false;
    }
    try {
      done.get(timeoutMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      log.warn("scope {} could not be brought up to date: {}", scopeId, cause(e));
      return false;
    }
  }

  private void catchUp() {
    pending.set(false);
    if (!database.reachable()) {
      progress.failed(clock.instant());
      return;
    }
    Instant started = clock.instant();
    progress.started(started);
    try {
      progress.followed(follower.catchUp(), started);
      if (failing) {
        failing = false;
        log.info("following the change feed again");
      }
    } catch (RuntimeException e) {
      progress.failed(started);
      if (!database.explains(e) && !failing) {
        failing = true;
        log.warn(
            "cannot follow the change feed, DNS answers from the index as it is: {}", cause(e));
      }
    }
  }

  /** The innermost cause of a failure (of a task's failure: of its cause), for a log line. */
  static String cause(Throwable e) {
    Throwable root = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }
}
