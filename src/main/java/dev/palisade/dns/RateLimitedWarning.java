package dev.palisade.dns;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs an unexpected failure at most once per interval, so that a flood of bad packets or a broken
 * index cannot flood the log too. Thread-safe and lock-free.
 */
final class RateLimitedWarning {

  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger log;
  private final AtomicLong last = new AtomicLong(System.nanoTime() - 2 * INTERVAL_NANOS);

  RateLimitedWarning(Logger log) {
    this.log = log;
  }

  /** Logs the failure unless another was logged in the last ten seconds. */
  void warn(String what, Throwable e) {
    long now = System.nanoTime();
    long previous = last.get();
    if (now - previous > INTERVAL_NANOS && last.compareAndSet(previous, now)) {
      log.warn("{}: {} (further failures in the next 10s are not logged)", what, e.toString(), e);
    }
  }
}
