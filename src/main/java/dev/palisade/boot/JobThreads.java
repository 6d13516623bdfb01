package dev.palisade.boot;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.OwnThread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>A stop never interrupts a job ({@link OwnThread#stop}): a job interrupted inside H2's file I/O
 * closed the embedded database for everyone, so the last statistics and the index file written
 * after it failed. {@link #close()} lets the round each job is in end, and the futures it hands out
 * ignore a request to interrupt, so Spring's cancelling of a bean's jobs as it is destroyed cannot
 * interrupt one either.
 *
 * <p>The jobs stop as the application context begins to close, right after DNS ({@link
 * DnsStopsFirst}), before any bean is destroyed: the last hits and the index file are written after
 * them.
 *
 * <p>Thread-safe. {@link #close()} stops every job thread, waiting at most {@link #STOP_WAIT} in
 * all for running jobs to end; a job still running then is named in the log and left to end on its
 * own, and whatever needs what it holds waits for it (the last hit write waits for the round in
 * progress).
 */
final class JobThreads implements TaskScheduler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobThreads.class);

  /** The longest {@link #close()} waits for running jobs. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** The job threads by name; guarded by this. */
  private final Map<String, ScheduledExecutorService> threads = new LinkedHashMap<>();

  private final DatabaseStatus database;
  private volatile boolean closing;

  JobThreads(DatabaseStatus database) {
    this.database = database;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
    return uninterrupted(own(task).schedule(task, trigger));
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
    return uninterrupted(own(task).schedule(task, startTime));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
    return uninterrupted(own(task).scheduleAtFixedRate(task, startTime, period));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    return uninterrupted(own(task).scheduleAtFixedRate(task, period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable task, Instant startTime, Duration delay) {
    return uninterrupted(own(task).scheduleWithFixedDelay(task, startTime, delay));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
    return uninterrupted(own(task).scheduleWithFixedDelay(task, delay));
  }

  @Override
  public void close() {
    closing = true;
    Map<String, ScheduledExecutorService> running;
    synchronized (this) {
      running = new LinkedHashMap<>(threads);
      threads.clear();
    }
    // First no job starts another round, then each may end the round it is in.
    running.values().forEach(ScheduledExecutorService::shutdown);
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    List<String> still = new ArrayList<>();
    running.forEach(
        (name, executor) -> {
          Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
          if (!OwnThread.stop(executor, left)) {
            still.add(name);
          }
        });
    if (!still.isEmpty()) {
      log.info(
          "jobs still running after {} s, left to end on their own: {}",
          STOP_WAIT.toSeconds(),
          still);
    }
  }

  private synchronized ConcurrentTaskScheduler own(Runnable task) {
    String name = "palisade-job-" + name(task);
    ScheduledExecutorService executor = OwnThread.named(name);
    // Two jobs of the same name (two beans of one class) keep both threads.
    String key = name;
    for (int i = 2; threads.containsKey(key); i++) {
      key = name + "#" + i;
    }
    threads.put(key, executor);
    ConcurrentTaskScheduler scheduler = new ConcurrentTaskScheduler(executor);
    scheduler.setErrorHandler(
        failure -> {
          // A job failing as the application closes is no failure; an outage is logged once,
          // elsewhere.
          if (!closing && !database.explains(failure)) {
            log.error("scheduled job {} failed", name, failure);
          }
        });
    return scheduler;
  }

  /**
   * The future of a job, whose cancelling never interrupts the job's thread; null for a trigger
   * that never fires.
   */
  private static <V> ScheduledFuture<V> uninterrupted(ScheduledFuture<V> future) {
    return future == null ? null : new Uninterrupted<>(future);
  }

  private record Uninterrupted<V>(ScheduledFuture<V> future) implements ScheduledFuture<V> {

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return future.cancel(false);
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return future.getDelay(unit);
    }

    @Override
    public int compareTo(Delayed other) {
      return future.compareTo(other);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return future.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return future.get(timeout, unit);
    }
  }

  /** {@code ExpiryJob.run} of {@code dev.palisade.listing.ExpiryJob.run}. */
  private static String name(Runnable task) {
    String text = String.valueOf(task);
    int method = text.lastIndexOf('.');
    int type = method > 0 ? text.lastIndexOf('.', method - 1) : -1;
    return type >= 0 && !text.contains("@") ? text.substring(type + 1) : "task";
  }
}
