package dev.palisade.dns;

import static dev.palisade.dns.Wire.MAX_LABELS;
import static dev.palisade.dns.Wire.POINTER_LIMIT;

import dev.palisade.dnsbl.AsciiLabels;

/**
 * Writes names into an answer compressed the way dnsjava's {@code Name.toWire} with a {@code
 * Compression} does, so the fast path's answers equal the general path's byte for byte: the longest
 * suffix already written becomes a pointer, the labels before it are written out, and each becomes
 * a target itself (RFC 1035 §4.1.4). Compares labels ignoring ASCII case, as dnsjava does.
 *
 * <p>Remembers the targets of one answer until {@link #reset}; reused for every answer of one
 * thread: not thread-safe, allocation-free.
 */
final class NameCompressor {

  /** Room for the question's labels and two names written after it: every label a target. */
  private final int[] written = new int[3 * MAX_LABELS];

  private int count;

  /** Forgets every target, for a new answer. */
  void reset() {
    count = 0;
  }

  /**
   * Makes the name (or the suffix of one) starting at {@code at} in the answer a target, as a name
   * written before the compressed ones is (the question's). Offsets a pointer cannot reach are
   * skipped.
   */
  void target(int at) {
    if (at < POINTER_LIMIT) {
      written[count++] = at;
    }
  }

  /** Makes each of {@code count} names starting at {@code starts[i]} a target, in order. */
  void targets(int[] starts, int count) {
    for (int i = 0; i < count; i++) {
      target(starts[i]);
    }
  }

  /** Writes {@code name} at {@code out[end]}, compressed; returns where it ends. */
  int write(byte[] out, int end, WireName name) {
    int labels = name.labels();
    for (int i = 0; i < labels; i++) {
      int target = find(out, name, i);
      if (target >= 0) {
        Wire.putPointer(out, end, target);
        return end + 2;
      }
      target(end);
      int at = name.labelAt[i];
      int len = name.wire[at] & 0xff;
      System.arraycopy(name.wire, at, out, end, len + 1);
      end += len + 1;
    }
    out[end] = 0;
    return end + 1;
  }

  /** Where a name equal to labels {@code from..} of {@code name} was written, or -1. */
  private int find(byte[] out, WireName name, int from) {
    for (int k = 0; k < count; k++) {
      if (sameSuffix(out, written[k], name, from)) {
        return written[k];
      }
    }
    return -1;
  }

  /** Whether the name written at {@code at} (maybe via pointers) equals the suffix. */
  private static boolean sameSuffix(byte[] out, int at, WireName name, int from) {
    int i = from;
    while (true) {
      int len = out[at] & 0xff;
      if ((len & 0xc0) == 0xc0) {
        at = ((len & 0x3f) << 8) | (out[at + 1] & 0xff);
        continue;
      }
      if (i == name.labels()) {
        return len == 0;
      }
      int other = name.labelAt[i];
      if (len == 0 || len != (name.wire[other] & 0xff)) {
        return false;
      }
      for (int j = 1; j <= len; j++) {
        if (AsciiLabels.lower(out[at + j]) != AsciiLabels.lower(name.wire[other + j])) {
          return false;
        }
      }
      at += len + 1;
      i++;
    }
  }
}
