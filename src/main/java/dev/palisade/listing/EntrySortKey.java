package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;

/**
 * The key the entries table orders values by (column {@code sort_key}, migration V21_1): addresses
 * in numeric order, so {@code 10.0.0.2} comes before {@code 10.0.0.10} and {@code 2001:db8::2}
 * before {@code 2001:db8::10}, a network right before the addresses it starts with; IPv4 before
 * IPv6 before domains. An address is {@code 4} or {@code 6}, its bits in hexadecimal and the prefix
 * length in two hexadecimal digits; a domain is {@code d} and its value. Keys hold only digits and
 * lower-case letters where they are numbers, so every collation orders them the same way.
 * Stateless.
 */
final class EntrySortKey {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private EntrySortKey() {}

  static String of(EntryValue value) {
    if (value instanceof Ip4Network n) {
      StringBuilder key = new StringBuilder(11).append('4');
      hex(key, n.address() & 0xffffffffL, 8);
      hex(key, n.prefixLength(), 2);
      return key.toString();
    }
    if (value instanceof Ip6Network n) {
      StringBuilder key = new StringBuilder(35).append('6');
      hex(key, n.high(), 16);
      hex(key, n.low(), 16);
      hex(key, n.prefixLength(), 2);
      return key.toString();
    }
    return "d" + value.canonical();
  }

  private static void hex(StringBuilder out, long bits, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(int) (bits >>> shift) & 0xf]);
    }
  }
}
