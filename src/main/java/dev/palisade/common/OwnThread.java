package dev.palisade.common;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A job on a thread of its own, so a blocked job delays no other: the scheduled jobs of every
 * feature ({@code boot.JobThreads}) and the change feed's own jobs ({@code cluster}).
 *
 * <p>Such a thread is stopped with {@link #stop}, never interrupted: a thread interrupted inside a
 * {@link java.nio.channels.FileChannel} operation closes the channel ({@link
 * java.nio.channels.ClosedByInterruptException}), and an embedded H2 database whose file channel
 * was closed under it is dead for every thread until it is opened again ("IO Exception", state
 * 90028): the last statistics and the index file of a stop found it so.
 */
public final class OwnThread {

  private OwnThread() {}

  /**
   * One daemon thread with this name, for scheduled and submitted work. Once shut down it runs no
   * task that was waiting for its time, periodic or not: only the one running ends.
   */
  public static ScheduledExecutorService named(String name) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /**
   * Stops the thread without interrupting it: no further task starts, the one running may end, for
   * at most {@code wait}. A task still running then is left to end on its own (the thread is a
   * daemon, it does not hold the process). Returns whether the thread has ended.
   */
  public static boolean stop(ScheduledExecutorService executor, Duration wait) {
    executor.shutdown();
    if (executor instanceof ScheduledThreadPoolExecutor pool) {
      // What shutdownNow() drops, without its interrupt: a task already due would still run.
      pool.getQueue().clear();
    }
    try {
      return executor.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return executor.isTerminated();
    }
  }
}
