package dev.palisade.dnsbl;

import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of IPv4 and IPv6 networks that client addresses are checked against: the networks allowed
 * to query a zone (a query ACL, in the manner of NSD's {@code allow-query} and rbldnsd's {@code
 * acl} dataset). Networks are read by {@link EntryValue#parse}, so they are written as entries are
 * ({@code 192.0.2.0/24}, {@code 2001:db8::/48}, a single address), host bits clear.
 *
 * <p>IPv4-mapped IPv6 networks ({@code ::ffff:192.0.2.1}) are refused: a client reaching a
 * dual-stack socket over IPv4 is checked by its IPv4 address, so they could never match.
 *
 * <p>Immutable and thread-safe. The {@code contains} methods allocate nothing and scan the networks
 * of the address's family, which is cheap for the few networks an ACL holds (at most {@link
 * #MAX_NETWORKS}).
 */
public final class Networks {

  /** The most networks one set holds; more is a mistake or a job for a firewall. */
  public static final int MAX_NETWORKS = 100;

  private static final long MAPPED_HIGH = 0;
  private static final long MAPPED_LOW_PREFIX = 0x0000_ffffL;

  private final List<String> canonical;
  private final int[] ip4;
  private final int[] ip4Masks;
  private final long[] ip6High;
  private final long[] ip6Low;
  private final long[] ip6HighMasks;
  private final long[] ip6LowMasks;

  private Networks(List<EntryValue> networks) {
    List<String> texts = new ArrayList<>(networks.size());
    List<Ip4Network> v4 = new ArrayList<>();
    List<Ip6Network> v6 = new ArrayList<>();
    for (EntryValue network : networks) {
      texts.add(network.canonical());
      if (network instanceof Ip4Network n) {
        v4.add(n);
      } else {
        v6.add((Ip6Network) network);
      }
    }
    this.canonical = List.copyOf(texts);
    this.ip4 = new int[v4.size()];
    this.ip4Masks = new int[v4.size()];
    for (int i = 0; i < ip4.length; i++) {
      ip4[i] = v4.get(i).address();
      ip4Masks[i] = Ip4Network.mask(v4.get(i).prefixLength());
    }
    this.ip6High = new long[v6.size()];
    this.ip6Low = new long[v6.size()];
    this.ip6HighMasks = new long[v6.size()];
    this.ip6LowMasks = new long[v6.size()];
    for (int i = 0; i < ip6High.length; i++) {
      Ip6Network n = v6.get(i);
      ip6High[i] = n.high();
      ip6Low[i] = n.low();
      ip6HighMasks[i] = Ip6Network.highMask(n.prefixLength());
      ip6LowMasks[i] = Ip6Network.lowMask(n.prefixLength());
    }
  }

  /**
   * Reads networks, each as {@link EntryValue#parse} reads an address or network; duplicates are
   * dropped, the order is kept. Throws {@link InvalidEntryException} naming the first value that is
   * not a network (a domain, a mapped address, bad syntax), an empty list, or more than {@link
   * #MAX_NETWORKS} values.
   */
  public static Networks parse(Collection<String> texts) {
    if (texts == null || texts.isEmpty()) {
      throw new InvalidEntryException("name at least one network");
    }
    if (texts.size() > MAX_NETWORKS) {
      throw new InvalidEntryException(
          texts.size() + " networks are more than the " + MAX_NETWORKS + " allowed");
    }
    Set<EntryValue> networks = new LinkedHashSet<>();
    for (String text : texts) {
      EntryValue value = EntryValue.parse(text);
      if (value instanceof EntryValue.DomainPattern) {
        throw new InvalidEntryException(
            "'" + text.strip() + "' is not an IPv4 or IPv6 address or network");
      }
      if (value instanceof Ip6Network n && isMapped(n)) {
        throw new InvalidEntryException(
            "'" + text.strip() + "' is an IPv4-mapped IPv6 address; write the IPv4 network");
      }
      networks.add(value);
    }
    return new Networks(List.copyOf(networks));
  }

  /**
   * Reads networks separated by commas, spaces or line breaks, as a form field or a setting holds
   * them; see {@link #parse(Collection)}.
   */
  public static Networks parse(String text) {
    return parse(split(text));
  }

  /** The non-empty items of a comma-, space- or line-separated text; empty for null. */
  public static List<String> split(String text) {
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }

  /** Whether one of the IPv4 networks contains the address. */
  public boolean contains(int address) {
    int[] networks = ip4;
    int[] masks = ip4Masks;
    for (int i = 0; i < networks.length; i++) {
      if ((address & masks[i]) == networks[i]) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of the IPv6 networks contains the address, given as two 64-bit halves. */
  public boolean contains(long high, long low) {
    for (int i = 0; i < ip6High.length; i++) {
      if ((high & ip6HighMasks[i]) == ip6High[i] && (low & ip6LowMasks[i]) == ip6Low[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first of these networks that shares an address with {@code value} (one holds the other), in
   * canonical form; null when none does or the value is a domain.
   */
  public String overlapping(EntryValue value) {
    if (value instanceof Ip4Network n) {
      int mask = Ip4Network.mask(n.prefixLength());
      for (int i = 0; i < ip4.length; i++) {
        int both = mask & ip4Masks[i];
        if ((n.address() & both) == (ip4[i] & both)) {
          return canonical.get(ip4Index(i));
        }
      }
    } else if (value instanceof Ip6Network n) {
      long high = Ip6Network.highMask(n.prefixLength());
      long low = Ip6Network.lowMask(n.prefixLength());
      for (int i = 0; i < ip6High.length; i++) {
        long bothHigh = high & ip6HighMasks[i];
        long bothLow = low & ip6LowMasks[i];
        if ((n.high() & bothHigh) == (ip6High[i] & bothHigh)
            && (n.low() & bothLow) == (ip6Low[i] & bothLow)) {
          return canonical.get(ip6Index(i));
        }
      }
    }
    return null;
  }

  /** The index in {@link #canonical} of the i-th IPv4 network. */
  private int ip4Index(int i) {
    return nth(i, true);
  }

  /** The index in {@link #canonical} of the i-th IPv6 network. */
  private int ip6Index(int i) {
    return nth(i, false);
  }

  private int nth(int i, boolean v4) {
    int seen = 0;
    for (int at = 0; at < canonical.size(); at++) {
      if ((canonical.get(at).indexOf(':') < 0) == v4 && seen++ == i) {
        return at;
      }
    }
    throw new IllegalStateException("no network " + i);
  }

  /** The networks in canonical form, in the order given. */
  public List<String> canonical() {
    return canonical;
  }

  /** The networks in canonical form joined by {@code ", "}: what is stored and shown. */
  public String text() {
    return String.join(", ", canonical);
  }

  private static boolean isMapped(Ip6Network n) {
    return n.prefixLength() >= 96
        && n.high() == MAPPED_HIGH
        && (n.low() >>> 32) == MAPPED_LOW_PREFIX;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Networks n && canonical.equals(n.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
