package dev.palisade.transfer;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The values changed between two serials of a zone, for finding what the change reaches: which
 * entries meet a changed value (contain it, or lie inside it), and which of its ancestors an entry
 * keeps in the zone. Lookups cost a few hash probes. Immutable after construction and safe for any
 * number of threads.
 */
final class ChangedValues {

  private final Set<Long> ip4 = new HashSet<>();
  private final boolean[] ip4Lengths = new boolean[33];
  private final Set<Long> ip4Containing = new HashSet<>();
  private final Set<Long> ip4Ancestors = new HashSet<>();

  private final Set<Ip6Key> ip6 = new HashSet<>();
  private final boolean[] ip6Lengths = new boolean[129];
  private final Set<Ip6Key> ip6Containing = new HashSet<>();
  private final Set<Ip6Key> ip6Ancestors = new HashSet<>();
  private final boolean[] ip6AncestorDepths = new boolean[33];

  private final Set<String> names = new HashSet<>();
  private final Set<String> nameAncestors = new HashSet<>();

  ChangedValues(Collection<EntryValue> values) {
    for (EntryValue value : values) {
      if (value instanceof Ip4Network n) {
        addIp4(n.address(), n.prefixLength());
      } else if (value instanceof Ip6Network n) {
        addIp6(n.high(), n.low(), n.prefixLength());
      } else {
        addName(((DomainPattern) value).name());
      }
    }
  }

  private void addIp4(int network, int length) {
    ip4.add(AddressZoneRenderer.ip4Key(network, length));
    ip4Lengths[length] = true;
    for (int shorter = 0; shorter <= length; shorter++) {
      ip4Containing.add(AddressZoneRenderer.ip4Key(network & Ip4Network.mask(shorter), shorter));
    }
    for (int depth = 1; 8 * depth < length; depth++) {
      ip4Ancestors.add(AddressZoneRenderer.ip4Key(network & Ip4Network.mask(8 * depth), 8 * depth));
    }
  }

  private void addIp6(long high, long low, int length) {
    ip6.add(new Ip6Key(high, low, length));
    ip6Lengths[length] = true;
    for (int shorter = 0; shorter <= length; shorter++) {
      ip6Containing.add(masked(high, low, shorter));
    }
    for (int depth = AddressZoneRenderer.TOP_DEPTH + 1; 4 * depth < length; depth++) {
      ip6Ancestors.add(masked(high, low, 4 * depth));
      ip6AncestorDepths[depth] = true;
    }
  }

  private void addName(String name) {
    names.add(name);
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      nameAncestors.add(name.substring(dot + 1));
    }
  }

  private static Ip6Key masked(long high, long low, int length) {
    return new Ip6Key(high & Ip6Network.highMask(length), low & Ip6Network.lowMask(length), length);
  }

  /** Whether an IPv4 network contains a changed one, or lies inside one. */
  boolean meetsIp4(int network, int length) {
    if (ip4Containing.contains(AddressZoneRenderer.ip4Key(network, length))) {
      return true;
    }
    for (int shorter = 0; shorter <= length; shorter++) {
      if (ip4Lengths[shorter]
          && ip4.contains(
              AddressZoneRenderer.ip4Key(network & Ip4Network.mask(shorter), shorter))) {
        return true;
      }
    }
    return false;
  }

  /** Whether an IPv6 network contains a changed one, or lies inside one. */
  boolean meetsIp6(long high, long low, int length) {
    if (ip6Containing.contains(new Ip6Key(high, low, length))) {
      return true;
    }
    for (int shorter = 0; shorter <= length; shorter++) {
      if (ip6Lengths[shorter] && ip6.contains(masked(high, low, shorter))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a pattern's name is a changed name, below one, or above one. */
  boolean meetsName(String name) {
    if (nameAncestors.contains(name)) {
      return true;
    }
    for (int at = 0; at >= 0; ) {
      if (names.contains(at == 0 ? name : name.substring(at))) {
        return true;
      }
      int dot = name.indexOf('.', at);
      at = dot < 0 ? -1 : dot + 1;
    }
    return false;
  }

  /**
   * Adds to {@code extras} the ancestors of changed IPv4 networks (whole octets) that this network
   * keeps in the zone, being inside them.
   */
  void witnessIp4(int network, int length, Set<Long> extras) {
    for (int depth = 1; depth <= 3 && 8 * depth <= length; depth++) {
      long key = AddressZoneRenderer.ip4Key(network & Ip4Network.mask(8 * depth), 8 * depth);
      if (ip4Ancestors.contains(key)) {
        extras.add(key);
      }
    }
  }

  /** Like {@link #witnessIp4}, for the ancestors of changed IPv6 networks below the top nodes. */
  void witnessIp6(long high, long low, int length, Set<Ip6Key> extras) {
    for (int depth = AddressZoneRenderer.TOP_DEPTH + 1;
        depth < 32 && 4 * depth <= length;
        depth++) {
      if (ip6AncestorDepths[depth]) {
        Ip6Key key = masked(high, low, 4 * depth);
        if (ip6Ancestors.contains(key)) {
          extras.add(key);
        }
      }
    }
  }

  /** Like {@link #witnessIp4}, for the names above changed names. */
  void witnessName(String name, Set<String> extras) {
    for (int at = 0; at >= 0; ) {
      String suffix = at == 0 ? name : name.substring(at);
      if (nameAncestors.contains(suffix)) {
        extras.add(suffix);
      }
      int dot = name.indexOf('.', at);
      at = dot < 0 ? -1 : dot + 1;
    }
  }
}
