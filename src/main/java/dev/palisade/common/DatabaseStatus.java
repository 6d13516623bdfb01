package dev.palisade.common;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database can be reached, as every part that needs it asks before using it: the web UI
 * and the API answer 503 at once while it cannot (instead of each request waiting for a connection
 * and failing), background jobs skip their round, and the log says once that it went away and once
 * that it is back, with the cause — never a stack trace per request.
 *
 * <p>A thread of its own ({@link #start}) checks a connection every {@link #PROBE_INTERVAL}; any
 * use of the database that fails because it cannot be reached ({@link #failed}) marks it
 * unreachable at once, and only a successful check marks it reachable again. DNS never asks: it
 * answers from memory whatever this says.
 *
 * <p>Thread-safe.
 */
public final class DatabaseStatus implements AutoCloseable {

  /** How often the database is checked; also how soon a return is noticed. */
  public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  /** What a 503 answered while the database cannot be reached says, in the API and the web UI. */
  public static final String UNAVAILABLE =
      "The database cannot be reached at the moment. DNS keeps answering from memory; the web UI"
          + " and the API work again as soon as the database is back.";

  /** What a client that got 503 is told to wait ({@code Retry-After}), in seconds. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(DatabaseStatus.class);

  /** Seconds a check waits for the connection to answer. */
  private static final int CHECK_SECONDS = 1;

  private final DataSource dataSource;
  private final Object transitions = new Object();
  private volatile boolean reachable = true;
  private volatile boolean closed;
  private long downSince; // guarded by transitions
  private Thread prober; // guarded by this

  public DatabaseStatus(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Whether the database could be reached at the last check or use. One volatile read. */
  public boolean reachable() {
    return reachable;
  }

  /**
   * Records a failed use of the database. Returns whether it failed because the database cannot be
   * reached ({@link #unreachable}), which then is the status until a check succeeds: the caller
   * answers 503 and logs nothing more, as this logs the change once.
   */
  public boolean failed(Throwable failure) {
    if (!unreachable(failure)) {
      return false;
    }
    down(failure);
    return true;
  }

  /**
   * Records a failed use of the database and says whether the database being out of reach explains
   * it: {@link #failed} first; then, for a failure that went through the database in some other way
   * (a rollback on a connection the pool already closed, say), a check of the database now. The
   * caller answers 503 and logs nothing when this is true, and logs the failure otherwise.
   */
  public boolean explains(Throwable failure) {
    if (failed(failure)) {
      return true;
    }
    return involvesDatabase(failure) && !check();
  }

  /**
   * Checks the database now, on the calling thread, within about {@code connection-timeout} plus a
   * second, and records the outcome; returns whether it can be reached.
   */
  public boolean check() {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.isValid(CHECK_SECONDS)) {
        up();
        return true;
      }
      down(new SQLTransientConnectionException("the connection did not answer a check"));
    } catch (SQLException | RuntimeException e) {
      down(e);
    }
    return false;
  }

  /** Starts checking the database every {@link #PROBE_INTERVAL} on a daemon thread of its own. */
  public synchronized void start() {
    if (prober != null) {
      return;
    }
    prober = new Thread(this::probe, "palisade-database-check");
    prober.setDaemon(true);
    prober.start();
  }

  /** Stops the checks. */
  @Override
  public synchronized void close() {
    closed = true;
    Thread running = prober;
    prober = null;
    if (running != null) {
      running.interrupt();
    }
  }

  private void probe() {
    Thread self = Thread.currentThread();
    while (prober == self) {
      check();
      try {
        Thread.sleep(PROBE_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void down(Throwable cause) {
    synchronized (transitions) {
      if (!reachable || closed) {
        // Closing: the pool goes away with the application, which is no outage.
        return;
      }
      reachable = false;
      downSince = System.nanoTime();
    }
    log.warn(
        "database unreachable ({}): DNS answers from memory, the web UI and the API answer 503"
            + " until it is back",
        describe(cause));
  }

  private void up() {
    long since;
    synchronized (transitions) {
      if (reachable) {
        return;
      }
      reachable = true;
      since = downSince;
    }
    log.info(
        "database reachable again after {} s",
        Duration.ofNanos(System.nanoTime() - since).toSeconds());
  }

  /**
   * Whether a failure means the database cannot be reached (no connection within the timeout, the
   * connection refused, reset or timed out, the server shutting down) rather than a statement that
   * failed on a working connection. Looks through the whole chain of causes.
   */
  public static boolean unreachable(Throwable failure) {
    Throwable e = failure;
    for (int depth = 0; e != null && depth < 32; depth++, e = e.getCause()) {
      if (e instanceof SQLTransientConnectionException
          || e instanceof SQLNonTransientConnectionException
          || e instanceof ConnectException
          || e instanceof NoRouteToHostException
          || e instanceof SocketTimeoutException) {
        return true;
      }
      if (e instanceof SQLException sql && connectionState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean involvesDatabase(Throwable failure) {
    Throwable e = failure;
    for (int depth = 0; e != null && depth < 32; depth++, e = e.getCause()) {
      if (e instanceof SQLException) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQLSTATE class 08 (connection exception), and PostgreSQL's 57P01–57P03 (the server is shutting
   * down, crashed, or cannot accept connections yet).
   */
  private static boolean connectionState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"));
  }

  /** The innermost cause, in one line. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName()
        + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
  }
}
