package dev.palisade.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A job on a thread of its own, so a blocked job delays no other: the scheduled jobs of every
 * feature ({@code boot.JobThreads}) and the change feed's own jobs ({@code cluster}).
 */
public final class OwnThread {

  private OwnThread() {}

  /** One daemon thread with this name, for scheduled and submitted work. */
  public static ScheduledExecutorService named(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
