package dev.palisade.dns;

import dev.palisade.dnsbl.ListZone;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every answered query by the kind of zone it asked (bl, wl, dbl, dwl, or none of them), its
 * type, its transport, the answer's rcode and whether the answer listed the name: running totals
 * since start-up, for the metrics to read when scraped ({@code metrics.DnsMeters}). The label
 * values are a fixed, small set, whatever the number of accounts and mail servers: no zone label is
 * counted here (the statistics count those).
 *
 * <p>Per query: the rcode and the answer count from the answer's header, and one {@link
 * LongAdder#increment()} of one cell; for a query the fast path did not answer, also one walk over
 * the question name to find its zone ({@link QuestionZones}) and its type. Lock-free and
 * allocation-free; thread-safe, {@link LongAdder} spreads the receiving threads over cells of their
 * own when they contend.
 */
public final class DnsTraffic implements AnswerObserver {

  /** Values of the zone kind: the four lists by {@link ListZone#ordinal()}, then none. */
  public static final List<String> ZONE_KINDS = List.of("bl", "wl", "dbl", "dwl", "none");

  /** Values of the query type. */
  public static final List<String> TYPES = List.of("A", "AAAA", "TXT", "ANY", "other");

  /** Values of the transport. */
  public static final List<String> PROTOS = List.of("udp", "tcp");

  /** Values of the rcode: RFC 1035 §4.1.1's and RFC 2136's first six by number, then the rest. */
  public static final List<String> RCODES =
      List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "other");

  private static final int NONE_ZONE = 4;
  private static final int OTHER_TYPE = 4;
  private static final int OTHER_RCODE = 6;
  private static final int ZONES = 5;
  private static final int NTYPES = 5;
  private static final int NRCODES = 7;

  private final QuestionZones zones;

  /** One cell per zone kind × type × transport × rcode × listed. */
  private final LongAdder[] cells = new LongAdder[ZONES * NTYPES * 2 * NRCODES * 2];

  /**
   * @param baseZone the base zone every served zone hangs under
   */
  public DnsTraffic(String baseZone) {
    this.zones = new QuestionZones(baseZone);
    for (int i = 0; i < cells.length; i++) {
      cells[i] = new LongAdder();
    }
  }

  @Override
  public void observe(byte[] query, int queryLength, byte[] answer, int answerLength, boolean tcp) {
    if (answerLength < Wire.HEADER) {
      return;
    }
    int located = zones.locate(query, queryLength);
    int zone;
    int from;
    boolean belowApex;
    if (located == QuestionZones.NONE) {
      zone = NONE_ZONE;
      from = Wire.HEADER;
      belowApex = false;
    } else {
      zone = located & 3;
      from = QuestionZones.scopeAt(located);
      belowApex = QuestionZones.belowApex(located);
    }
    count(zone, typeIndex(qtype(query, queryLength, from)), tcp, answer, belowApex);
  }

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
    if (answerLength < Wire.HEADER) {
      return;
    }
    count(list.ordinal(), typeIndex(qtype), tcp, answer, true);
  }

  private void count(int zone, int type, boolean tcp, byte[] answer, boolean belowApex) {
    int rcode = rcode(answer);
    // Listed: a name below a zone's apex answered NOERROR with records (DESIGN §3).
    boolean listed = belowApex && rcode == 0 && Wire.u16(answer, 6) > 0;
    cells[cell(zone, type, tcp ? 1 : 0, Math.min(rcode, OTHER_RCODE), listed ? 1 : 0)].increment();
  }

  private static int cell(int zone, int type, int proto, int rcode, int listed) {
    return (((zone * NTYPES + type) * 2 + proto) * NRCODES + rcode) * 2 + listed;
  }

  /**
   * The question's type, reading the name's labels from {@code from} (the start of a label of the
   * question name) to its end; -1 when the question is cut short or not plain labels.
   */
  static int qtype(byte[] query, int queryLength, int from) {
    int at = from;
    while (at < queryLength) {
      int length = query[at] & 0xff;
      if (length == 0) {
        return at + 2 < queryLength ? Wire.u16(query, at + 1) : -1;
      }
      if (length > 63) {
        return -1;
      }
      at += 1 + length;
    }
    return -1;
  }

  /** The header's rcode of an answer (RFC 1035 §4.1.1, the low four bits of byte 3). */
  static int rcode(byte[] answer) {
    return answer[3] & 0x0f;
  }

  /** The index in {@link #TYPES} of a query type. */
  static int typeIndex(int qtype) {
    switch (qtype) {
      case Wire.TYPE_A:
        return 0;
      case Wire.TYPE_AAAA:
        return 1;
      case Wire.TYPE_TXT:
        return 2;
      case Wire.TYPE_ANY:
        return 3;
      default:
        return OTHER_TYPE;
    }
  }

  /** Queries asked, by zone kind, type and transport: indexes into the value lists above. */
  public long requests(int zone, int type, int proto) {
    long sum = 0;
    for (int rcode = 0; rcode < NRCODES; rcode++) {
      for (int listed = 0; listed < 2; listed++) {
        sum += cells[cell(zone, type, proto, rcode, listed)].sum();
      }
    }
    return sum;
  }

  /** Answers sent, by zone kind, rcode and whether they listed the name. */
  public long responses(int zone, int rcode, boolean listed) {
    long sum = 0;
    for (int type = 0; type < NTYPES; type++) {
      for (int proto = 0; proto < 2; proto++) {
        sum += cells[cell(zone, type, proto, rcode, listed ? 1 : 0)].sum();
      }
    }
    return sum;
  }
}
