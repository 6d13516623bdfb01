package dev.palisade.zonefile;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.zonefile.ZoneFileExport.Ranked;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the winning entries of one zone in an rbldnsd format: one winner per prefix or name (see
 * {@link ZoneFileExport}), listed lines for the exported list, {@code !} lines for holes punched in
 * a listed range. Not thread-safe; one per export.
 */
final class ExportWriter {

  private final Writer out;
  private final ListKind list;
  private final String defaultText;

  ExportWriter(Writer out, ListKind list, String defaultText) {
    this.out = out;
    this.list = list;
    this.defaultText = defaultText;
  }

  /** Longest-prefix IPv4: each winning network as written. */
  void ip4trie(List<Ranked> entries) throws IOException {
    ip4TestPoints();
    Map<EntryValue, Ranked> winners = winners(entries);
    Set<EntryValue> listed = listed(winners);
    List<Ip4Network> order = new ArrayList<>();
    winners.keySet().forEach(v -> order.add((Ip4Network) v));
    order.sort(IP4_ORDER);
    for (Ip4Network network : order) {
      Ranked winner = winners.get(network);
      if (winner.entry().kind() == list) {
        line(network.canonical(), winner);
      } else if (coveredIp4(network.address(), network.prefixLength(), listed)) {
        out.write("!" + network.canonical() + "\n");
      }
    }
  }

  /**
   * Octet-boundary IPv4: rbldnsd's ip4set stores a network as /8, /16, /24 or /32 cells and answers
   * every value of the most specific cell that matches, exclusions first. So each winner is split
   * into the cells of the next boundary, and a cell keeps only its most specific winner.
   */
  void ip4set(List<Ranked> entries) throws IOException {
    ip4TestPoints();
    Map<EntryValue, Ranked> winners = winners(entries);
    Map<Ip4Network, Ip4Network> cellOwner = new HashMap<>();
    for (EntryValue value : winners.keySet()) {
      Ip4Network network = (Ip4Network) value;
      int length = network.prefixLength();
      int boundary = Math.max(8, (length + 7) / 8 * 8);
      int cells = 1 << (boundary - length);
      for (int i = 0; i < cells; i++) {
        int address = network.address() + (boundary == 32 ? i : i << (32 - boundary));
        Ip4Network cell = new Ip4Network(address, boundary);
        Ip4Network owner = cellOwner.get(cell);
        if (owner == null || owner.prefixLength() < length) {
          cellOwner.put(cell, network);
        }
      }
    }
    // The test points are /32 cells of their own, listed first; a data cell there would add a
    // value.
    cellOwner.remove(new Ip4Network(TestPoints.LISTED_IP4, 32));
    cellOwner.remove(new Ip4Network(TestPoints.UNLISTED_IP4, 32));
    Set<EntryValue> listedCells = new HashSet<>();
    cellOwner.forEach(
        (cell, owner) -> {
          if (winners.get(owner).entry().kind() == list) {
            listedCells.add(cell);
          }
        });
    List<Ip4Network> order = new ArrayList<>(cellOwner.keySet());
    order.sort(IP4_ORDER);
    for (Ip4Network cell : order) {
      Ranked winner = winners.get(cellOwner.get(cell));
      if (winner.entry().kind() == list) {
        line(cell.canonical(), winner);
      } else {
        // Only a coarser listed cell makes a hole matter: finer cells are looked at first anyway.
        for (int coarser = cell.prefixLength() - 8; coarser >= 8; coarser -= 8) {
          Ip4Network up = new Ip4Network(cell.address() & Ip4Network.mask(coarser), coarser);
          if (listedCells.contains(up)) {
            out.write("!" + cell.canonical() + "\n");
            break;
          }
        }
      }
    }
  }

  /** Longest-prefix IPv6, as ip4trie. */
  void ip6trie(List<Ranked> entries) throws IOException {
    ip6TestPoints();
    Map<EntryValue, Ranked> winners = winners(entries);
    Set<EntryValue> listed = listed(winners);
    List<Ip6Network> order = new ArrayList<>();
    winners.keySet().forEach(v -> order.add((Ip6Network) v));
    order.sort(
        Comparator.comparingLong((Ip6Network n) -> n.high() ^ Long.MIN_VALUE)
            .thenComparingLong(n -> n.low() ^ Long.MIN_VALUE)
            .thenComparingInt(Ip6Network::prefixLength));
    for (Ip6Network network : order) {
      Ranked winner = winners.get(network);
      String text = ip6(network.canonical());
      if (winner.entry().kind() == list) {
        line(text, winner);
      } else if (coveredIp6(network, listed)) {
        out.write("!" + text + "\n");
      }
    }
  }

