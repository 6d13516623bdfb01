package dev.palisade;

import dev.palisade.boot.DatabaseAtStart;
import dev.palisade.boot.DnsContext;
import dev.palisade.boot.OutOfMemoryHalt;
import dev.palisade.boot.Standby;
import dev.palisade.boot.StartRefused;
import dev.palisade.cli.ZoneFileCommand;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** Palisade: an authoritative DNSBL/DNSWL server backed by a database of block and allow lists. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PalisadeApplication {

  /**
   * Starts the server, or runs a command ({@code import}, {@code export}, {@code --help}) and exits
   * with its status. When the server cannot start completely, the process exits with status 1; an
   * {@link OutOfMemoryError} that ends any thread ends the process with status 3 ({@link
   * OutOfMemoryHalt}), so a service manager restarts it.
   */
  public static void main(String[] args) {
    OutOfMemoryHalt.install();
    if (ZoneFileCommand.isCommand(args)) {
      System.exit(ZoneFileCommand.run(PalisadeApplication.class, args));
    }
    try {
      start(() -> System.exit(1), args);
    } catch (RuntimeException | Error e) {
      // Spring Boot has logged why; DNS is stopped too, nothing half-running stays behind.
      System.exit(1);
    }
  }

  /**
   * Starts DNS first and the rest after it: {@link DnsContext} (database, index, DNS sockets) is
   * refreshed and answering before the web UI, the API and the jobs start in a child context that
   * shares its index and database. A restarting DNSBL thus answers mail servers again as early as
   * possible. If the child cannot start (a port taken, a bad setting), DNS is stopped as well and
   * the failure is thrown: no process answers DNS without the rest.
   *
   * <p>When the database cannot be reached, DNS starts from the index file alone and the rest
   * follows once the database is back ({@link Standby}); without a usable index file the start
   * waits for the database, DNS closed ({@link DatabaseAtStart}); a start that cannot go on (an
   * embedded database held by another process) fails with one line ({@link StartRefused}).
   *
   * @return the application context (the child), whose closing also stops DNS; the DNS context
   *     while the rest waits for the database
   */
  public static ConfigurableApplicationContext start(String... args) {
    return start(() -> {}, args);
  }

  /**
   * {@link #start(String...)}; {@code onLateFailure} runs when the rest, started once the database
   * came back, fails to start (DNS is stopped by then).
   */
  static ConfigurableApplicationContext start(Runnable onLateFailure, String... args) {
    ConfigurableApplicationContext dns =
        new SpringApplicationBuilder(DnsContext.class)
            .main(DnsContext.class)
            .web(WebApplicationType.NONE)
            .initializers(new DatabaseAtStart())
            .run(args);
    return Standby.startApplication(dns, () -> startApplication(dns, args), onLateFailure);
  }

  private static ConfigurableApplicationContext startApplication(
      ConfigurableApplicationContext dns, String... args) {
    try {
      return new SpringApplicationBuilder(PalisadeApplication.class)
          .parent(dns)
          .bannerMode(Banner.Mode.OFF)
          .initializers(DnsContext::excludeFromChild, application -> closesWith(application, dns))
          .run(args);
    } catch (RuntimeException | Error e) {
      dns.close();
      throw e;
    }
  }

  /**
   * Closing the application closes DNS too, after the application's own beans are gone (the last
   * statistics are written while the database is still open): a disposable registered before any
   * bean is destroyed after all of them.
   */
  private static void closesWith(
      ConfigurableApplicationContext application, ConfigurableApplicationContext dns) {
    ((DefaultSingletonBeanRegistry) application.getBeanFactory())
        .registerDisposableBean(DnsContext.class.getName() + ".closer", dns::close);
  }
}
