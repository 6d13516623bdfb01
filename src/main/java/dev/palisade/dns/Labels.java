package dev.palisade.dns;

/**
 * Reads DNS labels in wire form where they lie: {@code wire[at]} is the length byte, the label's
 * bytes follow (a received query, or a label of {@link org.xbill.DNS.Name#getLabel(int)} at 0).
 * What the labels in front of an address zone spell is read by {@link
 * dev.palisade.dnsbl.ReversedName}; the list labels by {@link dev.palisade.dnsbl.ListZone}.
 * Stateless; allocation-free.
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
      int c = lower(wire[at + i]);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!allowed) {
        return false;
      }
      out.append((char) c);
    }
    return true;
  }

  /**
   * Whether the label at {@code wire[at]} equals {@code lowerCase} (its bytes, no length byte),
   * ASCII case aside.
   */
  static boolean equalsIgnoreCase(byte[] wire, int at, byte[] lowerCase) {
    int length = wire[at] & 0xff;
    if (length != lowerCase.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(wire[at + 1 + i]) != lowerCase[i]) {
        return false;
      }
    }
    return true;
  }

  /** The byte as an unsigned value, ASCII upper case made lower. */
  static int lower(byte b) {
    int c = b & 0xff;
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
