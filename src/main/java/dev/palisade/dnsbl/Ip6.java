package dev.palisade.dnsbl;

/** RFC 5952 text form of IPv6 addresses held as two longs. */
final class Ip6 {

  private Ip6() {}

  static String format(long high, long low) {
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
      groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
    }
    // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
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
    StringBuilder out = new StringBuilder(41);
    for (int i = 0; i < hexGroups; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    if (mapped) {
      if (out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Ip4.format((int) low));
    }
    return out.toString();
  }
}
