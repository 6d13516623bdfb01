package dev.palisade.cluster;

import dev.palisade.account.ChangeLog;
import dev.palisade.cluster.FeedProgress.Lag;
import dev.palisade.common.OwnThread;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps this node's row in the list of {@link Nodes}, on a thread of its own: at start it replaces
 * the rows of earlier runs of its name, then every {@link ClusterSettings#heartbeatInterval()} it
 * measures how many changes of the feed it has not applied ({@link FeedProgress}) and writes that
 * with its heartbeat, and removes the rows of nodes gone for {@link
 * ClusterSettings#forgetNodesAfter()}. At a graceful stop it marks its row stopped, waiting at most
 * {@link #STOP_WAIT_MILLIS} for the database.
 *
 * <p>While the database cannot be reached the heartbeats fail: the first failure is logged as a
 * warning with its cause, the next ones not, and the first heartbeat written after them says so.
 * Other nodes then list this one as stale. Thread-safe.
 */
public final class NodeHeartbeat implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

  /** The longest a stop waits to mark the row stopped. */
  static final long STOP_WAIT_MILLIS = 2000;

  private final Nodes nodes;
  private final ChangeLog feed;
  private final FeedProgress progress;
  private final ClusterSettings settings;
  private final Clock clock;
  private volatile ScheduledExecutorService thread;
  private boolean registered;
  private boolean failing;

  public NodeHeartbeat(
      Nodes nodes, ChangeLog feed, FeedProgress progress, ClusterSettings settings, Clock clock) {
    this.nodes = nodes;
    this.feed = feed;
    this.progress = progress;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = OwnThread.named("palisade-heartbeat");
    thread.scheduleWithFixedDelay(
        this::beat, 0, settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService running = thread;
    thread = null;
    if (running == null) {
      return;
    }
    Future<?> marked = running.submit(this::markStopped);
    try {
      marked.get(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "node {} not marked stopped in the list of nodes; it shows as stale: {}",
          nodes.self().name(),
          e instanceof TimeoutException ? "the database is slow" : FeedFollowing.cause(e));
    } finally {
      // Not interrupted: a write interrupted inside an embedded database's file I/O closes it.
      running.shutdown();
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Writes one heartbeat now, on the calling thread. Never throws. */
  void beat() {
    Instant now = clock.instant();
    try {
      if (!registered) {
        register(now);
        registered = true;
      }
      long applied = progress.appliedSerial();
      progress.measured(feed.backlog(applied), applied, now);
      Lag lag = progress.lag(now);
      nodes.heartbeat(lag, now);
      int forgotten = nodes.forgetGone(now);
      if (forgotten > 0) {
        log.info(
            "{} nodes not heard from for {} removed from the list of nodes",
            forgotten,
            settings.forgetNodesAfter());
      }
      if (failing) {
        failing = false;
        log.info("node {} writes its heartbeat again", nodes.self().name());
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn(
            "node {} cannot write its heartbeat, other nodes will list it as stale: {}",
            nodes.self().name(),
            FeedFollowing.cause(e));
      }
    }
  }

  private void register(Instant now) {
    nodes.replaceEarlierRuns(now);
    if (nodes.nameTakenByAnother(now)) {
      log.warn(
          "another running node is named {}: give every node its own palisade.cluster.node-name,"
              + " or the change feed and the list of nodes cannot tell them apart",
          nodes.self().name());
    }
  }

  private void markStopped() {
    if (registered) {
      nodes.stopped(clock.instant());
    }
  }
}
