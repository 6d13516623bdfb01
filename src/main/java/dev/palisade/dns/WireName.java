package dev.palisade.dns;

import org.xbill.DNS.Name;

/**
 * A configured name (the SOA's MNAME or RNAME) in wire form, with where each label starts, for
 * {@link NameCompressor} to write without dnsjava. Immutable.
 */
final class WireName {

  /** The name in wire form, root label included; never modify. */
  final byte[] wire;

  /** Where each label but the root starts in {@link #wire}; never modify. */
  final int[] labelAt;

  /**
   * @param name an absolute name
   */
  WireName(Name name) {
    this.wire = name.toWire();
    int labels = name.labels() - 1;
    this.labelAt = new int[labels];
    int pos = 0;
    for (int i = 0; i < labels; i++) {
      labelAt[i] = pos;
      pos += 1 + (wire[pos] & 0xff);
    }
  }

  /** The labels, the root aside. */
  int labels() {
    return labelAt.length;
  }
}
