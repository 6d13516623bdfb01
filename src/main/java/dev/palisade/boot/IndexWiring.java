package dev.palisade.boot;

import dev.palisade.account.ChangeLog;
import dev.palisade.account.ScopeInfo;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  IndexFeed indexFeed(
      LoadedIndex loaded,
      ExpiryJob expiry,
      FeedFollowing following,
      ChangeFeed feed,
      DataSource dataSource)
      throws MetaDataAccessException {
    expiry.startFrom(loaded.asOf(), loaded.index()::expiredSoFar);
    return new IndexFeed(loaded.index(), following, feed, new StoredScopes(dataSource));
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
   * which applies the changes in between first; the write waits for it. A change to a scope an
   * import in parts holds ({@link ChangeFeed#importing}) returns at once: the index takes the scope
   * whole, this change included, once the import ends; that is said once per import, at INFO.
   *
   * <p>Thread-safe.
   */
  static final class IndexFeed {
    private final LiveIndex index;
    private final FeedFollowing following;
    private final ChangeFeed feed;
    private final StoredScopes stored;

    /** The held scopes whose writes were reported: cleared of each once it is followed again. */
    private final Set<Long> reportedHeld = ConcurrentHashMap.newKeySet();

    IndexFeed(LiveIndex index, FeedFollowing following, ChangeFeed feed, StoredScopes stored) {
      this.index = index;
      this.following = following;
      this.feed = feed;
      this.stored = stored;
    }

    @TransactionalEventListener
    void on(EntriesChanged change) {
      long scopeId = change.scopeId();
      try {
        if (index.applyIfFollows(change)) {
          reportedHeld.remove(scopeId);
          return;
        }
        if (feed.importing().contains(scopeId)) {
          // Catching up would wait for a round that skips the scope: the import's end reads it.
          // The import's own parts are not reported: they say nothing the import does not.
          if (change.previousSerial() != EntriesChanged.UNKNOWN_SERIAL
              && reportedHeld.add(scopeId)) {
            log.info(
                "scope {}: an import in parts holds it; writes to it are stored now and answered"
                    + " by DNS when the import ends",
                scopeId);
          }
          return;
        }
        reportedHeld.remove(scopeId);
        if (!following.catchUpNow(scopeId, CATCH_UP_MILLIS)) {
          log.error("scope {} is behind the database until the change feed catches up", scopeId);
        }
      } catch (RuntimeException e) {
        // The database is right and DNS is now behind it; say so loudly.
        log.error("could not apply committed change of scope {} to the index", scopeId, e);
      }
    }

    /**
     * Applies a committed change to the set of scopes as the database holds it now ({@link
     * LiveIndex#apply(ScopesChanged, java.util.function.Supplier)}). When the database cannot be
     * read right after the commit, the set the change's transaction saw is applied instead, and the
     * change feed's next round brings it up to the database.
     */
    @TransactionalEventListener
    void on(ScopesChanged change) {
      try {
        index.apply(change, () -> storedOrAsSeen(change));
      } catch (RuntimeException e) {
        log.error("could not apply committed scope change to the index", e);
      }
    }

    private List<ScopeInfo> storedOrAsSeen(ScopesChanged change) {
      try {
        return stored.all();
      } catch (RuntimeException e) {
        log.warn(
            "could not read the scopes after a committed change; applying them as the change saw"
                + " them: {}",
            e.getMessage());
        return change.scopes();
      }
    }
  }
}
