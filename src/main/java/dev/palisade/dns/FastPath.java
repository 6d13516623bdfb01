package dev.palisade.dns;

import static dev.palisade.dns.Wire.RCODE_NOERROR;
import static dev.palisade.dns.Wire.RCODE_NXDOMAIN;

import dev.palisade.dns.QueryHandler.Transport;
import dev.palisade.dnsbl.AsciiLabels;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReversedName;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.VerdictSlot;
import dev.palisade.index.ZoneView;
import java.util.Arrays;
import java.util.function.Supplier;
import org.xbill.DNS.Name;

/**
 * Answers the common query straight from its wire bytes into a caller's buffer: one question of
 * class IN naming something below {@code <scope>.<list>.<base>}, at most an EDNS0 OPT record of
 * version 0 without options, and an answer that fits the transport. Everything else (other opcodes,
 * malformed or unusual packets, zone apexes, unknown scopes, zone transfers, truncation, index
 * failures) is declined with {@link #DECLINED}, and {@link QueryHandler}'s dnsjava path answers it.
 *
 * <p>Here the decisions of {@link QueryHandler#resolve} are taken for such a name; {@link
 * QueryParser} reads the query, {@link AnswerWriter} writes the answer. The answers are
 * byte-for-byte those of the dnsjava path: same header flags, the question echoed as received,
 * records in the same order, names compressed as dnsjava does. {@code FastPathDifferentialTest}
 * holds it to that, with dnsjava as the oracle.
 *
 * <p>Allocation-free for IPv4 questions once warm; IPv6 and domain questions allocate the subject
 * text. Not thread-safe: each receiving thread owns one, made by {@link
 * QueryHandler#newFastPath()}, and with it its parser, writer and caches.
 */
final class FastPath {

  /** Returned when the query is left to the general path. */
  static final int DECLINED = -1;

  private final Supplier<IndexSnapshot> snapshots;
  private final QueryAccess access;

  /** The base zone's labels, lower-case, without the root. */
  private final byte[][] baseLabels;

  private final String blockTxt;
  private final String allowTxt;

  // ---- Per-query state, reused. ----
  private final QueryParser query = new QueryParser();
  private final AnswerWriter writer;
  private final ZoneViewCache zones = new ZoneViewCache();
  private final TemplateCache templates = new TemplateCache();
  private final ReversedName reversed = new ReversedName();
  private final VerdictSlot slot = new VerdictSlot();
  private final StringBuilder text = new StringBuilder(256);

  /** The zone the question is in, and which of the scope's lists it is. */
  private ZoneView zone;

  private ListZone list;

  /** Where the last query's scope label is, when this path answered it; -1 when it declined. */
  private int answeredScopeAt = -1;

  /** Whether the last query came over TCP, for the observer. */
  private boolean tcp;

  FastPath(
      DnsSettings settings,
      ZoneRecords zoneRecords,
      Supplier<IndexSnapshot> snapshots,
      QueryAccess access) {
    this.snapshots = snapshots;
    this.access = access;
    Name base = zoneRecords.base();
    this.baseLabels = new byte[base.labels() - 1][];
    for (int i = 0; i < baseLabels.length; i++) {
      byte[] label = base.getLabel(i);
      baseLabels[i] = Arrays.copyOfRange(label, 1, label.length);
    }
    this.writer = new AnswerWriter(settings, zoneRecords);
    this.blockTxt = settings.blockTxt();
    this.allowTxt = settings.allowTxt();
  }

  /**
   * Answers the query into {@code out} and returns the answer's length, or {@link #DECLINED} when
   * the query is not one this path answers; then nothing useful is in {@code out}. Never throws for
   * any input bytes; a failing index lookup is declined too, for the general path to report.
   *
   * @param client where the query came from, for the zone's query ACL; null when asked in-process
   */
  int answer(byte[] q, int length, Transport transport, QuerySource client, byte[] out) {
    answeredScopeAt = -1;
    tcp = transport == Transport.TCP;
    try {
      int written = tryAnswer(q, length, transport, client, out);
      if (written != DECLINED) {
        answeredScopeAt = query.labelAt[query.labels - baseLabels.length - 2];
      }
      return written;
    } catch (RuntimeException e) {
      return DECLINED;
    }
  }

