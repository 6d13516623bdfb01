package dev.palisade.boot;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.OwnThread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

/**
 * The scheduler of the features' {@code @Scheduled} jobs: each job on a thread of its own, named
 * after it ({@code palisade-job-ExpiryJob.run}). Spring's default runs every job on one shared
 * thread, so a job waiting for an unreachable database held back all the others — the expiry of
 * entries, the hit counters' draining, the index file. Fixed-delay jobs never overlap themselves,
 * so one thread per job is all a job can use.
 *
 * <p>A job that fails because the database cannot be reached is noted in {@link DatabaseStatus},
 * which logs the outage once; any other failure is logged with its stack trace, as Spring does.
 *
 * <p>Thread-safe. {@link #close()} stops every job thread, waiting at most {@link #STOP_WAIT} in
 * all for running jobs to end.
 */
final class JobThreads implements TaskScheduler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobThreads.class);

  /** The longest {@link #close()} waits for running jobs. */
  static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final List<ScheduledExecutorService> threads = new ArrayList<>();
  private final DatabaseStatus database;
  private volatile boolean closing;

  JobThreads(DatabaseStatus database) {
    this.database = database;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
    return own(task).schedule(task, trigger);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
    return own(task).schedule(task, startTime);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
    return own(task).scheduleAtFixedRate(task, startTime, period);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    return own(task).scheduleAtFixedRate(task, period);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable task, Instant startTime, Duration delay) {
    return own(task).scheduleWithFixedDelay(task, startTime, delay);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
    return own(task).scheduleWithFixedDelay(task, delay);
  }

  @Override
  public void close() {
    closing = true;
    List<ScheduledExecutorService> running;
    synchronized (this) {
      running = new ArrayList<>(threads);
      threads.clear();
    }
    running.forEach(ScheduledExecutorService::shutdownNow);
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    for (ScheduledExecutorService executor : running) {
      try {
        executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private synchronized ConcurrentTaskScheduler own(Runnable task) {
    String name = "palisade-job-" + name(task);
    ScheduledExecutorService executor = OwnThread.named(name);
    threads.add(executor);
    ConcurrentTaskScheduler scheduler = new ConcurrentTaskScheduler(executor);
    scheduler.setErrorHandler(
        failure -> {
          // A job interrupted by the shutdown is no failure; an outage is logged once, elsewhere.
          if (!closing && !database.explains(failure)) {
            log.error("scheduled job {} failed", name, failure);
          }
        });
    return scheduler;
  }

  /** {@code ExpiryJob.run} of {@code dev.palisade.listing.ExpiryJob.run}. */
  private static String name(Runnable task) {
    String text = String.valueOf(task);
    int method = text.lastIndexOf('.');
    int type = method > 0 ? text.lastIndexOf('.', method - 1) : -1;
    return type >= 0 && !text.contains("@") ? text.substring(type + 1) : "task";
  }
}
