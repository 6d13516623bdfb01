package dev.palisade.transfer;

import java.util.Comparator;

/**
 * An IPv6 network as rendering needs it: the address as two 64-bit halves, host bits clear, and the
 * prefix length.
 */
record Ip6Key(long high, long low, int length) {

  /** By address, unsigned, then by prefix length, shortest first. */
  static final Comparator<Ip6Key> ORDER =
      Comparator.comparing(Ip6Key::high, Long::compareUnsigned)
          .thenComparing(Ip6Key::low, Long::compareUnsigned)
          .thenComparingInt(Ip6Key::length);
}
