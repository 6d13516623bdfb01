package dev.palisade.dns;

import dev.palisade.dnsbl.AsciiLabels;

/**
 * Reads DNS labels in wire form where they lie: {@code wire[at]} is the length byte, the label's
 * bytes follow (a received query, or a label of {@link org.xbill.DNS.Name#getLabel(int)} at 0).
 * What the labels in front of an address zone spell is read by {@link
 * dev.palisade.dnsbl.ReversedName}; the list labels by {@link dev.palisade.dnsbl.ListZone}; labels
 * are compared, ASCII case aside, by {@link AsciiLabels}. Stateless; allocation-free.
 */
final class Labels {

  private Labels() {}

  /**
   * Appends the label at {@code wire[at]} lower-cased to {@code out} and returns true when it is a
   * host-name label (letters, digits, hyphen, underscore); returns false, leaving {@code out}
   * partly written, for anything else, such as a label holding a dot or a wildcard, which no entry
   * can match.
   */
  static boolean appendHostLabel(byte[] wire, int at, StringBuilder out) {
    int length = wire[at] & 0xff;
    if (length == 0) {
      return false;
    }
    for (int i = 1; i <= length; i++) {
      int c = AsciiLabels.lower(wire[at + i]);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!allowed) {
        return false;
      }
      out.append((char) c);
    }
    return true;
  }
}
