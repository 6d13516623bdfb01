package dev.palisade.imports;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks every feed every {@code palisade.feeds.check-interval} ({@link Feeds#checkAll}), on the
 * scheduler's thread. Only in a server that answers DNS: the command line has no use for it.
 */
@Component
@ConditionalOnProperty(name = "palisade.dns.enabled", matchIfMissing = true)
class FeedWatcher {

  private final Feeds feeds;

  FeedWatcher(Feeds feeds) {
    this.feeds = feeds;
  }

  @Scheduled(
      fixedDelayString = "${palisade.feeds.check-interval:30s}",
      initialDelayString = "${palisade.feeds.check-interval:30s}")
  void run() {
    feeds.checkAll();
  }
}
