package dev.palisade.boot;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.index.IndexFile;
import dev.palisade.listing.ListingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Before the DNS context starts: can the database be reached? Opens one connection with the
 * configured URL, user and driver properties (so with the same short timeouts), and closes it.
 *
 * <ul>
 *   <li>It can: the start goes on as always.
 *   <li>It cannot, and the index file is there, sound and written for this URL and these settings:
 *       the start goes on without the database ({@link Outcome#withoutDatabase()}): no migration,
 *       the index from the file alone, DNS answering from it; the rest of the application starts
 *       once the database is back ({@link Standby}).
 *   <li>It cannot and there is no such file: one line says so and why, and the start waits for the
 *       database, trying again with growing pauses, DNS closed and HTTP answering 503 meanwhile;
 *       once the database is back the start goes on as always.
 *   <li>The embedded database is held by another process: the start is refused ({@link
 *       StartRefused}) with one line saying why and what to do.
 *   <li>The database refuses the login (a wrong user name or password) or has no database of that
 *       name, at first or once it is back after a wait: the start is refused in one line with the
 *       database's own words and the setting to fix. Neither fixes itself, so waiting would only
 *       hide it; a service manager that restarts the node on failure keeps trying meanwhile.
 * </ul>
 *
 * Registered as an initializer of the DNS context by {@code PalisadeApplication.start}; it leaves
 * its {@link Outcome} in the context as a bean.
 */
public final class DatabaseAtStart
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** H2's error code for a database file another process holds open. */
  private static final int H2_IN_USE = 90020;

  private static final String DEFAULT_FILE = "data/palisade.index";

  /** The pause before the second attempt while waiting; it doubles up to {@link #MAX_PAUSE}. */
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

  /**
   * The longest pause between attempts: a database back is noticed within it, while an attempt
   * costs the database one refused connection.
   */
  private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  /** While waiting, one line this often, not one per attempt. */
  private static final Duration LINE_INTERVAL = Duration.ofMinutes(1);

  /** What {@code /actuator/health} answers while waiting: no database, no index. */
  private static final String HEALTH_WAITING =
      "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"DOWN\"},\"index\":{\"status\":"
          + "\"DOWN\",\"details\":{\"source\":\"none\",\"current\":false}}}}";

  private static final Logger log = LoggerFactory.getLogger(DatabaseAtStart.class);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    Binder binder = Binder.get(environment);
    String url = environment.getProperty("spring.datasource.url", "");
    if (url.startsWith("jdbc:h2:mem:")) {
      // An in-memory database lives in this process: there is nothing to reach or to share.
      context.getBeanFactory().registerSingleton(Outcome.class.getName(), Outcome.REACHABLE);
      return;
    }
    Properties properties = new Properties();
    binder
        .bind(
            "spring.datasource.hikari.data-source-properties",
            Bindable.mapOf(String.class, String.class))
        .ifBound(properties::putAll);
    String user = environment.getProperty("spring.datasource.username");
    String password = environment.getProperty("spring.datasource.password");
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    Outcome outcome;
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      outcome = Outcome.REACHABLE;
    } catch (SQLException e) {
      if (inUse(e)) {
        throw new StartRefused(
            "the embedded database "
                + url
                + " is in use by another process, most likely another Palisade (an embedded"
                + " database belongs to one process). Stop that one first, or give this one its"
                + " own database (spring.datasource.url) and index file (palisade.index.file)");
      }
      refuseLogin(e, url, user);
      if (!DatabaseStatus.unreachable(e)) {
        // Anything else: the start fails as it always did, saying why.
        return;
      }
      ListingSettings settings =
          binder.bindOrCreate("palisade.listing", Bindable.of(ListingSettings.class));
      String configured = environment.getProperty("palisade.index.file", DEFAULT_FILE);
      Path file = configured.isBlank() ? null : Path.of(configured.strip());
      String cause = DatabaseStatus.describe(e);
      String[] why = new String[1];
      outcome = fromIndexFile(url, settings, file, cause, why);
      if (outcome == null) {
        waitForDatabase(environment, url, user, properties, cause, why[0]);
        outcome = Outcome.REACHABLE;
      }
    }
    context.getBeanFactory().registerSingleton(Outcome.class.getName(), outcome);
  }

  /**
   * The outcome of a start without the database from the index file, or null, with the reason in
   * {@code why[0]}, when there is no file fit to stand in for the database.
   */
  private static Outcome fromIndexFile(
      String url, ListingSettings settings, Path file, String cause, String[] why) {
    if (file == null) {
      why[0] =
          "the index file is turned off (palisade.index.file), so DNS has nothing to answer from";
      return null;
    }
    IndexFile.Saved saved;
    try {
      saved = IndexFile.read(file);
    } catch (IndexFile.UnusableException e) {
      why[0] = "the index file " + file + " cannot stand in for it: " + e.getMessage();
      return null;
    }
    if (!IndexFileSource.writtenForThisUrl(saved.source(), url, settings)) {
      why[0] =
          "the index file "
              + file
              + " was written for another database or other return-code settings";
      return null;
    }
    return new Outcome(file, saved, cause);
  }

  /**
   * Waits, trying again with growing pauses, until the database can be reached; meanwhile the DNS
   * port stays closed and the HTTP port answers 503 ({@link UnavailablePort}). Returns when a
   * connection opens, or when the database answers with something other than "unreachable" (the
   * start then fails as it always did, saying why); refuses the start when the database, back,
   * refuses the login ({@link #refuseLogin}).
   *
   * <p>DNS stays closed rather than open with SERVFAIL or REFUSED: to a resolver a closed port is a
   * server that is down, so it asks the zone's other name servers at once and remembers this one as
   * slow; a SERVFAIL is passed on to the mail server when every node says it, and a REFUSED marks
   * the server lame for the zone in the resolver's cache for minutes after the node is back.
   */
  private static void waitForDatabase(
      ConfigurableEnvironment environment,
      String url,
      String user,
      Properties properties,
      String cause,
      String noFile) {
    log.warn(
        "the database cannot be reached ({}) and {}: DNS stays closed and HTTP answers 503 until"
            + " the database is back; trying again every {} s at most, a line every {} s while it"
            + " waits",
        cause,
        noFile,
        MAX_PAUSE.toSeconds(),
        LINE_INTERVAL.toSeconds());
    UnavailablePort port;
    try {
      port = UnavailablePort.open(environment, HEALTH_WAITING);
    } catch (IOException | RuntimeException e) {
      throw new StartRefused(
          "the database cannot be reached ("
              + cause
              + ") and the HTTP port cannot be opened to say so: "
              + e.getMessage());
    }
    long started = System.nanoTime();
    long nextLine = started + LINE_INTERVAL.toNanos();
    Duration pause = FIRST_PAUSE;
    int attempts = 1;
    try {
      while (true) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StartRefused("stopped while waiting for the database (" + cause + ")");
        }
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        attempts++;
        try (Connection connection = DriverManager.getConnection(url, properties)) {
          log.info(
              "the database is back after {} attempts in {} s: starting",
              attempts,
              Duration.ofNanos(System.nanoTime() - started).toSeconds());
          return;
        } catch (SQLException e) {
          refuseLogin(e, url, user);
          if (!DatabaseStatus.unreachable(e) || inUse(e)) {
            return; // not an outage: the start goes on and says what is wrong
          }
          long now = System.nanoTime();
          if (now - nextLine >= 0) {
            log.warn(
                "still waiting for the database ({}): {} attempts in {} s",
                DatabaseStatus.describe(e),
                attempts,
                Duration.ofNanos(now - started).toSeconds());
            nextLine = now + LINE_INTERVAL.toNanos();
          }
        }
      }
    } finally {
      port.close();
    }
  }

  /**
   * Refuses the start, in one line, when the database refused the login (SQLSTATE class 28: a wrong
   * user name or password, a user not allowed to log in) or has no database of the configured name
   * (3D000): things only the operator can fix.
   */
  private static void refuseLogin(SQLException e, String url, String user) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("28")) {
      throw new StartRefused(
          "the database refused the login of user "
              + user
              + " at "
              + url.replaceFirst("[?;].*", "") // its parameters may hold a password
              + ": "
              + firstLine(e)
              + " (SQLSTATE "
              + state
              + "). A wrong user name or password does not fix itself: set"
              + " spring.datasource.username and spring.datasource.password (PALISADE_DB_USER,"
              + " PALISADE_DB_PASSWORD) to a login the database accepts, and start again");
    }
    if (state.equals("3D000")) {
      throw new StartRefused(
          "the database refused the login of user "
              + user
              + ": "
              + firstLine(e)
              + " (SQLSTATE 3D000). Create it, or name an existing one in spring.datasource.url"
              + " (PALISADE_DB_URL), and start again; a node does not wait for a database to be"
              + " created");
    }
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }

  private static boolean inUse(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_IN_USE) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * How the database was found at start.
   *
   * @param file the index file DNS answers from while the database cannot be reached; null when it
   *     can
   * @param saved that file's content
   * @param cause why the database could not be reached, in one line
   */
  record Outcome(Path file, IndexFile.Saved saved, String cause) {

    static final Outcome REACHABLE = new Outcome(null, null, null);

    /** Whether the start goes on without the database, from the index file. */
    boolean withoutDatabase() {
      return saved != null;
    }
  }
}
