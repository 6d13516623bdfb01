package dev.palisade.dns;

import org.xbill.DNS.Name;

/**
 * The address a query names in an IP zone: IPv4 as four reversed decimal octets ({@code
 * 4.3.2.1.<zone>} asks about 1.2.3.4), IPv6 as 32 reversed hex nibbles (RFC 3596 §2.5 style, as RFC
 * 5782 §2.4 prescribes for DNSxLs). Immutable.
 *
 * @param form what the labels spell
 * @param ip4 the IPv4 address when {@code form} is {@link Form#IP4}
 * @param high the high 64 bits of the IPv6 address when {@code form} is {@link Form#IP6}
 * @param low the low 64 bits of the IPv6 address
 * @param alsoNibblePrefix for an IPv4 name, whether its four labels are also single hex digits, so
 *     that the name is the ancestor of IPv6 nibble names as well
 */
record ReversedAddress(Form form, int ip4, long high, long low, boolean alsoNibblePrefix) {

  /** What the labels in front of an IP zone spell. */
  enum Form {
    /** Four octets: an IPv4 address. */
    IP4,
    /** 32 nibbles: an IPv6 address. */
    IP6,
    /**
     * One to three octets, or one to 31 nibbles: the start of an address, so an empty non-terminal
     * (RFC 8020 §2): names exist below it.
     */
    PARTIAL,
    /** Anything else: no name below it can ever exist. */
    MALFORMED
  }

  private static final ReversedAddress PARTIAL = new ReversedAddress(Form.PARTIAL, 0, 0, 0, false);
  private static final ReversedAddress MALFORMED =
      new ReversedAddress(Form.MALFORMED, 0, 0, 0, false);

  /**
   * Reads the first {@code count} labels of {@code name} (1 or more): label {@code count - 1}, the
   * one nearest the zone, is the first octet or nibble.
   */
  static ReversedAddress parse(Name name, int count) {
    boolean octets = count <= 4;
    boolean nibbles = count <= 32;
    int ip4 = 0;
    long high = 0;
    long low = 0;
    for (int i = count - 1; i >= 0 && (octets || nibbles); i--) {
      byte[] label = name.getLabel(i);
      if (octets) {
        int octet = Labels.octet(label);
        if (octet < 0) {
          octets = false;
        } else {
          ip4 = (ip4 << 8) | octet;
        }
      }
      if (nibbles) {
        int nibble = Labels.nibble(label);
        if (nibble < 0) {
          nibbles = false;
        } else {
          // Shift the 128-bit value left by four bits and add the nibble.
          high = (high << 4) | (low >>> 60);
          low = (low << 4) | nibble;
        }
      }
    }
    if (octets && count == 4) {
      return new ReversedAddress(Form.IP4, ip4, 0, 0, nibbles);
    }
    if (nibbles && count == 32) {
      return new ReversedAddress(Form.IP6, 0, high, low, false);
    }
    return octets || nibbles ? PARTIAL : MALFORMED;
  }
}
