package dev.palisade.boot;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.StoredScopes;
import dev.palisade.dns.DnsConfiguration;
import dev.palisade.dns.DnsSettings;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.ListingSettings;
import dev.palisade.listing.ScopeStamps;
import dev.palisade.stats.ZoneCounters;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
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
@Import(DnsConfiguration.class)
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

  @Bean
  ActiveEntries activeEntries(DataSource dataSource, ListingSettings settings) {
    return new ActiveEntries(dataSource, settings);
  }

  /** What the index file must have been written for; read once the schema is migrated. */
  @Bean
  @DependsOnDatabaseInitialization
  IndexFileSource indexFileSource(DataSource dataSource, ListingSettings settings) {
    return IndexFileSource.of(dataSource, settings);
  }

  @Bean
  ScopeStamps scopeStamps(DataSource dataSource) {
    return new ScopeStamps(dataSource);
  }

  /** Built once the schema is migrated (Flyway first), so a restart after an upgrade reads it. */
  @Bean
  @DependsOnDatabaseInitialization
  LoadedIndex loadedIndex(
      DataSource dataSource,
      ActiveEntries entries,
      IndexFileSettings fileSettings,
      IndexFileSource source,
      ScopeStamps stamps,
      Clock clock)
      throws MetaDataAccessException {
    IndexFileRestore file = new IndexFileRestore(fileSettings.path(), source, stamps);
    return LoadedIndex.load(new StoredScopes(dataSource), entries, file, clock);
  }

  @Bean
  LiveIndex liveIndex(LoadedIndex loaded) {
    return loaded.index();
  }

  /**
   * The DNS server reports every answer to these, its {@code AnswerObserver}: the DNS server does
   * not know the statistics, and the statistics follow the scopes from here on.
   */
  @Bean
  ZoneCounters zoneCounters(DnsSettings settings, LoadedIndex loaded) {
    ZoneCounters counters = new ZoneCounters(settings.baseZone());
    counters.scopes(loaded.scopes().stream().map(ScopeInfo::label).toList());
    return counters;
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
