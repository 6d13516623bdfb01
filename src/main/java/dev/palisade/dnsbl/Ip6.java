package dev.palisade.dnsbl;

/** RFC 5952 text form of IPv6 addresses held as two longs. */
final class Ip6 {

  private Ip6() {}

  static String format(long high, long low) {
    StringBuilder out = new StringBuilder(45);
    append(high, low, out);
    return out.toString();
  }

  /** Appends the text form to {@code out}; allocation-free (beyond the builder's growth). */
  static void append(long high, long low, StringBuilder out) {
    // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (group(high, low, i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && group(high, low, j) == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
    boolean mapped = high == 0 && (low >>> 32) == 0xffffL;
    int hexGroups = mapped ? 6 : 8;
    int start = out.length();
    for (int i = 0; i < hexGroups; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > start && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      appendHex(group(high, low, i), out);
    }
    if (mapped) {
      if (out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      int ip4 = (int) low;
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.append((ip4 >>> shift) & 0xff);
        if (shift > 0) {
          out.append('.');
        }
      }
    }
  }

  /** Group {@code i} (0-7) of the address, 16 bits. */
  private static int group(long high, long low, int i) {
    return (int) ((i < 4 ? high : low) >>> (48 - 16 * (i & 3))) & 0xffff;
  }

  /** Lower-case hex without leading zeros, as {@link Integer#toHexString(int)}. */
  private static void appendHex(int value, StringBuilder out) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int digit = (value >>> shift) & 0xf;
      if (digit != 0 || started || shift == 0) {
        out.append(Character.forDigit(digit, 16));
        started = true;
      }
    }
  }
}
