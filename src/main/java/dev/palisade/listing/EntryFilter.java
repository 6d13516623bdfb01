package dev.palisade.listing;

/**
 * Filters for listing a scope's entries; null fields do not filter.
 *
 * @param kind only block or only allow entries
 * @param type only IPv4, IPv6 or domain entries
 * @param text only entries whose value or reason contains this text (case-insensitive)
 * @param source only entries from this source
 * @param state only active entries (answering in DNS) or only expired ones
 */
public record EntryFilter(
    ListKind kind, ValueType type, String text, EntrySource source, State state) {

  /** Whether an entry answers in DNS now. */
  public enum State {
    ACTIVE,
    EXPIRED
  }

  /** No filter at all. */
  public static EntryFilter none() {
    return new EntryFilter(null, null, null, null, null);
  }
}
