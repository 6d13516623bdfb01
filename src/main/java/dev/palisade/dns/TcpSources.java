package dev.palisade.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many TCP connections each source holds, so that one source cannot take every slot (RFC 7766
 * §6.2.2: a server may limit connections per client). A source is one IPv4 address, or one IPv6
 * /64: a single host or site is usually given a whole /64 and could otherwise open connections from
 * as many addresses as it likes. An IPv4-mapped IPv6 address counts as its IPv4 address.
 *
 * <p>Thread-safe and lock-free between sources: the acceptor admits, connection threads release.
 */
final class TcpSources {

  /** One source: an IPv4 address (in the low bits) or the upper 64 bits of an IPv6 address. */
  record Source(boolean ip6, long bits) {}

  /** A connection counted against no source's share: a secondary's ({@link #uncounted}). */
  static final Source UNCOUNTED = new Source(false, -1);

  private final int perSource;
  private final ConcurrentHashMap<Source, Integer> held = new ConcurrentHashMap<>();

  TcpSources(int perSource) {
    this.perSource = perSource;
  }

  /**
   * Counts one more connection from the address's source and returns the source, to {@link
   * #release} when the connection ends; null, counting nothing, when the source holds its share.
   */
  Source admit(InetAddress address) {
    Source source = sourceOf(address);
    boolean[] admitted = {false};
    held.compute(
        source,
        (key, count) -> {
          int now = count == null ? 0 : count;
          if (now >= perSource) {
            return count;
          }
          admitted[0] = true;
          return now + 1;
        });
    return admitted[0] ? source : null;
  }

  /** What an exempt connection holds instead of a source: {@link #release} ignores it. */
  static Source uncounted() {
    return UNCOUNTED;
  }

  /** Counts one connection of an admitted source less. */
  void release(Source source) {
    if (source == UNCOUNTED) {
      return;
    }
    held.computeIfPresent(source, (key, count) -> count <= 1 ? null : count - 1);
  }

  /** Connections the address's source holds now. For tests. */
  int held(InetAddress address) {
    return held.getOrDefault(sourceOf(address), 0);
  }

  static Source sourceOf(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return new Source(false, ip4(bytes, 0));
    }
    if (address instanceof Inet6Address && isMapped(bytes)) {
      return new Source(false, ip4(bytes, 12));
    }
    long high = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
    }
    return new Source(true, high);
  }

  private static long ip4(byte[] bytes, int from) {
    long ip = 0;
    for (int i = from; i < from + 4; i++) {
      ip = (ip << 8) | (bytes[i] & 0xff);
    }
    return ip;
  }

  /** ::ffff:a.b.c.d, which a dual-stack socket shows for an IPv4 client. */
  private static boolean isMapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
