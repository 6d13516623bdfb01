package dev.palisade.boot;

import dev.palisade.account.ChangeLog;
import dev.palisade.account.ScopesChanged;
import dev.palisade.account.StoredScopes;
import dev.palisade.cluster.ChangeLogPruning;
import dev.palisade.cluster.ClusterSettings;
import dev.palisade.cluster.FeedFollowing;
import dev.palisade.cluster.FeedNotifications;
import dev.palisade.cluster.FeedProgress;
import dev.palisade.cluster.Follower;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntriesChanged;
import dev.palisade.listing.ExpiryJob;
import dev.palisade.listing.ScopeStamps;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps the {@link LiveIndex} that {@link DnsContext} built current: every change this node commits
 * is applied before the writing call returns, the changes of other nodes sharing the database
 * arrive through the change feed ({@link FeedFollowing}), the expiry job takes over from the moment
 * the index was loaded, and the index file is saved from it. In a context that answers no DNS (the
 * command line, {@code palisade.dns.enabled=false}) none of that runs, only what the node's health
 * reads ({@link FeedProgress}): its index holds no entries to keep current, and a large import
 * there must not read its scope back into memory.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterSettings.class)
class IndexWiring {

  /** How long a write waits for its scope to catch up with another node's changes. */
  private static final long CATCH_UP_MILLIS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(IndexWiring.class);

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  IndexFeed indexFeed(LoadedIndex loaded, ExpiryJob expiry, FeedFollowing following) {
    expiry.startFrom(loaded.asOf(), loaded.index()::expiredSoFar);
    return new IndexFeed(loaded.index(), following);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  Follower follower(
      LoadedIndex loaded,
      DataSource dataSource,
      ChangeFeed feed,
      ActiveEntries entries,
      Clock clock)
      throws MetaDataAccessException {
    return new Follower(loaded.index(), new StoredScopes(dataSource), feed, entries, clock);
  }

  /** How far this node has followed the feed: from the moment its index was loaded. */
  @Bean
  FeedProgress feedProgress(LoadedIndex loaded) {
    return new FeedProgress(loaded.asOf());
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  FeedFollowing feedFollowing(
      Follower follower,
      ClusterSettings settings,
      DatabaseStatus database,
      FeedProgress progress,
      Clock clock) {
    return new FeedFollowing(follower, settings, database, progress, clock);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  FeedNotifications feedNotifications(
      DataSource dataSource,
      FeedFollowing following,
      ClusterSettings settings,
      DatabaseStatus database) {
    return new FeedNotifications(dataSource, following, settings, database);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  ChangeLogPruning changeLogPruning(
      ChangeLog changeLog, ClusterSettings settings, Clock clock, DatabaseStatus database) {
    return new ChangeLogPruning(changeLog, settings, clock, database);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  IndexFileSaver indexFileSaver(
      IndexFileSettings settings,
      IndexFileSource source,
      ScopeStamps stamps,
      LoadedIndex loaded,
      ExpiryJob expiry,
      DatabaseStatus database) {
    return new IndexFileSaver(settings, source, stamps, loaded, expiry, database);
  }

  /**
   * Applies committed changes to the index, in the committing thread. A change that does not follow
   * the entries the index holds (another node changed the scope since) is left to the change feed,
   * which applies the changes in between first; the write waits for it.
   */
  static final class IndexFeed {
    private final LiveIndex index;
    private final FeedFollowing following;

    IndexFeed(LiveIndex index, FeedFollowing following) {
      this.index = index;
      this.following = following;
    }

    @TransactionalEventListener
    void on(EntriesChanged change) {
      try {
        if (!index.applyIfFollows(change)
            && !following.catchUpNow(change.scopeId(), CATCH_UP_MILLIS)) {
          log.error(
              "scope {} is behind the database until the change feed catches up", change.scopeId());
        }
      } catch (RuntimeException e) {
        // The database is right and DNS is now behind it; say so loudly.
        log.error("could not apply committed change of scope {} to the index", change.scopeId(), e);
      }
    }

    @TransactionalEventListener
    void on(ScopesChanged change) {
      try {
        index.apply(change);
      } catch (RuntimeException e) {
        log.error("could not apply committed scope change to the index", e);
      }
    }
  }
}