  /**
   * Tells the observer about the query just answered: with the zone this path found, when it was
   * this path that answered, so the observer need not read the name again, and with the transport
   * the query came over.
   */
  void report(AnswerObserver observer, byte[] q, int length, byte[] answer, int answerLength) {
    if (answeredScopeAt >= 0) {
      observer.observeInZone(
          q, length, answeredScopeAt, list, query.qtype, answer, answerLength, tcp);
    } else {
      observer.observe(q, length, answer, answerLength, tcp);
    }
  }

  private int tryAnswer(byte[] q, int length, Transport transport, QuerySource client, byte[] out) {
    QueryParser query = this.query;
    if (!query.parse(q, length, transport, out.length)) {
      return DECLINED;
    }
    // <labels>.<scope>.<list>.<base>: at least one label in front of the scope's zone.
    int[] labelAt = query.labelAt;
    int below = query.labels - baseLabels.length;
    if (below < 3 || !endsWithBase(q, query.labels)) {
      return DECLINED;
    }
    ListZone list = ListZone.ofWireLabel(q, labelAt[below - 1]);
    if (list == null) {
      return DECLINED;
    }
    IndexSnapshot snapshot = snapshots.get();
    if (snapshot == null) {
      return DECLINED;
    }
    ZoneView zone = zones.find(snapshot, q, labelAt[below - 2]);
    if (zone == null) {
      return DECLINED;
    }
    this.zone = zone;
    this.list = list;
    int front = below - 2;
    writer.begin(q, query, front, out);
    if (!access.allows(zone, client)) {
      writer.refused();
      return writer.finish();
    }
    boolean written = list.addresses() ? address(q, front) : domain(q, front);
    return written ? writer.finish() : DECLINED;
  }

  private boolean endsWithBase(byte[] q, int labels) {
    int[] labelAt = query.labelAt;
    for (int i = 0; i < baseLabels.length; i++) {
      if (!AsciiLabels.equalsIgnoreCase(
          q, labelAt[labels - baseLabels.length + i], baseLabels[i])) {
        return false;
      }
    }
    return true;
  }

  // ---- The decisions of QueryHandler#resolve, written as they are taken; false: no room. ----

  /** A name in a bl/wl zone: the {@code front} labels spell a reversed address, or not. */
  private boolean address(byte[] q, int front) {
    // Reversed octets or nibbles: the label nearest the zone is the first octet (RFC 5782 §2.1).
    ReversedName address = reversed;
    ReversedName.Form form = address.read(q, query.labelAt, front);
    if (form == ReversedName.Form.IP4) {
      int ip4 = address.ip4();
      if (TestPoints.isListedIp4(ip4)) {
        return listed(ListKind.BLOCK, TestPoints.RETURN_CODE, TestPoints.TXT, ip4);
      }
      if (!TestPoints.isUnlistedIp4(ip4) && zone.ip4(ip4, slot) && lists()) {
        return listed(slot.kind(), slot.returnCode(), slot.reason(), ip4);
      }
      // Four single hex digits also start IPv6 nibble names: an empty non-terminal (RFC 8020).
      return negative(address.alsoNibblePrefix() ? RCODE_NOERROR : RCODE_NXDOMAIN);
    }
    if (form == ReversedName.Form.IP6) {
      long high = address.high();
      long low = address.low();
      if (TestPoints.isListedIp6(high, low)) {
        return listed(ListKind.BLOCK, TestPoints.RETURN_CODE, TestPoints.TXT, high, low);
      }
      if (!TestPoints.isUnlistedIp6(high, low) && zone.ip6(high, low, slot) && lists()) {
        return listed(slot.kind(), slot.returnCode(), slot.reason(), high, low);
      }
      return negative(RCODE_NXDOMAIN);
    }
    // A partial reversed address is an empty non-terminal (RFC 8020 §2); anything else is not.
    return negative(form == ReversedName.Form.PARTIAL ? RCODE_NOERROR : RCODE_NXDOMAIN);
  }

