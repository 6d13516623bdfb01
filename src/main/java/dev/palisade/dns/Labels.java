package dev.palisade.dns;

/**
 * Reads DNS labels in wire form (length byte first, as {@link org.xbill.DNS.Name#getLabel(int)}
 * returns them). Stateless; allocation-free except where a method returns a new value.
 */
final class Labels {

  private Labels() {}

  /**
   * Whether the wire label equals {@code lowerCase}, comparing ASCII letters case-insensitively.
   */
  static boolean equalsIgnoreCase(byte[] wireLabel, String lowerCase) {
    int length = wireLabel[0] & 0xff;
    if (length != lowerCase.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lowerAscii(wireLabel[i + 1]) != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Appends the label lower-cased to {@code out} and returns true when it is a host-name label
   * (letters, digits, hyphen, underscore); returns false, leaving {@code out} partly written, for
   * anything else, such as a label holding a dot or a wildcard, which no entry can match.
   */
  static boolean appendHostLabel(byte[] wireLabel, StringBuilder out) {
    int length = wireLabel[0] & 0xff;
    if (length == 0) {
      return false;
    }
    for (int i = 1; i <= length; i++) {
      char c = lowerAscii(wireLabel[i]);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!allowed) {
        return false;
      }
      out.append(c);
    }
    return true;
  }

  /**
   * The decimal octet (0-255) the label spells, or -1 when it is not one. Leading zeros are
   * refused: resolvers never send them and some software reads them as octal.
   */
  static int octet(byte[] wireLabel) {
    int length = wireLabel[0] & 0xff;
    if (length < 1 || length > 3 || (length > 1 && wireLabel[1] == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 1; i <= length; i++) {
      int digit = wireLabel[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value <= 255 ? value : -1;
  }

  /**
   * The hex digit (0-15) a one-character label spells, in either case, or -1 when it is not one.
   */
  static int nibble(byte[] wireLabel) {
    if ((wireLabel[0] & 0xff) != 1) {
      return -1;
    }
    int c = wireLabel[1] & 0xff;
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    c |= 0x20; // ASCII lower case
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }

  private static char lowerAscii(byte b) {
    char c = (char) (b & 0xff);
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
