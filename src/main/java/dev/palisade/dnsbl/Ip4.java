package dev.palisade.dnsbl;

/** Strict dotted-quad parsing and formatting of IPv4 addresses held as ints. */
final class Ip4 {

  private Ip4() {}

  /** Parses exactly four decimal octets; no leading zeros (they read as octal to some tools). */
  static int parse(String text) {
    return parse(text, text.length());
  }

  /** Parses the first {@code n} characters of {@code text}, as {@link #parse(String)} does. */
  static int parse(String text, int n) {
    int address = 0;
    int octets = 0;
    int i = 0;
    while (i <= n) {
      int start = i;
      int value = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        value = value * 10 + (text.charAt(i) - '0');
        if (value > 255) {
          throw new InvalidEntryException(
              "'" + text.substring(0, n) + "' is not a valid IPv4 address: octet above 255");
        }
        i++;
      }
      int digits = i - start;
      if (digits == 0) {
        throw new InvalidEntryException(
            "'" + text.substring(0, n) + "' is not a valid IPv4 address");
      }
      if (digits > 1 && text.charAt(start) == '0') {
        throw new InvalidEntryException(
            "'"
                + text.substring(0, n)
                + "' is not a valid IPv4 address: octet with a leading zero");
      }
      address = (address << 8) | value;
      octets++;
      if (i == n) {
        break;
      }
      if (text.charAt(i) != '.' || octets == 4) {
        throw new InvalidEntryException(
            "'" + text.substring(0, n) + "' is not a valid IPv4 address");
      }
      i++;
    }
    if (octets != 4) {
      throw new InvalidEntryException(
          "'" + text.substring(0, n) + "' is not a valid IPv4 address: expected four octets");
    }
    return address;
  }

  static String format(int address) {
    return (address >>> 24)
        + "."
        + ((address >>> 16) & 0xff)
        + "."
        + ((address >>> 8) & 0xff)
        + "."
        + (address & 0xff);
  }
}
