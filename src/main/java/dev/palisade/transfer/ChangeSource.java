package dev.palisade.transfer;

import dev.palisade.listing.EntriesChanged;
import java.util.List;

/**
 * The change feed as zone differences read it: {@code listing.ChangeFeed::after}. Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface ChangeSource {

  /**
   * The committed changes to a scope's entries after {@code serial}, oldest first, at most {@code
   * limit} of them; each names the serial it follows, so a gap shows that changes are missing.
   */
  List<EntriesChanged> after(long scopeId, long serial, int limit);
}
