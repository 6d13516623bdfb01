package dev.palisade.stats;

import dev.palisade.dns.AnswerObserver;
import dev.palisade.dns.QuestionZones;
import dev.palisade.dnsbl.AsciiLabels;
import dev.palisade.dnsbl.ListZone;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts DNS queries and listed answers per zone ({@code <scope>.<list>.<base>}), in memory, from
 * the wire bytes of each query and its answer, as the DNS server's {@link AnswerObserver}. Plain
 * Java; no Spring, no database.
 *
 * <p>Thread-safe and lock-free: {@link #observe} reads one immutable table through a volatile
 * reference and adds to {@link LongAdder}s, so receiving threads never contend on a lock and, once
 * a zone's adders exist, allocate nothing. {@link #scopes} builds a new table aside and swaps it in
 * (keeping the adders of labels that stay); {@link #drain} takes the counts since the last drain.
 */
public final class ZoneCounters implements AnswerObserver {

  /** The lists of a scope, counted in {@link ListZone#ordinal()} order. */
  private static final int LISTS = ListZone.values().length;

  private static final int HEADER = 12;

  /** Finds the zone of a question the fast path did not answer. */
  private final QuestionZones zones;

  private volatile Table table = new Table(List.of());

  /**
   * Listed answers waiting to be attributed to their entries, see {@link #drainHits}: those whose
   * labels in front of the zone fit in {@link #SHORT_CELL} bytes (every reversed IPv4 and IPv6
   * address, most domains) here, the longer ones in {@link #longHits}.
   */
  private final HitRing shortHits;

  private final HitRing longHits;

  /**
   * @param baseZone the base zone every served zone hangs under, e.g. {@code rbl.example.net}
   */
  public ZoneCounters(String baseZone) {
    this(baseZone, DEFAULT_HIT_RING);
  }

  /**
   * Cells of the ring of short names: 65,536 of 64 bytes, 4 MiB. Sized by rate times delay: at the
   * benchmark's 81,000 listed answers a second it holds 0.8 s of them, eight times the collector's
   * period ({@link EntryHits#collect()}, every 100 ms), so a collector held off the processor for
   * most of a second by the answering threads (it runs below them) loses nothing. One ring of
   * 256-byte cells held 16,384 names in the same memory: 0.2 s at that rate, less than one period
   * of 250 ms then.
   */
  static final int DEFAULT_HIT_RING = 1 << 16;

  /** Bytes of a short name's cell: a reversed IPv6 address (32 nibble labels) is 64. */
  static final int SHORT_CELL = 64;

  /**
   * @param baseZone the base zone every served zone hangs under
   * @param hitRing cells of the ring of short names (a power of two of at least 32); the ring of
   *     longer names has a sixteenth of them. Hits beyond them between two drains are dropped
   */
  ZoneCounters(String baseZone, int hitRing) {
    this.shortHits = new HitRing(hitRing, SHORT_CELL);
    this.longHits = new HitRing(Math.max(2, hitRing / 16));
    this.zones = new QuestionZones(baseZone);
  }

  /** Sets the zone labels to count; counts of labels that stay are kept. */
  public synchronized void scopes(Collection<String> labels) {
    table = table.rebuild(labels);
  }

  /**
   * Counts one query and its answer: a query for a name under a known scope's list counts for that
   * zone, and so does a hit — an answer with NOERROR and records in ANSWER for a name below the
   * zone's apex (a listed address or domain). A hit's name is also kept in a fixed ring for {@link
   * #drainHits}, or dropped (and counted, see {@link #droppedHits}) when the ring is full; the
   * zone's count of hits includes it either way. Malformed or foreign queries are ignored. Never
   * throws.
   *
   * @param query the query as received
   * @param queryLength its length
   * @param answer the answer sent
   * @param answerLength its length
   * @param tcp not counted apart
   */
  @Override
  public void observe(byte[] query, int queryLength, byte[] answer, int answerLength, boolean tcp) {
    if (answerLength < HEADER) {
      return;
    }
    int zone = zones.locate(query, queryLength);
    if (zone == QuestionZones.NONE) {
      return;
    }
    count(
        query,
        QuestionZones.scopeAt(zone),
        QuestionZones.list(zone),
        QuestionZones.belowApex(zone),
        answer);
  }

  /**
   * As {@link #observe}, for a query whose zone the DNS server has already found: its name has at
   * least one label in front of the scope label at {@code scopeAt}, under the base zone.
   */
  @Override
  public void observeInZone(
      byte[] query,
      int queryLength,
      int scopeAt,
      ListZone list,
      int qtype,
      byte[] answer,
      int answerLength,
      boolean tcp) {
    if (answerLength < HEADER || scopeAt <= HEADER || scopeAt >= queryLength) {
      return;
    }
    count(query, scopeAt, list, true, answer);
  }

  /**
   * Counts a query in the zone of the scope label at {@code scopeAt} and list {@code zone}, and a
   * hit when the answer lists a name below the zone's apex ({@code belowApex}).
   */
  private void count(byte[] query, int scopeAt, ListZone zone, boolean belowApex, byte[] answer) {
    int list = zone.ordinal();
    Table current = table;
    int slot = current.find(query, scopeAt);
    if (slot < 0) {
      return;
    }
    current.queries[slot * LISTS + list].increment();
    boolean noError = (answer[3] & 0x0f) == 0;
    int answers = ((answer[6] & 0xff) << 8) | (answer[7] & 0xff);
    if (noError && answers > 0 && belowApex) {
      current.hits[slot * LISTS + list].increment();
      int length = scopeAt - HEADER;
      (length <= SHORT_CELL ? shortHits : longHits)
          .offer(current.names[slot], list, query, HEADER, length, System.currentTimeMillis());
    }
  }

  /** The counts of one zone since the last drain. */
  public record Count(String label, String list, long queries, long hits) {}

  /** Takes the counts of every zone since the last drain, leaving zeros; skips idle zones. */
  public List<Count> drain() {
    Table current = table;
    List<Count> counts = new ArrayList<>();
    for (int slot = 0; slot < current.labels.length; slot++) {
      if (current.labels[slot] == null) {
        continue;
      }
      for (int list = 0; list < LISTS; list++) {
        long queries = current.queries[slot * LISTS + list].sumThenReset();
        long hits = current.hits[slot * LISTS + list].sumThenReset();
        if (queries > 0 || hits > 0) {
          counts.add(
              new Count(current.names[slot], ListZone.ofOrdinal(list).label(), queries, hits));
        }
      }
    }
    return counts;
  }

  /**
   * Hands each listed answer recorded since the last call to the sink: the zone label, the list
   * (the {@link ListZone#ordinal()} of bl, wl, dbl, dwl), the wire labels in front of the zone and
   * the time of the answer. For one reader at a time; returns how many it handed over.
   */
  public int drainHits(HitSink sink) {
    HitRing.Sink each = sink::accept;
    return shortHits.drain(each) + longHits.drain(each);
  }

  /** Listed answers not kept since the last call because a ring was full. */
  public long droppedHits() {
    return shortHits.dropped() + longHits.dropped();
  }

  /** Receives drained hits; {@code subject} is valid only during the call. */
  public interface HitSink {
    void accept(String label, int list, byte[] subject, int from, int length, long millis);
  }

  /** An open-addressing table of zone labels to their counters; immutable once built. */
  private static final class Table {
    final byte[][] labels;
    final String[] names;
    final LongAdder[] queries;
    final LongAdder[] hits;
    final int mask;

    Table(Collection<String> scopeLabels) {
      this(scopeLabels, Map.of());
    }

    private Table(Collection<String> scopeLabels, Map<String, LongAdder[]> keep) {
      int size = Integer.highestOneBit(Math.max(4, scopeLabels.size() * 2 + 1)) * 2;
      labels = new byte[size][];
      names = new String[size];
      queries = new LongAdder[size * LISTS];
      hits = new LongAdder[size * LISTS];
      mask = size - 1;
      for (String name : scopeLabels) {
        String lower = name.toLowerCase(Locale.ROOT);
        byte[] bytes = lower.getBytes(StandardCharsets.US_ASCII);
        int slot = hash(bytes, 0, bytes.length) & mask;
        while (labels[slot] != null) {
          slot = (slot + 1) & mask;
        }
        labels[slot] = bytes;
        names[slot] = lower;
        LongAdder[] old = keep.get(lower);
        for (int list = 0; list < LISTS; list++) {
          queries[slot * LISTS + list] = old == null ? new LongAdder() : old[list];
          hits[slot * LISTS + list] = old == null ? new LongAdder() : old[LISTS + list];
        }
      }
    }

    Table rebuild(Collection<String> scopeLabels) {
      Map<String, LongAdder[]> keep = new HashMap<>();
      for (int slot = 0; slot < labels.length; slot++) {
        if (labels[slot] != null) {
          LongAdder[] adders = new LongAdder[2 * LISTS];
          for (int list = 0; list < LISTS; list++) {
            adders[list] = queries[slot * LISTS + list];
            adders[LISTS + list] = hits[slot * LISTS + list];
          }
          keep.put(names[slot], adders);
        }
      }
      return new Table(scopeLabels, keep);
    }

    /** The slot of the label at {@code at} in the query (length byte first), or -1. */
    int find(byte[] q, int at) {
      int length = q[at] & 0xff;
      int slot = hashLower(q, at + 1, length) & mask;
      while (labels[slot] != null) {
        if (AsciiLabels.equalsIgnoreCase(q, at, labels[slot])) {
          return slot;
        }
        slot = (slot + 1) & mask;
      }
      return -1;
    }

    private static int hash(byte[] b, int from, int length) {
      int h = 0x811c9dc5;
      for (int i = 0; i < length; i++) {
        h = (h ^ b[from + i]) * 0x01000193;
      }
      return h ^ (h >>> 16);
    }

    private static int hashLower(byte[] b, int from, int length) {
      int h = 0x811c9dc5;
      for (int i = 0; i < length; i++) {
        h = (h ^ AsciiLabels.lower(b[from + i])) * 0x01000193;
      }
      return h ^ (h >>> 16);
    }
  }
}
