package dev.palisade.boot;

import dev.palisade.account.ScopesChanged;
import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntriesChanged;
import dev.palisade.transfer.Notifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Connects zone transfers, made in {@link DnsContext}, to what only the rest of the application
 * has: the change feed, which IXFR reads ({@link ChangeFeedRelay}), and the events of committed
 * changes, which wake the secondaries' {@link Notifier} as soon as the index has applied them.
 * Changes of other nodes reach the index through the change feed, which the notifier notices by
 * itself.
 */
@Configuration(proxyBeanMethods = false)
class TransferWiring {

  @Bean
  NotifyOnCommit notifyOnCommit(
      ObjectProvider<Notifier> notifier, ChangeFeedRelay relay, ChangeFeed feed) {
    relay.relayTo(feed);
    return new NotifyOnCommit(notifier.getIfAvailable());
  }

  /** Wakes the notifier after each committed change; last, after the index has applied it. */
  static final class NotifyOnCommit {
    private final Notifier notifier;

    NotifyOnCommit(Notifier notifier) {
      this.notifier = notifier;
    }

    @TransactionalEventListener
    @Order(Ordered.LOWEST_PRECEDENCE)
    void on(EntriesChanged change) {
      wake();
    }

    @TransactionalEventListener
    @Order(Ordered.LOWEST_PRECEDENCE)
    void on(ScopesChanged change) {
      wake();
    }

    private void wake() {
      if (notifier != null) {
        notifier.wake();
      }
    }
  }
}
