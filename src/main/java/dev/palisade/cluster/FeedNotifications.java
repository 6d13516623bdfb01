package dev.palisade.cluster;

import dev.palisade.account.ChangeLog;
import dev.palisade.common.DatabaseStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Listens on PostgreSQL's notification channel {@link ChangeLog#CHANNEL}, which every committed
 * change notifies, and wakes the {@link FeedFollowing} (unless {@link ClusterSettings#listen()} is
 * off; on other databases it stops at once): changes of other nodes arrive within milliseconds
 * instead of at the next poll. Holds one connection of the pool while running; when it breaks, a
 * new one is taken after the poll interval, and the poll covers the time between.
 *
 * <p>Thread-safe; one thread of its own.
 */
public final class FeedNotifications implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(FeedNotifications.class);

  /** How long one wait for notifications lasts, so a stop is noticed soon. */
  private static final int WAIT_MILLIS = 500;

  private final DataSource dataSource;
  private final FeedFollowing following;
  private final ClusterSettings settings;
  private final DatabaseStatus database;
  private volatile Thread thread;

  public FeedNotifications(
      DataSource dataSource,
      FeedFollowing following,
      ClusterSettings settings,
      DatabaseStatus database) {
    this.dataSource = dataSource;
    this.following = following;
    this.settings = settings;
    this.database = database;
  }

  @Override
  public synchronized void start() {
    if (thread == null && settings.listen()) {
      thread = new Thread(this::listen, "palisade-feed-notifications");
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
      try {
        running.join(2 * WAIT_MILLIS + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  private void listen() {
    boolean failing = false;
    while (thread == Thread.currentThread()) {
      if (!database.reachable()) {
        // The outage is logged once by DatabaseStatus; listen again once it is over.
        if (!pause()) {
          return;
        }
        continue;
      }
      try (Connection connection = dataSource.getConnection()) {
        if (!connection.isWrapperFor(PGConnection.class)) {
          thread = null;
          return; // an embedded database belongs to this node alone: nothing to listen for
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        try (Statement statement = connection.createStatement()) {
          statement.execute("listen " + ChangeLog.CHANNEL);
        }
        if (failing) {
          failing = false;
          log.info("listening for changes of other nodes again");
        }
        // Whatever was committed before the LISTEN took effect: the next catch-up reads it.
        following.wake();
        while (thread == Thread.currentThread()) {
          PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            following.wake();
          }
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute("unlisten " + ChangeLog.CHANNEL);
        }
      } catch (SQLException | RuntimeException e) {
        if (thread != Thread.currentThread()) {
          return;
        }
        if (!database.explains(e) && !failing) {
          failing = true;
          log.warn(
              "cannot listen for changes of other nodes, polling every {}: {}",
              settings.pollInterval(),
              e.toString());
        }
        if (!pause()) {
          return;
        }
      }
    }
  }

  /** Waits a poll interval; false when interrupted (stopping). */
  private boolean pause() {
    try {
      Thread.sleep(settings.pollInterval().toMillis());
      return true;
    } catch (InterruptedException interrupted) {
      return false;
    }
  }
}
