package dev.palisade.index;

import java.util.Locale;

/**
 * How much the index holds, per kind of value, and the bytes of the arrays that hold it: what an
 * admin sizes the heap by. Domain names and reason texts (shared between equal answers) are not
 * counted; every other part of the lookup tables is.
 *
 * @param ip4Networks IPv4 networks (a network listed as both block and allow counts once)
 * @param ip4Bytes bytes of the IPv4 tables' arrays
 * @param ip6Networks IPv6 networks
 * @param ip6Bytes bytes of the IPv6 tables' arrays
 * @param domainPatterns domain patterns
 * @param domainBytes bytes of the domain tables' arrays, names not counted
 */
public record IndexFootprint(
    long ip4Networks,
    long ip4Bytes,
    long ip6Networks,
    long ip6Bytes,
    long domainPatterns,
    long domainBytes) {

  static final IndexFootprint EMPTY = new IndexFootprint(0, 0, 0, 0, 0, 0);

  IndexFootprint plus(IndexFootprint other) {
    return new IndexFootprint(
        ip4Networks + other.ip4Networks,
        ip4Bytes + other.ip4Bytes,
        ip6Networks + other.ip6Networks,
        ip6Bytes + other.ip6Bytes,
        domainPatterns + other.domainPatterns,
        domainBytes + other.domainBytes);
  }

  /** For the log: counts, megabytes and bytes per value of each kind. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "IPv4 %s, IPv6 %s, domains %s (names not counted)",
        part(ip4Networks, ip4Bytes),
        part(ip6Networks, ip6Bytes),
        part(domainPatterns, domainBytes));
  }

  private static String part(long count, long bytes) {
    if (count == 0) {
      return "none";
    }
    return String.format(
        Locale.ROOT, "%d in %.1f MB (%.1f bytes each)", count, bytes / 1e6, (double) bytes / count);
  }
}
