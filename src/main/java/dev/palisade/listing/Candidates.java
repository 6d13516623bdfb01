package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical values of every entry that could match one queried address or name: each covering
 * network of an address, each pattern of a name and its parents. With them the store finds a
 * query's matching entries by exact value, using the unique index.
 */
final class Candidates {

  private Candidates() {}

  static List<String> of(EntryValue query) {
    List<String> values = new ArrayList<>();
    if (query instanceof EntryValue.Ip4Network ip) {
      for (int length = 0; length <= 32; length++) {
        int mask = EntryValue.Ip4Network.mask(length);
        values.add(new EntryValue.Ip4Network(ip.address() & mask, length).canonical());
      }
    } else if (query instanceof EntryValue.Ip6Network ip) {
      for (int length = 0; length <= 128; length++) {
        values.add(
            new EntryValue.Ip6Network(
                    ip.high() & EntryValue.Ip6Network.highMask(length),
                    ip.low() & EntryValue.Ip6Network.lowMask(length),
                    length)
                .canonical());
      }
    } else {
      String name = ((EntryValue.DomainPattern) query).name();
      values.add(name);
      values.add("." + name);
      for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
        String parent = name.substring(dot + 1);
        values.add("." + parent);
        values.add("*." + parent);
      }
    }
    return values;
  }
}
