package dev.palisade.listing;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;

/**
 * Filters for listing a scope's entries; null fields do not filter.
 *
 * @param kind only block or only allow entries
 * @param type only IPv4, IPv6 or domain entries
 * @param text only entries whose text matches this, as {@code match} says
 * @param source only entries from this source
 * @param state only active entries (answering in DNS) or only expired ones
 * @param match how {@code text} is matched
 */
public record EntryFilter(
    ListKind kind, ValueType type, String text, EntrySource source, State state, TextMatch match) {

  /** A filter whose text is found anywhere in the value or the reason, as the REST API does. */
  public EntryFilter(ListKind kind, ValueType type, String text, EntrySource source, State state) {
    this(kind, type, text, source, state, TextMatch.VALUE_OR_REASON);
  }

  public EntryFilter {
    if (match == null) {
      match = TextMatch.VALUE_OR_REASON;
    }
  }

  /** Whether an entry answers in DNS now. */
  public enum State {
    ACTIVE,
    EXPIRED
  }

  /** How the text of a filter is matched; case never matters. */
  public enum TextMatch {
    /**
     * The text occurs anywhere in the value or in the reason. No index can serve this: the database
     * reads every entry of the scope that the other filters leave.
     */
    VALUE_OR_REASON,
    /**
     * The value starts with the text ({@code 10.1.2.} finds {@code 10.1.2.0/24} and {@code
     * 10.1.2.7}): a range of the value index, fast at any size.
     */
    VALUE_PREFIX,
    /** The text occurs anywhere in the reason: a scan, like {@link #VALUE_OR_REASON}. */
    REASON
  }

  /** No filter at all. */
  public static EntryFilter none() {
    return new EntryFilter(null, null, null, null, null);
  }

  /** Whether the filter has text to match. */
  boolean hasText() {
    return text != null && !text.isBlank();
  }
}
