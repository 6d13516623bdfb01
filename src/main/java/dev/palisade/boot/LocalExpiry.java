package dev.palisade.boot;

import dev.palisade.index.LiveIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes entries out of DNS at their expiry, from the index alone ({@link LiveIndex#expire}), on a
 * thread of its own: on every node, on time, and while the database cannot be reached. It starts
 * with DNS, in the DNS context. The database's record of each expiry (audit trail, change feed)
 * follows from {@code listing.ExpiryJob} when the database can be reached; applied here it changes
 * nothing more.
 *
 * <p>Thread-safe.
 */
final class LocalExpiry implements SmartLifecycle {

  /** The longest sleep: an entry added meanwhile with an earlier expiry waits at most this. */
  static final Duration TICK = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(LocalExpiry.class);

  private final LiveIndex index;
  private final Clock clock;
  private volatile Thread thread;

  LocalExpiry(LiveIndex index, Clock clock) {
    this.index = index;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (thread == null) {
      // Once here, before DNS opens: what expired while the index was being built is out.
      index.expire(clock.instant());
      thread = new Thread(this::run, "palisade-expiry");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public synchronized void stop() {
    Thread running = thread;
    thread = null;
    if (running != null) {
      running.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Before DNS: the index it answers from is already rid of what expired during the start. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1;
  }

  private void run() {
    Thread self = Thread.currentThread();
    while (thread == self) {
      Instant now = clock.instant();
      try {
        index.expire(now);
      } catch (RuntimeException e) {
        log.error("expired entries could not be taken out of the index", e);
      }
      Instant next = index.nextExpiry();
      long wait = TICK.toMillis();
      if (next != null) {
        wait = Math.max(1, Math.min(wait, Duration.between(clock.instant(), next).toMillis()));
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
