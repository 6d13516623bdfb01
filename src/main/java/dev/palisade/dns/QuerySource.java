package dev.palisade.dns;

import dev.palisade.dnsbl.Networks;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address a query came from, as the server checks it against a zone's query ACL ({@link
 * QueryAccess}): an IPv4 address, or an IPv6 address as two 64-bit halves. An IPv4-mapped IPv6
 * address ({@code ::ffff:192.0.2.1}, what a dual-stack socket shows for an IPv4 client) is held as
 * its IPv4 address, so IPv4 networks match it.
 *
 * <p>Mutable and reused: each receiving thread owns one and sets it for every query, so the common
 * query allocates nothing for it. Not thread-safe.
 */
final class QuerySource {

  private boolean ip6;
  private int ip4;
  private long high;
  private long low;

  /** Sets an IPv4 address. */
  void ip4(int address) {
    ip6 = false;
    ip4 = address;
  }

  /** Sets an IPv6 address given as two 64-bit halves; an IPv4-mapped one as its IPv4 address. */
  void ip6(long high, long low) {
    if (high == 0 && (low >>> 32) == 0xffffL) {
      ip4((int) low);
      return;
    }
    ip6 = true;
    this.high = high;
    this.low = low;
  }

  /** Sets the address another holds. */
  void set(QuerySource other) {
    ip6 = other.ip6;
    ip4 = other.ip4;
    high = other.high;
    low = other.low;
  }

  /** Sets the address of a socket's peer (allocates its bytes). */
  void set(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      ip4(int32(bytes, 0));
    } else {
      ip6(
          ((long) int32(bytes, 0) << 32) | (int32(bytes, 4) & 0xffffffffL),
          ((long) int32(bytes, 8) << 32) | (int32(bytes, 12) & 0xffffffffL));
    }
  }

  /**
   * The first 8 of the address's 16 bytes, big-endian, an IPv4 address IPv4-mapped ({@code
   * ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2): one form for both families, as rate limiting keys them.
   */
  long mappedHigh() {
    return ip6 ? high : 0;
  }

  /** The last 8 of the address's 16 bytes; see {@link #mappedHigh()}. */
  long mappedLow() {
    return ip6 ? low : 0x0000_ffff_0000_0000L | (ip4 & 0xffff_ffffL);
  }

  /** The address as an {@link InetAddress}: made anew, for what is rare (the query log). */
  InetAddress address() {
    byte[] bytes = new byte[ip6 ? 16 : 4];
    if (ip6) {
      for (int i = 0; i < 8; i++) {
        bytes[i] = (byte) (high >>> (56 - 8 * i));
        bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
      }
    } else {
      for (int i = 0; i < 4; i++) {
        bytes[i] = (byte) (ip4 >>> (24 - 8 * i));
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes are always an address
    }
  }

  /** Whether one of the networks contains the address. */
  boolean in(Networks networks) {
    return ip6 ? networks.contains(high, low) : networks.contains(ip4);
  }

  private static int int32(byte[] bytes, int from) {
    return ((bytes[from] & 0xff) << 24)
        | ((bytes[from + 1] & 0xff) << 16)
        | ((bytes[from + 2] & 0xff) << 8)
        | (bytes[from + 3] & 0xff);
  }

  @Override
  public String toString() {
    return ip6 ? Long.toHexString(high) + ":" + Long.toHexString(low) : Integer.toHexString(ip4);
  }
}
