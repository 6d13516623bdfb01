package dev.palisade.boot;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.StoredScopes;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * A node that started without its database ({@link DatabaseAtStart}) answers DNS from its index
 * file; this stands in for the rest until the database is back. Its HTTP port answers every request
 * with 503 (an RFC 9457 problem, or a page for browsers, with {@code Retry-After}; health says the
 * database is down and the index unchecked), so load balancers and operators see what is going on.
 * Once the database can be reached it migrates the schema, checks that the database is the one the
 * file was written for (else reloads the index from it), releases the port and starts the
 * application, whose change-feed follower then brings every scope up to date with what changed
 * meanwhile. Closing the DNS context (a graceful stop) ends the wait.
 *
 * <p>Thread-safe; a thread of its own waits for the database.
 */
public final class Standby implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Standby.class);

  private static final String HEALTH =
      "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"DOWN\"},\"index\":{\"status\":"
          + "\"UP\",\"details\":{\"source\":\"index file\",\"current\":false}}}}";

  private final ConfigurableApplicationContext dns;
  private final DatabaseAtStart.Outcome outcome;
  private final Supplier<ConfigurableApplicationContext> application;
  private final Runnable onFailure;
  private volatile boolean closed;
  private UnavailablePort http;
  private Thread waiter;

  private Standby(
      ConfigurableApplicationContext dns,
      DatabaseAtStart.Outcome outcome,
      Supplier<ConfigurableApplicationContext> application,
      Runnable onFailure) {
    this.dns = dns;
    this.outcome = outcome;
    this.application = application;
    this.onFailure = onFailure;
  }

  /**
   * Starts the application with {@code application} now when the DNS context found its database,
   * and returns it. Otherwise stands in for it until the database is back and returns the DNS
   * context; if the application then fails to start, DNS is stopped and {@code onFailure} runs.
   */
  public static ConfigurableApplicationContext startApplication(
      ConfigurableApplicationContext dns,
      Supplier<ConfigurableApplicationContext> application,
      Runnable onFailure) {
    DatabaseAtStart.Outcome outcome =
        dns.getBeanProvider(DatabaseAtStart.Outcome.class).getIfAvailable();
    if (outcome == null || !outcome.withoutDatabase()) {
      return application.get();
    }
    Standby standby = new Standby(dns, outcome, application, onFailure);
    ((DefaultSingletonBeanRegistry) dns.getBeanFactory())
        .registerDisposableBean(Standby.class.getName(), standby);
    try {
      standby.begin();
    } catch (IOException | RuntimeException e) {
      dns.close();
      throw new StartRefused(
          "the database cannot be reached ("
              + outcome.cause()
              + ") and the HTTP port cannot be opened to say so: "
              + e.getMessage());
    }
    return dns;
  }

  private synchronized void begin() throws IOException {
    http = UnavailablePort.open(dns.getEnvironment(), HEALTH);
    log.warn("the web UI and the API answer 503 on {} until the database is back", http.address());
    waiter = new Thread(this::waitForDatabase, "palisade-standby");
    waiter.start();
  }

  private void waitForDatabase() {
    DatabaseStatus status = dns.getBean(DatabaseStatus.class);
    while (!closed) {
      try {
        if (status.reachable() && ready(status)) {
          break;
        }
      } catch (RuntimeException e) {
        if (closed) {
          return; // stopped while waiting: the interrupted connection attempt is no failure
        }
        log.error("the application cannot start with this database", e);
        dns.close();
        onFailure.run();
        return;
      }
      try {
        Thread.sleep(DatabaseStatus.PROBE_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      http.close();
      http = null;
    }
    try {
      application.get();
    } catch (RuntimeException | Error e) {
      // Spring Boot has logged why; as at any start, no DNS without the rest.
      dns.close();
      onFailure.run();
    }
  }

  /**
   * Migrates the schema and checks the database is the one the index file was written for,
   * reloading the index from it otherwise; false when the database went away again meanwhile.
   */
  private boolean ready(DatabaseStatus status) {
    try {
      dns.getBeanProvider(Flyway.class).ifAvailable(Flyway::migrate);
      byte[] source = dns.getBean(IndexFileSource.class).bytes();
      if (!Arrays.equals(source, outcome.saved().source())) {
        log.warn(
            "the index file {} was written for another database under the same URL: every scope"
                + " is loaded from this one",
            outcome.file());
        reload();
      }
      return true;
    } catch (RuntimeException e) {
      if (closed || status.explains(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Replaces the whole index with what the database holds. */
  private void reload() {
    DataSource dataSource = dns.getBean(DataSource.class);
    StoredScopes stored;
    try {
      stored = new StoredScopes(dataSource);
    } catch (MetaDataAccessException e) {
      throw new IllegalStateException(e);
    }
    List<ScopeInfo> scopes = stored.all();
    Instant asOf = dns.getBean(Clock.class).instant();
    LiveIndex.Loader loader = dns.getBean(LiveIndex.class).loader(scopes, stored.nextSerial());
    dns.getBean(ActiveEntries.class).forEach(asOf, loader::add);
    loader.publish(asOf);
  }

  /** A graceful stop while waiting: the port is released and the wait ends. */
  @Override
  public synchronized void destroy() {
    closed = true;
    if (waiter != null && waiter != Thread.currentThread()) {
      waiter.interrupt();
    }
    if (http != null) {
      http.close();
      http = null;
    }
  }
}
