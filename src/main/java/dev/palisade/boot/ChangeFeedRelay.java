package dev.palisade.boot;

import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntriesChanged;
import dev.palisade.transfer.ChangeSource;
import java.util.List;

/**
 * The change feed as zone transfers read it for IXFR. Transfers are wired in {@link DnsContext},
 * which starts before the context that holds the {@link ChangeFeed} (a JPA-side bean); that context
 * hands the feed over as it starts ({@link TransferWiring}). Until then the history cannot be read,
 * and a secondary asking for a difference gets the whole zone. Thread-safe.
 */
final class ChangeFeedRelay implements ChangeSource {

  private volatile ChangeFeed feed;

  /** From now on, reads go to this feed. */
  void relayTo(ChangeFeed feed) {
    this.feed = feed;
  }

  @Override
  public List<EntriesChanged> after(long scopeId, long serial, int limit) {
    ChangeFeed current = feed;
    if (current == null) {
      throw new IllegalStateException("the change feed is not available yet (starting up)");
    }
    return current.after(scopeId, serial, limit);
  }
}
