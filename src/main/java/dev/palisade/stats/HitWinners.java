package dev.palisade.stats;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.VerdictSlot;
import dev.palisade.index.ZoneView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the distinct names of a {@link HitTable} to the entries that win them in an index
 * snapshot — the rule DNS applied — and sums the hits per entry. Names are read straight from their
 * wire bytes and looked up through the index's allocation-free {@link VerdictSlot} lookups; only a
 * listed name's winner is built as a value, and each winner's text once.
 *
 * <p>Names that no longer resolve to an entry of the list they were answered from, RFC 5782 test
 * points (listed without an entry) and names of unknown scopes count for nothing. Not thread-safe;
 * one instance per call.
 */
final class HitWinners {

  /** 127.0.0.2, the RFC 5782 IPv4 test point. */
  private static final int TEST_IP4 = 0x7f000002;

  /** The entry that won some names; {@code value} is the index's own form of it. */
  private record Winner(long scopeId, ListKind kind, EntryValue value) {}

  private final IndexSnapshot snapshot;
  private final Map<String, ScopeInfo> scopes;
  private final VerdictSlot slot = new VerdictSlot();
  private final Map<Winner, long[]> winners = new HashMap<>();

  /**
   * @param snapshot the index to resolve names in
   * @param scopes the scopes by label
   */
  HitWinners(IndexSnapshot snapshot, Map<String, ScopeInfo> scopes) {
    this.snapshot = snapshot;
    this.scopes = scopes;
  }

  /** Adds the hits of every name of the table to its winner. */
  HitWinners addAll(HitTable names) {
    for (int i = 0; i < names.size(); i++) {
      add(names, i);
    }
    return this;
  }

  /**
   * The hits per winning entry as rows of (scope id, list kind, canonical entry value, hits, latest
   * hit), the columns of {@code EntryHitStore}.
   */
  List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>(winners.size());
    winners.forEach(
        (winner, tally) ->
            rows.add(
                new Object[] {
                  winner.scopeId(),
                  winner.kind().name(),
                  winner.value().canonical(),
                  tally[0],
                  Instant.ofEpochMilli(tally[1])
                }));
    return rows;
  }

  private void add(HitTable names, int i) {
    ScopeInfo scope = scopes.get(names.label(i));
    ZoneView zone = snapshot.zone(names.label(i));
    if (scope == null || zone == null) {
      return;
    }
    int list = names.list(i);
    EntryValue value =
        list >= 2
            ? domain(zone, names.arena(), names.start(i), names.length(i))
            : address(zone, names.arena(), names.start(i), names.length(i));
    ListKind wanted = list % 2 == 0 ? ListKind.BLOCK : ListKind.ALLOW;
    if (value == null || slot.kind() != wanted) {
      return;
    }
    long scopeId =
        slot.serverEntry() || scope.accountScopeId() == null ? scope.id() : scope.accountScopeId();
    long[] tally = winners.computeIfAbsent(new Winner(scopeId, wanted, value), w -> new long[2]);
    tally[0] += names.hits(i);
    tally[1] = Math.max(tally[1], names.last(i));
  }

  /**
   * The winning network of a reversed address ({@code 4.3.2.1} or 32 nibbles), leaving the winner
   * in {@link #slot}; null for no winner, test points and names that are no address.
   */
  private EntryValue address(ZoneView zone, byte[] wire, int from, int length) {
    int labels = labels(wire, from, length);
    if (labels == 4) {
      int address = 0;
      int at = from;
      for (int i = 0; i < 4; i++) {
        int octet = octet(wire, at);
        if (octet < 0) {
          return null;
        }
        address |= octet << (8 * i); // the first label is the last octet
        at += 1 + wire[at];
      }
      if (address == TEST_IP4 || !zone.ip4(address, slot)) {
        return null;
      }
      int prefix = slot.prefixLength();
      return new EntryValue.Ip4Network(address & EntryValue.Ip4Network.mask(prefix), prefix);
    }
    if (labels == 32) {
      long high = 0;
      long low = 0;
      for (int i = 0; i < 32; i++) {
        int at = from + 2 * i;
        int nibble = wire[at] == 1 ? Character.digit(wire[at + 1], 16) : -1;
        if (nibble < 0) {
          return null;
        }
        if (i < 16) {
          low |= (long) nibble << (4 * i);
        } else {
          high |= (long) nibble << (4 * (i - 16));
        }
      }
      boolean testPoint = high == 0 && low == 0xffff7f000002L;
      if (testPoint || !zone.ip6(high, low, slot)) {
        return null;
      }
      int prefix = slot.prefixLength();
      return new EntryValue.Ip6Network(
          high & EntryValue.Ip6Network.highMask(prefix),
          low & EntryValue.Ip6Network.lowMask(prefix),
          prefix);
    }
    return null;
  }

  /** The winning pattern of a domain name, leaving the winner in {@link #slot}; or null. */
  private EntryValue domain(ZoneView zone, byte[] wire, int from, int length) {
    String name = text(wire, from, length);
    if (name.equals("test") || !zone.domain(name, slot)) {
      return null;
    }
    return new EntryValue.DomainPattern(
        name.substring(name.length() - slot.matchedLength()), slot.domainMatch());
  }

  /** The number of labels of a wire name, or -1 when a label runs past its end. */
  private static int labels(byte[] wire, int from, int length) {
    int labels = 0;
    int at = from;
    int end = from + length;
    while (at < end) {
      at += 1 + (wire[at] & 0xff);
      labels++;
    }
    return at == end ? labels : -1;
  }

  /** A decimal octet label (no leading zeros) at {@code at}, length byte first; or -1. */
  private static int octet(byte[] wire, int at) {
    int length = wire[at];
    if (length < 1 || length > 3 || (length > 1 && wire[at + 1] == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 1; i <= length; i++) {
      int c = wire[at + i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > 255 ? -1 : value;
  }

  /** The labels of a wire name, dotted (the bytes are lower-case already). */
  private static String text(byte[] wire, int from, int length) {
    char[] out = new char[Math.max(0, length - 1)];
    int n = 0;
    int at = from;
    int end = from + length;
    while (at < end) {
      int label = wire[at] & 0xff;
      if (n > 0) {
        out[n++] = '.';
      }
      for (int i = 1; i <= label && at + i < end; i++) {
        out[n++] = (char) (wire[at + i] & 0xff);
      }
      at += 1 + label;
    }
    return new String(out, 0, n);
  }
}
