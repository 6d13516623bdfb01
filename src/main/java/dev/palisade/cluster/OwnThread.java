package dev.palisade.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A job of this package on a thread of its own, so a blocked job delays no other. */
final class OwnThread {

  private OwnThread() {}

  /** One daemon thread with this name, for scheduled and submitted work. */
  static ScheduledExecutorService named(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
