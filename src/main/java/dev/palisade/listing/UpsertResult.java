package dev.palisade.listing;

/**
 * What a batch write did.
 *
 * @param created entries that did not exist
 * @param updated entries whose return code, reason, expiry or state changed
 * @param unchanged entries that were already exactly as asked
 * @param repeated drafts left out because an earlier draft of the same streamed write named their
 *     value ({@link Listings#upsertAll}: the first one counts)
 * @param kept drafts whose value the scope's list holds already from elsewhere, left as it is: a
 *     feed's entry for an import, a local entry or another feed's for a feed
 * @param deleted entries of a feed that its file no longer holds ({@link Listings#syncFeed})
 * @param serial the scope's serial once the write ended: its new one when the write changed
 *     anything, the one it kept otherwise; 0 when not known
 */
public record UpsertResult(
    int created, int updated, int unchanged, int repeated, int kept, int deleted, long serial) {

  /** A result whose scope's serial is not known. */
  public UpsertResult(
      int created, int updated, int unchanged, int repeated, int kept, int deleted) {
    this(created, updated, unchanged, repeated, kept, deleted, 0);
  }

  /** A result with nothing repeated, kept or deleted. */
  public UpsertResult(int created, int updated, int unchanged) {
    this(created, updated, unchanged, 0, 0, 0);
  }

  /** This result, the write having left its scope at {@code serial}. */
  UpsertResult atSerial(long serial) {
    return new UpsertResult(created, updated, unchanged, repeated, kept, deleted, serial);
  }

  /** How many entries were written: created, updated or deleted. */
  public int written() {
    return created + updated + deleted;
  }
}
