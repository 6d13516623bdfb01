package dev.palisade.transfer;

import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.index.AnswerSink;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import java.util.BitSet;
import java.util.Collection;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * Renders a {@code bl} or {@code wl} zone as ordinary records, IPv4 and IPv6 together, streaming.
 *
 * <p>A node is a name of reversed octets ({@code 2.0.192}) or nibbles. A node is <em>material</em>
 * when an entry longer than its parent's level meets it: its ancestors and its own expansion (a /20
 * meets 16 nodes of three octets, a /25 128 addresses). Every material node gets: at a full
 * address, A and TXT when the winner (the index's decision rule) lists it; above that, a wildcard
 * {@code *.node} when the winner among entries no longer than the node lists it, since the node's
 * existence hides every wildcard above it; and a hole record when neither, but the wildcard of its
 * parent would list it. Nodes no entry meets are answered by the nearest wildcard above, whose
 * winner is theirs.
 *
 * <p>IPv4 and IPv6 names share the nodes whose labels are single decimal digits, up to four deep
 * ({@code 1.0.0.2} is 2.0.0.1 and the start of 2001::/16), so a wildcard there covers both. Those
 * nodes (with every node four nibbles deep or less: 69,905 in all) are rendered from a bit set;
 * where the IPv4 and IPv6 winners of such a node differ, its wildcard answers for IPv4 and all 16
 * nibble children are made material, which carries the IPv6 answer one level down. Deeper nodes are
 * rendered in address order from {@link SortedBatches}, each once, so memory stays bounded whatever
 * the zone's size.
 *
 * @implNote Not thread-safe: one per rendering.
 */
final class AddressZoneRenderer {

  /** Where the nodes of each depth (0 to 4 nibbles) start in the top bit set. */
  static final int[] TOP_OFFSET = {0, 1, 17, 273, 4369};

  static final int TOP_NODES = 69905;

  /** The deepest level rendered from the top bit set. */
  static final int TOP_DEPTH = 4;

  private final ZoneView view;
  private final Owners owners;
  private final RecordWriter out;
  private final int batch;
  private final Collection<Long> extraIp4;
  private final Collection<Ip6Key> extraIp6;

  /**
   * @param extraIp4 further networks to treat as entries when finding material nodes, as {@link
   *     #ip4Key} keys (their answers come from the view); empty for a whole zone
   * @param extraIp6 likewise for IPv6
   */
  AddressZoneRenderer(
      ZoneView view,
      Owners owners,
      RecordWriter out,
      int batch,
      Collection<Long> extraIp4,
      Collection<Ip6Key> extraIp6) {
    this.view = view;
    this.owners = owners;
    this.out = out;
    this.batch = batch;
    this.extraIp4 = extraIp4;
    this.extraIp6 = extraIp6;
  }

  /** An IPv4 network as a sortable key: the address (unsigned), then the prefix length. */
  static long ip4Key(int network, int length) {
    return ((network & 0xffffffffL) << 6) | length;
  }

  void render() {
    BitSet top = markTop();
    renderTop(top);
    renderIp4();
    renderIp6();
  }

  // ---- Keys: the networks of the zone's entries, the test points and the extra networks. ----

  private void ip4Keys(Consumer<Long> each) {
    AnswerSink sink =
        new IgnoringSink() {
          @Override
          public void ip4(int network, int length, ListKind kind, int code, String reason) {
            each.accept(ip4Key(network, length));
          }
        };
    view.forEachAnswer(ValueType.IPV4, sink, sink);
    each.accept(ip4Key(TestPoints.LISTED_IP4, 32));
    each.accept(ip4Key(TestPoints.UNLISTED_IP4, 32));
    extraIp4.forEach(each);
  }

  private void ip6Keys(Consumer<Ip6Key> each) {
    AnswerSink sink =
        new IgnoringSink() {
          @Override
          public void ip6(long high, long low, int length, ListKind kind, int code, String reason) {
            each.accept(new Ip6Key(high, low, length));
          }
        };
    view.forEachAnswer(ValueType.IPV6, sink, sink);
    each.accept(new Ip6Key(0, TestPoints.LISTED_IP6_LOW, 128));
    each.accept(new Ip6Key(0, TestPoints.UNLISTED_IP6_LOW, 128));
    extraIp6.forEach(each);
  }

  /** A sink that ignores every answer its subclass does not take. */
  private abstract static class IgnoringSink implements AnswerSink {
    @Override
    public void ip4(int network, int length, ListKind kind, int code, String reason) {}

    @Override
    public void ip6(long high, long low, int length, ListKind kind, int code, String reason) {}

    @Override
    public void domain(String name, DomainMatch match, ListKind kind, int code, String reason) {}
  }

  // ---- The top: every node four nibbles deep or less, and the IPv4 nodes of single digits. ----

  private BitSet markTop() {
    BitSet top = new BitSet(TOP_NODES);
    top.set(0); // the apex
    ip4Keys(key -> markIp4Top((int) (key >>> 6), (int) (key & 63), top));
    ip6Keys(key -> markIp6Top(key.high(), key.length(), top));
    for (int depth = 0; depth < TOP_DEPTH; depth++) {
      for (int node = 0; node < (1 << (4 * depth)); node++) {
        if (top.get(TOP_OFFSET[depth] + node)
            && ip4Interior(node, depth)
            && conflicts(node, depth)) {
          int children = TOP_OFFSET[depth + 1] + (node << 4);
          top.set(children, children + 16);
        }
      }
    }
    return top;
  }

  /** Marks the top nodes an IPv4 network meets: those whose octets so far are single digits. */
  static void markIp4Top(int network, int length, BitSet top) {
    int path = 0;
    for (int depth = 1; depth <= TOP_DEPTH && length > 8 * (depth - 1); depth++) {
      int first = (network >>> (32 - 8 * depth)) & 0xff;
      int count = length >= 8 * depth ? 1 : 1 << (8 * depth - length);
      for (int octet = first; octet < first + count && octet <= 9; octet++) {
        top.set(TOP_OFFSET[depth] + (path << 4) + octet);
      }
      if (first > 9) {
        return; // no deeper node of this network is a single digit all the way
      }
      path = (path << 4) | first;
    }
  }

  /** Marks the top nodes an IPv6 network meets. */
  static void markIp6Top(long high, int length, BitSet top) {
    for (int depth = 1; depth <= TOP_DEPTH && length > 4 * (depth - 1); depth++) {
      int first = (int) (high >>> (64 - 4 * depth));
      int count = length >= 4 * depth ? 1 : 1 << (4 * depth - length);
      top.set(TOP_OFFSET[depth] + first, TOP_OFFSET[depth] + first + count);
    }
  }

  private void renderTop(BitSet top) {
    for (int depth = 0; depth <= TOP_DEPTH; depth++) {
      for (int node = 0; node < (1 << (4 * depth)); node++) {
        if (top.get(TOP_OFFSET[depth] + node)) {
          renderTopNode(node, depth);
        }
      }
    }
  }

  private void renderTopNode(int node, int depth) {
    Name name = owners.ip6(topHigh(node, depth), 0, depth);
    boolean exists = depth == 0;
    if (depth == TOP_DEPTH && singleDigits(node, depth)) {
      // Four single digits: an IPv4 address as well as an IPv6 node.
      int address = topIp4(node, depth);
      Verdict leaf = view.ip4(address);
      if (out.lists(leaf)) {
        out.listed(name, leaf, new Ip4Network(address, 32).canonical());
        exists = true;
      }
    }
    Verdict wildcard = topWildcard(node, depth);
    if (out.lists(wildcard)) {
      out.wildcard(name, wildcard);
      exists = true;
    }
    if (!exists && out.lists(topWildcard(node >>> 4, depth - 1))) {
      out.hole(name);
    }
  }

  /**
   * What the wildcard below a top node answers: for IPv4 where IPv4 names continue below it (the
   * IPv6 answer, where it differs, lives in the nibble children, made material), else for IPv6.
   */
  private Verdict topWildcard(int node, int depth) {
    return ip4Interior(node, depth) ? topIp4Winner(node, depth) : topIp6Winner(node, depth);
  }

  private boolean conflicts(int node, int depth) {
    return !out.sameWildcard(topIp4Winner(node, depth), topIp6Winner(node, depth));
  }

  private Verdict topIp4Winner(int node, int depth) {
    return view.ip4Within(topIp4(node, depth), 8 * depth);
  }

  private Verdict topIp6Winner(int node, int depth) {
    return view.ip6Within(topHigh(node, depth), 0, 4 * depth);
  }

  /** Whether IPv4 names continue below the node: fewer than four labels, each a single digit. */
  private static boolean ip4Interior(int node, int depth) {
    return depth < TOP_DEPTH && singleDigits(node, depth);
  }

  private static boolean singleDigits(int node, int depth) {
    for (int i = 0; i < depth; i++) {
      if (((node >>> (4 * i)) & 0xf) > 9) {
        return false;
      }
    }
    return true;
  }

  /** The IPv4 address whose first octets are the node's digits. */
  private static int topIp4(int node, int depth) {
    int address = 0;
    for (int i = 0; i < depth; i++) {
      int digit = (node >>> (4 * (depth - 1 - i))) & 0xf;
      address |= digit << (24 - 8 * i);
    }
    return address;
  }

  /** The high half of the IPv6 address whose first nibbles are the node's. */
  static long topHigh(int node, int depth) {
    return depth == 0 ? 0 : (node & 0xffffffffL) << (64 - 4 * depth);
  }

  // ---- IPv4 nodes with an octet above 9, in address order. ----

  private void renderIp4() {
    long[] last = {-1, -1, -1, -1, -1};
    new SortedBatches<Long>(Long::compare, batch)
        .forEach(
            this::ip4Keys,
            key -> {
              int network = (int) (key >>> 6);
              int length = (int) (key & 63);
              for (int depth = 1; depth <= 4 && length > 8 * (depth - 1); depth++) {
                long first = (network & 0xffffffffL) >>> (32 - 8 * depth);
                long end = first + (length >= 8 * depth ? 1 : 1L << (8 * depth - length));
                for (long node = Math.max(first, last[depth] + 1); node < end; node++) {
                  last[depth] = node;
                  if (!singleDigitOctets(node, depth)) {
                    renderIp4Node((int) (node << (32 - 8 * depth)), depth);
                  }
                }
              }
            });
  }

  private static boolean singleDigitOctets(long node, int depth) {
    for (int i = 0; i < depth; i++) {
      if (((node >>> (8 * i)) & 0xff) > 9) {
        return false;
      }
    }
    return true;
  }

  private void renderIp4Node(int address, int depth) {
    Name name = owners.ip4(address, depth);
    if (depth == 4) {
      String text = new Ip4Network(address, 32).canonical();
      if (TestPoints.isListedIp4(address)) {
        out.testPoint(name, text);
        return;
      }
      Verdict leaf = TestPoints.isUnlistedIp4(address) ? null : view.ip4(address);
      if (out.lists(leaf)) {
        out.listed(name, leaf, text);
        return;
      }
    } else {
      Verdict wildcard = view.ip4Within(address, 8 * depth);
      if (out.lists(wildcard)) {
        out.wildcard(name, wildcard);
        return;
      }
    }
    // The parent's wildcard is its IPv4 winner, also where the parent is a top node.
    if (out.lists(view.ip4Within(address, 8 * (depth - 1)))) {
      out.hole(name);
    }
  }

  // ---- IPv6 nodes five nibbles deep or more, in address order. ----

  private void renderIp6() {
    long[] lastHigh = new long[33];
    long[] lastLow = new long[33];
    boolean[] any = new boolean[33];
    new SortedBatches<>(Ip6Key.ORDER, batch)
        .forEach(
            this::ip6Keys,
            key -> {
              int length = key.length();
              for (int depth = TOP_DEPTH + 1; depth <= 32 && length > 4 * (depth - 1); depth++) {
                int bits = 4 * depth;
                long high = key.high() & Ip6Network.highMask(bits);
                long low = key.low() & Ip6Network.lowMask(bits);
                int count = length >= bits ? 1 : 1 << (bits - length);
                for (int i = 0; i < count; i++) {
                  long nodeHigh = depth <= 16 ? high + ((long) i << (64 - bits)) : high;
                  long nodeLow = depth <= 16 ? low : low + ((long) i << (128 - bits));
                  if (any[depth]
                      && compare(nodeHigh, nodeLow, lastHigh[depth], lastLow[depth]) <= 0) {
                    continue;
                  }
                  any[depth] = true;
                  lastHigh[depth] = nodeHigh;
                  lastLow[depth] = nodeLow;
                  renderIp6Node(nodeHigh, nodeLow, depth);
                }
              }
            });
  }

  private static int compare(long highA, long lowA, long highB, long lowB) {
    int byHigh = Long.compareUnsigned(highA, highB);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(lowA, lowB);
  }

  private void renderIp6Node(long high, long low, int depth) {
    Name name = owners.ip6(high, low, depth);
    if (depth == 32) {
      String text = new Ip6Network(high, low, 128).canonical();
      if (TestPoints.isListedIp6(high, low)) {
        out.testPoint(name, text);
        return;
      }
      Verdict leaf = TestPoints.isUnlistedIp6(high, low) ? null : view.ip6(high, low);
      if (out.lists(leaf)) {
        out.listed(name, leaf, text);
        return;
      }
    } else {
      Verdict wildcard = view.ip6Within(high, low, 4 * depth);
      if (out.lists(wildcard)) {
        out.wildcard(name, wildcard);
        return;
      }
    }
    if (out.lists(view.ip6Within(high, low, 4 * (depth - 1)))) {
      out.hole(name);
    }
  }
}
