package dev.palisade.boot;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.StoredScopes;
import dev.palisade.cluster.Follower;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.dns.DnsConfiguration;
import dev.palisade.dns.DnsSettings;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntryNewestFirstMigration;
import dev.palisade.listing.EntryReferencesMigration;
import dev.palisade.listing.EntrySortKeyMigration;
import dev.palisade.listing.EntryValueCollationMigration;
import dev.palisade.listing.ListingSettings;
import dev.palisade.listing.ScopeStamps;
import dev.palisade.stats.ZoneCounters;
import dev.palisade.transfer.TransferConfiguration;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * What DNS needs to answer, and nothing more: the database connection and its migrations, the index
 * loaded from the database with plain JDBC, and the DNS server with the counters it counts into.
 *
 * <p>A DNSBL that restarts should answer again as soon as it can; the web UI and the API may follow
 * a few seconds later. So {@code PalisadeApplication.main} starts this configuration first, as a
 * context of its own with its sockets bound, and the rest of the application (JPA, web, security,
 * API, jobs) then starts as its child: the child uses these beans — the same {@link LiveIndex}, so
 * writes through {@code Listings} are visible in DNS at once, and the same {@link DataSource} — and
 * must not define them again ({@link #excludeFromChild}). Nothing here is a transaction manager, so
 * the child gets its JPA one.
 *
 * <p>In one context (tests, the command line) this is one configuration among the others.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@Import({DnsConfiguration.class, TransferConfiguration.class})
@EnableConfigurationProperties({ListingSettings.class, IndexFileSettings.class})
public class DnsContext {

  /** Palisade, not H2's own shutdown hook, closes an embedded H2 database: see the class. */
  @Bean
  static H2ClosedByPalisade h2ClosedByPalisade() {
    return new H2ClosedByPalisade();
  }

  /** The clock every feature reads time from. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Whether the database can be reached, checked every second from here on. */
  @Bean(initMethod = "start", destroyMethod = "close")
  DatabaseStatus databaseStatus(DataSource dataSource) {
    return new DatabaseStatus(dataSource);
  }

  /**
   * Migrates the schema at start, unless the database could not be reached ({@link
   * DatabaseAtStart}): then {@link Standby} migrates it once it is back.
   */
  @Bean
  FlywayMigrationStrategy flywayMigrationStrategy(ObjectProvider<DatabaseAtStart.Outcome> start) {
    return flyway -> {
      DatabaseAtStart.Outcome outcome = start.getIfAvailable();
      if (outcome == null || !outcome.withoutDatabase()) {
        flyway.migrate();
      }
    };
  }

  /**
   * The migrations written in Java (V21_1, V31, V33, V34), which Flyway takes from here with the
   * SQL ones.
   */
  @Bean
  EntrySortKeyMigration entrySortKeyMigration() {
    return new EntrySortKeyMigration();
  }

  /** See {@link #entrySortKeyMigration}. */
  @Bean
  EntryNewestFirstMigration entryNewestFirstMigration() {
    return new EntryNewestFirstMigration();
  }

  /** See {@link #entrySortKeyMigration}. */
  @Bean
  EntryReferencesMigration entryReferencesMigration() {
    return new EntryReferencesMigration();
  }

  /** See {@link #entrySortKeyMigration}. */
  @Bean
  EntryValueCollationMigration entryValueCollationMigration() {
    return new EntryValueCollationMigration();
  }

  @Bean
  ActiveEntries activeEntries(DataSource dataSource, ListingSettings settings) {
    return new ActiveEntries(dataSource, settings);
  }

  /** What the index file must have been written for; the database's part is read when needed. */
  @Bean
  IndexFileSource indexFileSource(
      @Value("${spring.datasource.url:}") String url,
      DataSource dataSource,
      ListingSettings settings) {
    return new IndexFileSource(url, settings, dataSource);
  }

  @Bean
  ScopeStamps scopeStamps(DataSource dataSource) {
    return new ScopeStamps(dataSource);
  }

  /**
   * Built once the schema is migrated (Flyway first), so a restart after an upgrade reads it; from
   * the index file alone when the database could not be reached at start.
   */
  @Bean
  @DependsOnDatabaseInitialization
  LoadedIndex loadedIndex(
      DataSource dataSource,
      ActiveEntries entries,
      IndexFileSettings fileSettings,
      IndexFileSource source,
      ScopeStamps stamps,
      ObjectProvider<DatabaseAtStart.Outcome> start,
      Clock clock,
      @Value("${spring.datasource.url:}") String url,
      @Value("${palisade.dns.enabled:true}") boolean dns)
      throws MetaDataAccessException {
    DatabaseAtStart.Outcome outcome = start.getIfAvailable();
    if (outcome != null && outcome.withoutDatabase()) {
      return LoadedIndex.fromFile(outcome.file(), outcome.saved(), clock);
    }
    ChangeFeed feed = ChangeFeed.reading(dataSource);
    // An import in parts that a killed process left half way holds its scope for ever otherwise.
    feed.releaseLeftImports(shared(url), clock.instant());
    if (!dns) {
      // The command line: nothing answers from the index, so it holds no entries.
      return LoadedIndex.scopesOnly(new StoredScopes(dataSource), clock);
    }
    // Read now, while the database is there: the index file is written with it even at a stop
    // during an outage.
    source.bytes();
    StoredScopes scopes = new StoredScopes(dataSource);
    IndexFileRestore file = new IndexFileRestore(fileSettings.path(), source, stamps);
    return LoadedIndex.load(
        scopes, entries, file, index -> new Follower(index, scopes, feed, entries, clock), clock);
  }

  /**
   * Whether other processes may be using the database: anything but an embedded H2 database, which
   * one process holds open (an in-memory one, or a file one without {@code AUTO_SERVER=TRUE}).
   */
  static boolean shared(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:")) {
      return true;
    }
    return lower.startsWith("jdbc:h2:tcp:")
        || lower.startsWith("jdbc:h2:ssl:")
        || lower.replace(" ", "").contains(";auto_server=true");
  }

  @Bean
  LiveIndex liveIndex(LoadedIndex loaded) {
    return loaded.index();
  }

  /** Takes entries out of DNS at their expiry, whether or not the database can be reached. */
  @Bean
  LocalExpiry localExpiry(LiveIndex index, Clock clock) {
    return new LocalExpiry(index, clock);
  }

  /**
   * The DNS server reports every answer to these, its {@code AnswerObserver}: the DNS server does
   * not know the statistics. They count the zones the index answers: the scopes at start-up, then
   * every set of scopes the index takes (this node's changes and other nodes', in order).
   */
  @Bean
  ZoneCounters zoneCounters(DnsSettings settings, LoadedIndex loaded) {
    ZoneCounters counters = new ZoneCounters(settings.baseZone());
    counters.scopes(labels(loaded.scopes()));
    loaded.index().onScopes(scopes -> counters.scopes(labels(scopes)));
    return counters;
  }

  private static List<String> labels(List<ScopeInfo> scopes) {
    return scopes.stream().flatMap(s -> s.labels().stream()).toList();
  }

  /** The change feed for IXFR, handed over by the child context as it starts. */
  @Bean
  ChangeFeedRelay changeFeedRelay() {
    return new ChangeFeedRelay();
  }

  /**
   * Prepares a context that is to be this one's child: its component and configuration-properties
   * scans skip every class this configuration registers (itself, what it imports, the settings it
   * binds), so the child uses this context's beans instead of making second copies.
   */
  public static void excludeFromChild(ConfigurableApplicationContext child) {
    child
        .getBeanFactory()
        .registerSingleton(ChildExclusions.class.getName(), new ChildExclusions(parts()));
  }

  /** Skips the given classes in the component scans of the context it is registered in. */
  private static final class ChildExclusions extends TypeExcludeFilter {
    private final Set<String> classNames;

    ChildExclusions(Set<String> classNames) {
      this.classNames = classNames;
    }

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
      return classNames.contains(reader.getClassMetadata().getClassName());
    }

    // TypeExcludeFilter demands both: test contexts are cached by their filters.
    @Override
    public boolean equals(Object other) {
      return other instanceof ChildExclusions that && classNames.equals(that.classNames);
    }

    @Override
    public int hashCode() {
      return classNames.hashCode();
    }
  }

  /** This class and, transitively, every class it imports or binds settings with. */
  static Set<String> parts() {
    Set<String> parts = new LinkedHashSet<>();
    Deque<Class<?>> pending = new ArrayDeque<>(Set.of(DnsContext.class));
    while (!pending.isEmpty()) {
      Class<?> type = pending.pop();
      if (!parts.add(type.getName())) {
        continue;
      }
      Import imports = type.getAnnotation(Import.class);
      if (imports != null) {
        pending.addAll(Arrays.asList(imports.value()));
      }
      EnableConfigurationProperties properties =
          type.getAnnotation(EnableConfigurationProperties.class);
      if (properties != null) {
        pending.addAll(Arrays.asList(properties.value()));
      }
    }
    return parts;
  }
}
