package dev.palisade.boot;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.index.IndexFile;
import dev.palisade.listing.ListingSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
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
 *   <li>It cannot and there is no such file, or the embedded database is held by another process:
 *       the start is refused ({@link StartRefused}) with one line saying why and what to do.
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
      if (!DatabaseStatus.unreachable(e)) {
        // A wrong password, a missing database: the start fails as it always did, saying why.
        return;
      }
      ListingSettings settings =
          binder.bindOrCreate("palisade.listing", Bindable.of(ListingSettings.class));
      String configured = environment.getProperty("palisade.index.file", DEFAULT_FILE);
      Path file = configured.isBlank() ? null : Path.of(configured.strip());
      outcome = withoutDatabase(url, settings, file, DatabaseStatus.describe(e));
    }
    context.getBeanFactory().registerSingleton(Outcome.class.getName(), outcome);
  }

  private static Outcome withoutDatabase(
      String url, ListingSettings settings, Path file, String cause) {
    String what = "the database cannot be reached (" + cause + ")";
    String todo =
        ". Start the database, or correct spring.datasource.url, then start Palisade again";
    if (file == null) {
      throw new StartRefused(
          what
              + " and the index file is turned off (palisade.index.file), so DNS has nothing to"
              + " answer from"
              + todo);
    }
    IndexFile.Saved saved;
    try {
      saved = IndexFile.read(file);
    } catch (IndexFile.UnusableException e) {
      throw new StartRefused(
          what
              + " and the index file "
              + file
              + " cannot stand in for it: "
              + e.getMessage()
              + todo);
    }
    if (!IndexFileSource.writtenForThisUrl(saved.source(), url, settings)) {
      throw new StartRefused(
          what
              + " and the index file "
              + file
              + " was written for another database or other"
              + " return-code settings"
              + todo);
    }
    return new Outcome(file, saved, cause);
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
