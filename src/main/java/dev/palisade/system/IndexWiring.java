package dev.palisade.system;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopesChanged;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.EntriesChanged;
import dev.palisade.listing.ExpiryJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Builds the {@link LiveIndex} from the database at start-up and keeps it current: every change the
 * store announces after commit is applied before the writing call returns.
 */
@Configuration(proxyBeanMethods = false)
class IndexWiring {

  private static final Logger log = LoggerFactory.getLogger(IndexWiring.class);

  @Bean
  LiveIndex liveIndex(Accounts accounts, ActiveEntries entries, ExpiryJob expiry, Clock clock) {
    long started = System.nanoTime();
    Instant asOf = clock.instant();
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(accounts.allScopes(), accounts.nextSerial());
    long[] count = {0};
    entries.forEach(
        asOf,
        entry -> {
          loader.add(entry);
          count[0]++;
        });
    loader.publish();
    expiry.startFrom(asOf);
    log.info(
        "index built: {} active entries in {} ms",
        count[0],
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    return index;
  }

  @Bean
  IndexFeed indexFeed(LiveIndex index) {
    return new IndexFeed(index);
  }

  /** Applies committed changes to the index, in the committing thread. */
  static final class IndexFeed {
    private final LiveIndex index;

    IndexFeed(LiveIndex index) {
      this.index = index;
    }

    @TransactionalEventListener
    void on(EntriesChanged change) {
      try {
        index.apply(change);
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