  /**
   * Domains. rbldnsd's dnset keeps two answers per name: for the name itself ({@code name}) and for
   * the names below it ({@code *.name}); {@code .name} is both. Palisade's exact entries beat
   * {@code .name} for the name itself; below it, {@code .name} and {@code *.name} tie and the usual
   * rank decides.
   */
  void dnset(List<Ranked> entries) throws IOException {
    dnsetTestPoints();
    Map<String, Ranked> exact = new HashMap<>();
    Map<String, Ranked> self = new HashMap<>();
    Map<String, Ranked> below = new TreeMap<>();
    for (Ranked entry : entries) {
      DomainPattern pattern = (DomainPattern) entry.entry().value();
      String name = pattern.name();
      if (pattern.match() == DomainMatch.EXACT) {
        exact.merge(name, entry, Ranked::better);
      } else {
        if (pattern.match() == DomainMatch.SELF_AND_SUBDOMAINS) {
          self.merge(name, entry, Ranked::better);
        }
        below.merge(name, entry, Ranked::better);
      }
    }
    Map<String, Ranked> itself = new TreeMap<>(self);
    itself.putAll(exact);
    itself.remove(TestPoints.LISTED_DOMAIN); // the test point answers for it
    Set<String> listedBelow = new HashSet<>();
    below.forEach(
        (name, winner) -> {
          if (winner.entry().kind() == list) {
            listedBelow.add(name);
          }
        });
    Set<String> names = new TreeSet<>(itself.keySet());
    names.addAll(below.keySet());
    for (String name : names) {
      Ranked one = itself.get(name);
      Ranked all = below.get(name);
      boolean oneListed = one != null && one.entry().kind() == list;
      boolean allListed = all != null && all.entry().kind() == list;
      if (oneListed && allListed && value(one).equals(value(all))) {
        out.write("." + name + value(one) + "\n");
        continue;
      }
      if (oneListed) {
        out.write(name + value(one) + "\n");
      } else if (one != null && coveredName(name, listedBelow)) {
        out.write("!" + name + "\n");
      }
      if (allListed) {
        out.write("*." + name + value(all) + "\n");
      } else if (all != null && coveredName(name, listedBelow)) {
        out.write("!*." + name + "\n");
      }
    }
  }

  private static final Comparator<Ip4Network> IP4_ORDER =
      Comparator.comparingInt((Ip4Network n) -> n.address() ^ Integer.MIN_VALUE)
          .thenComparingInt(Ip4Network::prefixLength);

  /** One winner per value: the best-ranked of the entries with that exact value. */
  private static Map<EntryValue, Ranked> winners(List<Ranked> entries) {
    Map<EntryValue, Ranked> winners = new HashMap<>();
    for (Ranked entry : entries) {
      winners.merge(entry.entry().value(), entry, Ranked::better);
    }
    return winners;
  }

  private Set<EntryValue> listed(Map<EntryValue, Ranked> winners) {
    Set<EntryValue> listed = new HashSet<>();
    winners.forEach(
        (value, winner) -> {
          if (winner.entry().kind() == list) {
            listed.add(value);
          }
        });
    return listed;
  }

  private static boolean coveredIp4(int address, int length, Set<EntryValue> listed) {
    for (int shorter = length - 1; shorter >= 0; shorter--) {
      if (listed.contains(new Ip4Network(address & Ip4Network.mask(shorter), shorter))) {
        return true;
      }
    }
    return false;
  }

  private static boolean coveredIp6(Ip6Network network, Set<EntryValue> listed) {
    for (int shorter = network.prefixLength() - 1; shorter >= 0; shorter--) {
      Ip6Network up =
          new Ip6Network(
              network.high() & Ip6Network.highMask(shorter),
              network.low() & Ip6Network.lowMask(shorter),
              shorter);
      if (listed.contains(up)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a listed {@code *.parent} of a proper parent covers the name. */
  private static boolean coveredName(String name, Set<String> listedBelow) {
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      if (listedBelow.contains(name.substring(dot + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The test points of a format's zone, as the zone's export starts with them. */
  void testPoints(ZoneFileFormat format) throws IOException {
    switch (format) {
      case IP4SET, IP4TRIE -> ip4TestPoints();
      case IP6TRIE -> ip6TestPoints();
      case DNSET -> dnsetTestPoints();
      case IP6TSET, COMBINED -> throw new IllegalArgumentException(format + " is not exported");
    }
  }

  /**
   * One stored value as a line of the file: listed with its answer when it is on the exported list,
   * else a {@code !} exclusion.
   */
  void entry(EntryValue value, ListKind kind, int returnCode, String reason) throws IOException {
    String text = value instanceof Ip6Network ? ip6(value.canonical()) : value.canonical();
    if (kind == list) {
      out.write(text + value(returnCode, reason) + "\n");
    } else {
      out.write("!" + text + "\n");
    }
  }

  /** The IPv4 test points: listed, then the never-listed one as an exclusion. */
  private void ip4TestPoints() throws IOException {
    out.write(ZoneFileExport.returnCode(TestPoints.LISTED_IP4) + testPointValue() + "\n");
    out.write("!" + ZoneFileExport.returnCode(TestPoints.UNLISTED_IP4) + "\n");
  }

  private void ip6TestPoints() throws IOException {
    // rbldnsd answers IPv4-mapped names from its IPv4 data; these lines are for completeness.
    out.write(ip6(TestPoints.LISTED_IP6_TEXT) + testPointValue() + "\n");
    out.write("!" + ip6(TestPoints.UNLISTED_IP6_TEXT) + "\n");
  }

  private void dnsetTestPoints() throws IOException {
    out.write(TestPoints.LISTED_DOMAIN + testPointValue() + "\n");
    out.write("!" + TestPoints.UNLISTED_DOMAIN + "\n!*." + TestPoints.UNLISTED_DOMAIN + "\n");
  }

  /** {@code :127.0.0.2:text} of the listed test points. */
  private static String testPointValue() {
    return " :" + ZoneFileExport.returnCode(TestPoints.RETURN_CODE) + ":" + TestPoints.TXT;
  }

  /** A line starting with ':' sets the default value in rbldnsd: '::/1' is written '0::/1'. */
  private static String ip6(String text) {
    return text.startsWith(":") ? "0" + text : text;
  }

  private void line(String value, Ranked winner) throws IOException {
    out.write(value + value(winner) + "\n");
  }

  /** {@code :127.0.0.x:text}, with the list's default text where the entry has none. */
  private String value(Ranked winner) {
    return value(winner.entry().returnCode(), winner.entry().reason());
  }

  private String value(int returnCode, String reason) {
    return " :"
        + ZoneFileExport.returnCode(returnCode)
        + ":"
        + (reason == null ? defaultText : reason);
  }
}
