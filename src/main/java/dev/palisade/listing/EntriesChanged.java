package dev.palisade.listing;

import java.util.List;

/**
 * Announced once per committed transaction that changed what DNS answers for one scope. An update
 * is announced as the old entry removed and the new one added.
 *
 * @param scopeId the scope whose entries changed
 * @param serial the scope's new serial, higher than every serial announced before
 * @param removed entries that no longer answer (deleted, disabled, expired, or replaced)
 * @param added entries that now answer
 */
public record EntriesChanged(
    long scopeId, long serial, List<ActiveEntry> removed, List<ActiveEntry> added) {

  public EntriesChanged {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }
}
