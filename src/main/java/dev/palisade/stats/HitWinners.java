package dev.palisade.stats;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReversedName;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.VerdictSlot;
import dev.palisade.index.ZoneView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Resolves the distinct names of a {@link HitTable} to the entries that win them in an index
 * snapshot — the rule DNS applied — and adds the hits to those entries' tallies in a map that
 * outlives the call, where they wait to be written. Names are read straight from their wire bytes
 * and looked up through the index's allocation-free {@link VerdictSlot} lookups; only a listed
 * name's winner is built as a value, and each winner's text once.
 *
 * <p>Names that no longer resolve to an entry of the list they were answered from, RFC 5782 test
 * points (listed without an entry) and names of unknown scopes count for nothing. Not thread-safe;
 * one instance per call, the map guarded by the caller.
 */
final class HitWinners {

  /** An entry that won some names; {@code value} is the index's own form of it. */
  record Winner(long scopeId, ListKind kind, EntryValue value) {}

  private final IndexSnapshot snapshot;
  private final Map<String, ScopeInfo> scopes;
  private final VerdictSlot slot = new VerdictSlot();
  private final ReversedName reversed = new ReversedName();
  private final Map<Winner, long[]> winners;
  private final Map<Winner, Long> ids;
  private final int limit;
  private long dropped;

  /**
   * @param snapshot the index to resolve names in
   * @param scopes the scopes by label
   * @param winners the tallies to add to: hits, latest hit in epoch milliseconds, entry id (0 when
   *     not known)
   * @param ids entry ids known from earlier writes; a new tally takes its winner's id out of it
   * @param limit the most winners {@code winners} may hold; hits of further ones are dropped
   */
  HitWinners(
      IndexSnapshot snapshot,
      Map<String, ScopeInfo> scopes,
      Map<Winner, long[]> winners,
      Map<Winner, Long> ids,
      int limit) {
    this.snapshot = snapshot;
    this.scopes = scopes;
    this.winners = winners;
    this.ids = ids;
    this.limit = limit;
  }

  /** Adds the hits of every name of the table to its winner; returns the hits dropped. */
  long addAll(HitTable names) {
    for (int i = 0; i < names.size(); i++) {
      add(names, i);
    }
    return dropped;
  }

  /** The first {@code count} tallies of {@code winners}, first added first, left in place. */
  static List<Map.Entry<Winner, long[]>> oldest(Map<Winner, long[]> winners, int count) {
    List<Map.Entry<Winner, long[]>> oldest = new ArrayList<>(Math.min(count, winners.size()));
    Iterator<Map.Entry<Winner, long[]>> each = winners.entrySet().iterator();
    while (oldest.size() < count && each.hasNext()) {
      oldest.add(each.next());
    }
    return oldest;
  }

  /** Tallies as the rows {@link EntryHitStore} writes, in the same order. */
  static List<EntryHitStore.Hits> rows(List<Map.Entry<Winner, long[]>> tallies) {
    List<EntryHitStore.Hits> rows = new ArrayList<>(tallies.size());
    for (Map.Entry<Winner, long[]> tally : tallies) {
      Winner winner = tally.getKey();
      long[] counts = tally.getValue();
      rows.add(
          new EntryHitStore.Hits(
              winner.scopeId(),
              winner.kind().name(),
              winner.value().canonical(),
              counts[2],
              counts[0],
              Instant.ofEpochMilli(counts[1])));
    }
    return rows;
  }

  private void add(HitTable names, int i) {
    ScopeInfo scope = scopes.get(names.label(i));
    ZoneView zone = snapshot.zone(names.label(i));
    if (scope == null || zone == null) {
      return;
    }
    ListZone list = ListZone.ofOrdinal(names.list(i));
    EntryValue value =
        list.addresses()
            ? address(zone, names.arena(), names.start(i), names.length(i))
            : domain(zone, names.arena(), names.start(i), names.length(i));
    ListKind wanted = list.lists();
    if (value == null || slot.kind() != wanted) {
      return;
    }
    long scopeId =
        slot.serverEntry() || scope.accountScopeId() == null ? scope.id() : scope.accountScopeId();
    Winner winner = new Winner(scopeId, wanted, value);
    long[] tally = winners.get(winner);
    if (tally == null) {
      if (winners.size() >= limit) {
        dropped += names.hits(i);
        return;
      }
      tally = new long[3];
      Long id = ids.remove(winner);
      tally[2] = id == null ? 0 : id;
      winners.put(winner, tally);
    }
    tally[0] += names.hits(i);
    tally[1] = Math.max(tally[1], names.last(i));
  }

  /**
   * The winning network of a reversed address ({@code 4.3.2.1} or 32 nibbles), leaving the winner
   * in {@link #slot}; null for no winner, test points and names that are no address.
   */
  private EntryValue address(ZoneView zone, byte[] wire, int from, int length) {
    ReversedName address = reversed;
    switch (address.read(wire, from, length)) {
      case IP4 -> {
        int ip4 = address.ip4();
        if (TestPoints.isListedIp4(ip4) || !zone.ip4(ip4, slot)) {
          return null;
        }
        int prefix = slot.prefixLength();
        return new EntryValue.Ip4Network(ip4 & EntryValue.Ip4Network.mask(prefix), prefix);
      }
      case IP6 -> {
        long high = address.high();
        long low = address.low();
        if (TestPoints.isListedIp6(high, low) || !zone.ip6(high, low, slot)) {
          return null;
        }
        int prefix = slot.prefixLength();
        return new EntryValue.Ip6Network(
            high & EntryValue.Ip6Network.highMask(prefix),
            low & EntryValue.Ip6Network.lowMask(prefix),
            prefix);
      }
      default -> {
        return null;
      }
    }
  }

  /** The winning pattern of a domain name, leaving the winner in {@link #slot}; or null. */
  private EntryValue domain(ZoneView zone, byte[] wire, int from, int length) {
    String name = text(wire, from, length);
    if (TestPoints.isListedDomain(name) || !zone.domain(name, slot)) {
      return null;
    }
    return new EntryValue.DomainPattern(
        name.substring(name.length() - slot.matchedLength()), slot.domainMatch());
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
