package dev.palisade.listing;

import java.util.List;

/**
 * Announced once per committed transaction that changed what DNS answers for one scope. An update
 * is announced as the old entry removed and the new one added.
 *
 * @param scopeId the scope whose entries changed
 * @param previousSerial the scope's serial before this change, {@link #UNKNOWN_SERIAL} when not
 *     known: with it a reader can tell whether it has seen every change of the scope (none was made
 *     by another node in between)
 * @param serial the scope's new serial, higher than every serial announced before
 * @param removed entries that no longer answer (deleted, disabled, expired, or replaced)
 * @param added entries that now answer
 */
public record EntriesChanged(
    long scopeId,
    long previousSerial,
    long serial,
    List<ActiveEntry> removed,
    List<ActiveEntry> added) {

  /** The previous serial of a change that does not know it. */
  public static final long UNKNOWN_SERIAL = -1;

  public EntriesChanged {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }

  /**
   * A change too large to list its entries (an import of millions): it names the serial it gave the
   * scope, and no previous serial, so that a reader holding the scope's entries does not apply it
   * as a change ({@code index.LiveIndex#applyIfFollows} refuses it) but reads the scope again from
   * the database, through the change feed, where the change is recorded the same way.
   */
  public static EntriesChanged unlisted(long scopeId, long serial) {
    return new EntriesChanged(scopeId, UNKNOWN_SERIAL, serial, List.of(), List.of());
  }

  /** A change whose previous serial is not known. */
  public EntriesChanged(
      long scopeId, long serial, List<ActiveEntry> removed, List<ActiveEntry> added) {
    this(scopeId, UNKNOWN_SERIAL, serial, removed, added);
  }
}
