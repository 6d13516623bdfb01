package dev.palisade.transfer;

import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.index.AnswerSink;
import dev.palisade.index.ZoneView;

/**
 * An upper bound on the records {@link ZoneRenderer} writes for a zone below its apex, from the
 * prefix lengths and name depths of its entries alone: one pass over the entries, with nothing
 * rendered, sorted or looked up. A zone whose bound is within {@code palisade.transfer.max-records}
 * needs no counting pass to be offered; only one whose bound is above it is counted exactly.
 *
 * <p>Why it bounds ({@link AddressZoneRenderer}, {@link DomainZoneRenderer}):
 *
 * <ul>
 *   <li>Every node four nibbles deep or less (the top: the apex, the IPv4 nodes of single digits,
 *       the children of a node whose IPv4 and IPv6 wildcards differ) is rendered from a set of
 *       {@link AddressZoneRenderer#TOP_NODES} bits and writes at most four records (a full address
 *       and a wildcard, A and TXT each): {@code 4 * TOP_NODES} in all.
 *   <li>Any other address node is met by an entry (or a test point): at the entry's own level (the
 *       depth its prefix ends in) it is one of {@code 2^(level bits - length)} nodes; above that,
 *       an ancestor. A node writes at most two records (A and TXT of a name or wildcard) or one (a
 *       hole). An ancestor at depth {@code d} writes something only if an entry of {@code d}
 *       labels' bits or fewer contains it (its own wildcard, or its parent's for a hole, lists), so
 *       only the depths at or below the zone's shortest prefix of that family count.
 *   <li>A domain node is a suffix of an entry's name (or of the test point's) and writes at most
 *       four records: A and TXT of the name, and of its wildcard.
 * </ul>
 *
 * Entries listed twice (block and allow, account and server) are counted twice: the bound only
 * grows. Not thread-safe: one per count.
 */
final class RecordBound implements AnswerSink {

  /** Records the top of an address zone writes at most. */
  static final long TOP = 4L * AddressZoneRenderer.TOP_NODES;

  private final long[] ip4 = new long[33];
  private final long[] ip6 = new long[129];
  private long domainNodes;

  private RecordBound() {}

  /** The bound for {@code list}'s zone of {@code view}, apex records (SOA, NS) not included. */
  static long of(ZoneView view, ListZone list) {
    RecordBound bound = new RecordBound();
    if (list.addresses()) {
      view.forEachAnswer(ValueType.IPV4, bound, bound);
      view.forEachAnswer(ValueType.IPV6, bound, bound);
      // The test points: 127.0.0.2 and 127.0.0.1, ::FFFF:7F00:2 and ::FFFF:7F00:1.
      bound.ip4[32] += 2;
      bound.ip6[128] += 2;
      return bound.addresses();
    }
    view.forEachAnswer(ValueType.DOMAIN, bound, bound);
    bound.domainNodes += 1; // the test point "test"
    return 4 * bound.domainNodes;
  }

  @Override
  public void ip4(int network, int length, ListKind kind, int code, String reason) {
    ip4[length]++;
  }

  @Override
  public void ip6(long high, long low, int length, ListKind kind, int code, String reason) {
    ip6[length]++;
  }

  @Override
  public void domain(String name, DomainMatch match, ListKind kind, int code, String reason) {
    long labels = 1;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        labels++;
      }
    }
    domainNodes += labels;
  }

  private long addresses() {
    return TOP + family(ip4, 8, 1) + family(ip6, 4, AddressZoneRenderer.TOP_DEPTH + 1);
  }

  /**
   * Two records for every node below the top that the entries of one family meet, by prefix length:
   * {@code bits} per label, nodes from depth {@code firstDepth} on.
   */
  private static long family(long[] byLength, int bits, int firstDepth) {
    int shortest = -1;
    for (int length = 0; length < byLength.length && shortest < 0; length++) {
      if (byLength[length] > 0) {
        shortest = length;
      }
    }
    long nodes = 0;
    for (int length = 1; length < byLength.length; length++) {
      if (byLength[length] == 0) {
        continue;
      }
      int level = (length + bits - 1) / bits;
      long perEntry = level >= firstDepth ? 1L << (bits * level - length) : 0;
      for (int depth = firstDepth; depth < level; depth++) {
        if (bits * depth >= shortest) {
          perEntry++;
        }
      }
      nodes += byLength[length] * perEntry;
    }
    return 2 * nodes;
  }
}
