package dev.palisade.boot;

import dev.palisade.account.ScopesChanged;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.EntriesChanged;
import dev.palisade.listing.ExpiryJob;
import dev.palisade.listing.ScopeStamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps the {@link LiveIndex} that {@link DnsContext} built current: every change the store
 * announces after commit is applied before the writing call returns, the expiry job takes over from
 * the moment the index was loaded, and the index file is saved from it.
 */
@Configuration(proxyBeanMethods = false)
class IndexWiring {

  private static final Logger log = LoggerFactory.getLogger(IndexWiring.class);

  @Bean
  IndexFeed indexFeed(LoadedIndex loaded, ExpiryJob expiry) {
    expiry.startFrom(loaded.asOf());
    return new IndexFeed(loaded.index());
  }

  @Bean
  IndexFileSaver indexFileSaver(
      IndexFileSettings settings,
      IndexFileSource source,
      ScopeStamps stamps,
      LoadedIndex loaded,
      ExpiryJob expiry) {
    return new IndexFileSaver(settings, source, stamps, loaded, expiry);
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