  /** A name in a dbl/dwl zone: the {@code front} labels as a lower-case domain name. */
  private boolean domain(byte[] q, int front) {
    int[] labelAt = query.labelAt;
    StringBuilder name = text;
    name.setLength(0);
    for (int i = 0; i < front; i++) {
      if (i > 0) {
        name.append('.');
      }
      if (!Labels.appendHostLabel(q, labelAt[i], name)) {
        return negative(RCODE_NXDOMAIN);
      }
    }
    // The name stays in the builder: looked up and answered in place, no String per query.
    // RFC 5782 §5: "test" is always listed, "invalid" never (and nothing below it is).
    if (TestPoints.isListedDomain(name)) {
      return listed(ListKind.BLOCK, TestPoints.RETURN_CODE, TestPoints.TXT, name, 0);
    }
    if (TestPoints.isUnlistedDomain(name)) {
      return negative(RCODE_NXDOMAIN);
    }
    if (zone.domain(name, slot) && lists()) {
      // $ stands for the matched domain, a suffix of the queried one (DESIGN §3, as rbldnsd).
      int matchedFrom = name.length() - slot.matchedLength();
      return listed(slot.kind(), slot.returnCode(), slot.reason(), name, matchedFrom);
    }
    if (zone.hasDomainsBelow(name)) {
      return negative(RCODE_NOERROR); // an empty non-terminal (RFC 8020 §2)
    }
    return negative(RCODE_NXDOMAIN);
  }

  /** Whether the verdict in {@link #slot} lists the name in this zone. */
  private boolean lists() {
    return slot.kind() == list.lists();
  }

  /**
   * A listed name: A = the return code, TXT = the reason (or the list's default text) with {@code
   * $} = the queried address; other types get NODATA, since the name exists (RFC 2308 §2.2).
   */
  private boolean listed(ListKind kind, int code, String reason, int ip4) {
    AnswerWriter writer = this.writer;
    if (!writer.wantsRecords()) {
      return negative(RCODE_NOERROR);
    }
    if (writer.wantsA() && !writer.addressRecord(code)) {
      return false;
    }
    if (writer.wantsTxt()
        && !writer.textRecord(templates.parts(reasonOrDefault(kind, reason)), ip4)) {
      return false;
    }
    return writer.done(RCODE_NOERROR);
  }

  private boolean listed(ListKind kind, int code, String reason, long high, long low) {
    StringBuilder subject = text;
    subject.setLength(0);
    if (writer.wantsTxt()) {
      EntryValue.Ip6Network.appendAddress(high, low, subject);
    }
    return listed(kind, code, reason, subject, 0);
  }

  private String reasonOrDefault(ListKind kind, String reason) {
    if (reason != null) {
      return reason;
    }
    return kind == ListKind.BLOCK ? blockTxt : allowTxt;
  }

  /**
   * As {@link #listed(ListKind, int, String, int)}, with {@code $} = the chars of {@code subject}
   * from {@code from} on: a domain (the matched suffix of the name asked) or an IPv6 address.
   */
  private boolean listed(ListKind kind, int code, String reason, CharSequence subject, int from) {
    AnswerWriter writer = this.writer;
    if (!writer.wantsRecords()) {
      return negative(RCODE_NOERROR);
    }
    if (writer.wantsA() && !writer.addressRecord(code)) {
      return false;
    }
    if (writer.wantsTxt()
        && !writer.textRecord(templates.parts(reasonOrDefault(kind, reason)), subject, from)) {
      return false;
    }
    return writer.done(RCODE_NOERROR);
  }

  /** NXDOMAIN or NODATA with the zone's SOA. */
  private boolean negative(int rcode) {
    return writer.negative(rcode, zone.serial());
  }
}
