package dev.palisade.dns;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReversedName;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one DNS query into one answer: wire bytes in, wire bytes out, or {@code null} when the
 * packet deserves no answer. Answers from the snapshot the supplier returns when the query arrives;
 * never touches the network or a database and never throws.
 *
 * <p>Thread-safe and lock-free: the handler holds only immutable settings, and each query reads the
 * current snapshot once, so it sees one consistent index even while a new one is published.
 *
 * <p>Two paths give the same answers. {@link FastPath} parses the common query straight from the
 * bytes and writes precomputed answer bytes into a reused buffer, without a dnsjava {@link Message}
 * (which costs about a quarter of the throughput and kilobytes of garbage per query); everything it
 * declines goes through dnsjava here, where the decisions live in {@link #resolve}. The dnsjava
 * path is the fast path's test oracle ({@code FastPathDifferentialTest}).
 */
final class QueryHandler {

  /** The transport a query came over, which decides how large the answer may be. */
  enum Transport {
    UDP,
    TCP
  }

  /** What a UDP answer may always use (RFC 1035 §4.2.1; RFC 6891 §6.2.5 floor). */
  static final int MIN_UDP_PAYLOAD = 512;

  /**
   * The largest UDP answer we send whatever the client offers: 1232 bytes avoids IP fragmentation
   * on any path with an MTU of 1280 (the DNS Flag Day 2020 value). Also what our OPT advertises.
   */
  static final int MAX_UDP_PAYLOAD = 1232;

  /** The largest DNS message over TCP (RFC 1035 §4.2.2: two-byte length prefix). */
  static final int MAX_TCP_MESSAGE = 65535;

  private final RateLimitedWarning warning =
      new RateLimitedWarning(LoggerFactory.getLogger(QueryHandler.class));

  private final DnsSettings settings;
  private final ZoneRecords zones;
  private final Supplier<IndexSnapshot> snapshots;
  private final Name base;
  private final AnswerRecords answers;
  private final QueryAccess access;

  /**
   * @param settings the base zone, TTLs and default TXT texts
   * @param snapshots the current index snapshot, read once per query (e.g. {@code
   *     liveIndex::snapshot}); it must be cheap and must not block
   */
  QueryHandler(DnsSettings settings, Supplier<IndexSnapshot> snapshots) {
    this.settings = settings;
    this.zones = new ZoneRecords(settings);
    this.snapshots = snapshots;
    this.base = zones.base();
    this.answers = new AnswerRecords(settings);
    this.access = new QueryAccess(settings);
  }

  /**
   * A fast path for one receiving thread, reading the same snapshots as this handler. Not
   * thread-safe; each thread needs its own.
   */
  FastPath newFastPath() {
    return new FastPath(settings, zones, snapshots, access);
  }

  /**
   * Answers one query into {@code out}: through the fast path when it takes the query, otherwise
   * through {@link #answer(byte[], int, Transport, QuerySource)}. Same contract as that method, but
   * returns the answer's length, or -1 to stay silent.
   *
   * @param client where the query came from; the thread's own, set for this query
   * @param fast the calling thread's own fast path
   * @param out receives the answer; at least {@link #MAX_TCP_MESSAGE} bytes
   */
  int answer(
      byte[] packet,
      int length,
      Transport transport,
      QuerySource client,
      FastPath fast,
      byte[] out) {
    int written = fast.answer(packet, length, transport, client, out);
    if (written != FastPath.DECLINED) {
      return written;
    }
    byte[] answer = answer(packet, length, transport, client);
    if (answer == null) {
      return -1;
    }
    System.arraycopy(answer, 0, out, 0, answer.length);
    return answer.length;
  }

  /**
   * Answers one query asked in-process (the lookup tool), which no query ACL applies to; otherwise
   * as {@link #answer(byte[], int, Transport, QuerySource)}.
   */
  byte[] answer(byte[] packet, int length, Transport transport) {
    return answer(packet, length, transport, null);
  }

  /**
   * Answers one query through dnsjava, the general path.
   *
   * @param packet the query as received; only the first {@code length} bytes are read
   * @param length how many bytes of {@code packet} are the query
   * @param transport UDP answers are limited to 512 bytes, or the client's EDNS payload size up to
   *     {@link #MAX_UDP_PAYLOAD}, and truncated with TC beyond that; TCP answers to 65535
   * @param client where the query came from, checked against the zone's query ACL ({@link
   *     QueryAccess}); null when asked in-process
   * @return the answer, or null to stay silent: for packets too short to hold a header and for
   *     responses (answering a response could start a loop between two servers)
   */
  byte[] answer(byte[] packet, int length, Transport transport, QuerySource client) {
    if (length < Header.LENGTH) {
      return null; // not even an ID to answer to
    }
    if ((packet[2] & 0x80) != 0) {
      return null; // QR=1: a response, not a query
    }
    Message query;
    try {
      query = new Message(length == packet.length ? packet : Arrays.copyOf(packet, length));
    } catch (Exception e) {
      // Unreadable past the header: answer from the header alone (RFC 1035 §4.1.1).
      int opcode = (packet[2] >>> 3) & 0xf;
      return headerOnly(packet, opcode == Opcode.QUERY ? Rcode.FORMERR : Rcode.NOTIMP);
    }
    try {
      Message response = respond(query, client);
      return render(response, sizeLimit(query, transport));
    } catch (RuntimeException e) {
      // Last resort; respond() already turns index failures into a full SERVFAIL answer.
      warning.warn("answering a query failed", e);
      return headerOnly(packet, Rcode.SERVFAIL);
    }
  }

  /** Decides the response to a decoded query. */
  private Message respond(Message query, QuerySource client) {
    Header header = query.getHeader();
    Message response = new Message(header.getID());
    Header out = response.getHeader();
    out.setFlag(Flags.QR);
    out.setOpcode(header.getOpcode());
    // RFC 1035 §4.1.1: RD is copied; RA stays clear, we never recurse. RFC 4035 §3.1.6: CD too.
    copyFlag(header, out, Flags.RD);
    copyFlag(header, out, Flags.CD);

    List<Record> questions = query.getSection(Section.QUESTION);
    if (questions.size() == 1) {
      response.addRecord(questions.get(0), Section.QUESTION);
    }
    List<Record> additional = query.getSection(Section.ADDITIONAL);
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      // RFC 6891 §6.1.1: the OPT RR is owned by the root; RFC 6891 §7: more than one is FORMERR.
      long opts = additional.stream().filter(r -> r.getType() == Type.OPT).count();
      if (opts > 1 || !opt.getName().equals(Name.root)) {
        return formerr(response);
      }
    }
    if (header.getOpcode() != Opcode.QUERY) {
      return withEdns(notimp(response), opt, Rcode.NOERROR);
    }
    if (questions.size() != 1 || header.getCount(Section.QUESTION) != 1) {
      return withEdns(formerr(response), opt, Rcode.NOERROR);
    }
    if (opt != null && opt.getVersion() != 0) {
      // RFC 6891 §6.1.3: answer nothing but BADVERS, with the highest version we speak (0).
      return withEdns(response, opt, Rcode.BADVERS);
    }
    try {
      IndexSnapshot snapshot = snapshots.get();
      if (snapshot == null) {
        servfail(response); // the index is not loaded yet
      } else {
        resolve(questions.get(0), snapshot, response, client);
      }
    } catch (RuntimeException e) {
      // A fault of the index or of ours: the client should try another server.
      warning.warn("answering " + questions.get(0) + " failed", e);
      servfail(response);
    }
    return withEdns(response, opt, Rcode.NOERROR);
  }

  /**
   * Fills {@code response} with the answer to one question: rcode, AA, ANSWER and AUTHORITY. The
   * response already carries the ID, flags and question. A client the zone's query ACL does not
   * allow is refused every name of the zone.
   */
  void resolve(Record question, IndexSnapshot snapshot, Message response, QuerySource client) {
    Name qname = question.getName();
    int qtype = question.getType();
    // Only class IN is served; other classes (CH "version.bind" and the like) are refused.
    if (question.getDClass() != DClass.IN || !qname.subdomain(base)) {
      refused(response);
      return;
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      // The server hands transfer requests to its TransferResponder; what reaches this point is
      // AXFR over UDP (RFC 5936 §4.2), or transfers with no responder. REFUSED, not NOTIMP: the
      // opcode is implemented, the transfer is declined.
      refused(response);
      return;
    }
    int below = qname.labels() - base.labels(); // labels in front of the base zone
    if (below == 0) {
      apex(response, base, snapshot.baseSerial(), qtype);
      return;
    }
    ListZone kind = ListZone.ofWireLabel(qname.getLabel(below - 1), 0);
    if (kind == null) {
      if (zones.isNameServer(qname)) {
        // A name server inside the base zone exists, but we hold no address for it: its glue
        // lives in the parent zone.
        nodata(response, zones.soa(base, snapshot.baseSerial(), true));
      } else {
        nxdomain(response, zones.soa(base, snapshot.baseSerial(), true));
      }
      return;
    }
    if (below == 1) {
      // bl.<base> and friends only hold the scope zones: empty non-terminals (RFC 8020).
      nodata(response, zones.soa(base, snapshot.baseSerial(), true));
      return;
    }
    StringBuilder scope = new StringBuilder(32);
    ZoneView zone =
        Labels.appendHostLabel(qname.getLabel(below - 2), 0, scope)
            ? snapshot.zone(scope.toString())
            : null;
    if (zone == null) {
      nxdomain(response, zones.soa(base, snapshot.baseSerial(), true));
      return;
    }
    if (!access.allows(zone, client)) {
      refused(response); // RFC 1035 §4.1.1: refused "for policy reasons"
      return;
    }
    Name zoneName = new Name(qname, below - 2).canonicalize();
    if (below == 2) {
      if (qtype == Type.DS) {
        // DS belongs to the parent side of the delegation point (RFC 4035 §3.1.4.1), which is
        // the base zone; it holds none, as nothing is signed.
        nodata(response, zones.soa(base, snapshot.baseSerial(), true));
      } else {
        apex(response, zoneName, zone.serial(), qtype);
      }
      return;
    }
    Zone target = new Zone(zoneName, zone, kind);
    if (kind.addresses()) {
      address(response, question, target, reversed(qname, below - 2));
    } else {
      domain(response, question, target, below - 2);
    }
  }

  /** One scope's zone of one kind, as one query sees it. */
  private record Zone(Name name, ZoneView view, ListZone kind) {

    boolean lists(Verdict verdict) {
      return verdict != null && verdict.kind() == kind.lists();
    }
  }

  /** The address the first {@code count} labels of the name spell. */
  private static ReversedName reversed(Name qname, int count) {
    byte[] wire = qname.toWire();
    int length = 0;
    for (int i = 0; i < count; i++) {
      length += 1 + (wire[length] & 0xff);
    }
    ReversedName address = new ReversedName();
    address.read(wire, 0, length);
    return address;
  }

  /** A name in a bl/wl zone. */
  private void address(Message response, Record question, Zone zone, ReversedName address) {
    switch (address.form()) {
      case IP4 -> {
        int ip = address.ip4();
        String text = new EntryValue.Ip4Network(ip, 32).canonical();
        if (TestPoints.isListedIp4(ip)) {
          testPoint(response, question, zone, text);
          return;
        }
        Verdict verdict = TestPoints.isUnlistedIp4(ip) ? null : zone.view().ip4(ip);
        if (zone.lists(verdict)) {
          listed(response, question, zone, verdict, text);
        } else if (address.alsoNibblePrefix()) {
          // Four single-digit labels also start IPv6 nibble names (1.0.0.2.<zone> is both
          // 2.0.0.1 and the start of 2001::/16), so the name has descendants: NXDOMAIN here would
          // deny all of them to resolvers following RFC 8020.
          nodata(response, negativeSoa(zone));
        } else {
          nxdomain(response, negativeSoa(zone));
        }
      }
      case IP6 -> {
        long high = address.high();
        long low = address.low();
        String text = new EntryValue.Ip6Network(high, low, 128).canonical();
        if (TestPoints.isListedIp6(high, low)) {
          testPoint(response, question, zone, text);
          return;
        }
        Verdict verdict = TestPoints.isUnlistedIp6(high, low) ? null : zone.view().ip6(high, low);
        if (zone.lists(verdict)) {
          listed(response, question, zone, verdict, text);
        } else {
          nxdomain(response, negativeSoa(zone));
        }
      }
      // A partial reversed address is an empty non-terminal: NODATA, not NXDOMAIN (RFC 8020 §2),
      // or resolvers minimising query names (RFC 9156) would stop there.
      case PARTIAL -> nodata(response, negativeSoa(zone));
      case MALFORMED -> nxdomain(response, negativeSoa(zone));
    }
  }

  /** A name in a dbl/dwl zone: the labels in front of the zone, as a lower-case domain name. */
  private void domain(Message response, Record question, Zone zone, int labels) {
    Name qname = question.getName();
    StringBuilder text = new StringBuilder(qname.length());
    for (int i = 0; i < labels; i++) {
      if (i > 0) {
        text.append('.');
      }
      if (!Labels.appendHostLabel(qname.getLabel(i), 0, text)) {
        // No entry can match a name with a dot or other odd byte in a label, nor any name below.
        nxdomain(response, negativeSoa(zone));
        return;
      }
    }
    String name = text.toString();
    // RFC 5782 §5: "test" is always listed, "invalid" never (and nothing below it is).
    if (TestPoints.isListedDomain(name)) {
      testPoint(response, question, zone, name);
      return;
    }
    if (TestPoints.isUnlistedDomain(name)) {
      nxdomain(response, negativeSoa(zone));
      return;
    }
    Verdict verdict = zone.view().domain(name);
    if (zone.lists(verdict)) {
      // $ stands for the matched domain: example.com for a.example.com listed by .example.com
      // (DESIGN §3; rbldnsd does the same).
      listed(response, question, zone, verdict, matchedName(verdict, name));
    } else if (zone.view().hasDomainsBelow(name)) {
      nodata(response, negativeSoa(zone)); // an empty non-terminal (RFC 8020 §2)
    } else {
      nxdomain(response, negativeSoa(zone));
    }
  }

  private SOARecord negativeSoa(Zone zone) {
    return zones.soa(zone.name(), zone.view().serial(), true);
  }

  // ---- Outcomes. Each sets the rcode and flags and fills ANSWER and AUTHORITY. ----

  /**
   * A listed name: A = the entry's return code, TXT = its reason (or the list's default text) with
   * {@code $} = the queried address or the matched domain. ANY answers both; other types get
   * NODATA, since the name exists (RFC 2308 §2.2).
   */
  private void listed(
      Message response, Record question, Zone zone, Verdict verdict, String subject) {
    String template = answers.template(verdict.kind(), verdict.reason());
    answerAddressAndText(response, question, zone, verdict.returnCode(), template, subject);
  }

  /** An RFC 5782 test point: listed with 127.0.0.2 whatever the data. */
  private static String matchedName(Verdict verdict, String name) {
    return verdict.matched() instanceof EntryValue.DomainPattern pattern ? pattern.name() : name;
  }

  private void testPoint(Message response, Record question, Zone zone, String subject) {
    answerAddressAndText(response, question, zone, TestPoints.RETURN_CODE, TestPoints.TXT, subject);
  }

  private void answerAddressAndText(
      Message response,
      Record question,
      Zone zone,
      int returnCode,
      String template,
      String subject) {
    int qtype = question.getType();
    boolean a = qtype == Type.A || qtype == Type.ANY;
    boolean txt = qtype == Type.TXT || qtype == Type.ANY;
    if (!a && !txt) {
      nodata(response, negativeSoa(zone));
      return;
    }
    // Owner = the question's name as sent, so 0x20 case randomisation round-trips.
    Name owner = question.getName();
    if (a) {
      response.addRecord(answers.a(owner, returnCode), Section.ANSWER);
    }
    if (txt) {
      response.addRecord(answers.txt(owner, template, subject), Section.ANSWER);
    }
    authoritative(response, Rcode.NOERROR);
  }

  /** The apex of a served zone: SOA and NS; ANY answers both; other types NODATA. */
  private void apex(Message response, Name zone, long serial, int qtype) {
    switch (qtype) {
      case Type.SOA -> response.addRecord(zones.soa(zone, serial, false), Section.ANSWER);
      case Type.NS -> zones.ns(zone).forEach(ns -> response.addRecord(ns, Section.ANSWER));
      case Type.ANY -> {
        response.addRecord(zones.soa(zone, serial, false), Section.ANSWER);
        zones.ns(zone).forEach(ns -> response.addRecord(ns, Section.ANSWER));
      }
      default -> {
        nodata(response, zones.soa(zone, serial, true));
        return;
      }
    }
    authoritative(response, Rcode.NOERROR);
  }

  /**
   * The name does not exist: NXDOMAIN, AA, the zone's SOA in AUTHORITY so resolvers can cache the
   * denial (RFC 2308 §3).
   */
  private void nxdomain(Message response, SOARecord soa) {
    response.addRecord(soa, Section.AUTHORITY);
    authoritative(response, Rcode.NXDOMAIN);
  }

  /**
   * The name exists but has no record of the asked type: NOERROR, empty ANSWER, AA, the zone's SOA
   * in AUTHORITY (RFC 2308 §2.2, type 2 NODATA).
   */
  private void nodata(Message response, SOARecord soa) {
    response.addRecord(soa, Section.AUTHORITY);
    authoritative(response, Rcode.NOERROR);
  }

  /**
   * Outside the served zones, or a client the zone's ACL does not allow: REFUSED, no AA; we never
   * recurse or forward (RFC 8906 §3.1.4).
   */
  private static void refused(Message response) {
    response.getHeader().setRcode(Rcode.REFUSED);
  }

  /** We cannot answer now: SERVFAIL, no AA, nothing but the question (RFC 1035 §4.1.1). */
  private static void servfail(Message response) {
    response.removeAllRecords(Section.ANSWER);
    response.removeAllRecords(Section.AUTHORITY);
    response.getHeader().unsetFlag(Flags.AA);
    response.getHeader().setRcode(Rcode.SERVFAIL);
  }

  private static Message formerr(Message response) {
    response.getHeader().setRcode(Rcode.FORMERR);
    return response;
  }

  private static Message notimp(Message response) {
    response.getHeader().setRcode(Rcode.NOTIMP);
    return response;
  }

  private static void authoritative(Message response, int rcode) {
    response.getHeader().setFlag(Flags.AA);
    response.getHeader().setRcode(rcode);
  }

  /**
   * Adds our OPT record when the query had one (RFC 6891 §7). {@code extendedRcode} is a full
   * 12-bit rcode whose upper eight bits go into the OPT, e.g. BADVERS (16).
   */
  private static Message withEdns(Message response, OPTRecord queryOpt, int extendedRcode) {
    if (queryOpt == null) {
      return response;
    }
    if (extendedRcode > 0xf) {
      response.getHeader().setRcode(extendedRcode & 0xf);
    }
    // RFC 3225 §3: the DO bit is copied into the response; we sign nothing, so it changes nothing.
    int flags = queryOpt.getFlags() & ExtendedFlags.DO;
    response.addRecord(
        new OPTRecord(MAX_UDP_PAYLOAD, extendedRcode >>> 4, 0, flags), Section.ADDITIONAL);
    return response;
  }

  /** How many bytes the answer to this query may have on this transport. */
  private static int sizeLimit(Message query, Transport transport) {
    if (transport == Transport.TCP) {
      return MAX_TCP_MESSAGE;
    }
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return MIN_UDP_PAYLOAD;
    }
    // RFC 6891 §6.2.5: a payload size below 512 is treated as 512.
    return Math.max(MIN_UDP_PAYLOAD, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
  }

  /**
   * Encodes the response. When it does not fit, every ANSWER, AUTHORITY and ADDITIONAL record
   * except OPT is dropped and TC set: RFC 2181 §9 says a resolver must not cache a partial RRset,
   * and an empty truncated answer sends it straight to TCP (RFC 7766 §5) instead of keeping half.
   */
  private static byte[] render(Message response, int limit) {
    byte[] wire = response.toWire();
    if (wire.length <= limit) {
      return wire;
    }
    OPTRecord opt = response.getOPT();
    response.removeAllRecords(Section.ANSWER);
    response.removeAllRecords(Section.AUTHORITY);
    response.removeAllRecords(Section.ADDITIONAL);
    if (opt != null) {
      response.addRecord(opt, Section.ADDITIONAL);
    }
    response.getHeader().setFlag(Flags.TC);
    return response.toWire();
  }

  /**
   * A 12-byte answer built from the query's header alone: same ID and opcode, RD copied, QR set,
   * every count zero.
   */
  private static byte[] headerOnly(byte[] packet, int rcode) {
    byte[] out = new byte[Header.LENGTH];
    out[0] = packet[0];
    out[1] = packet[1];
    out[2] = (byte) (0x80 | (packet[2] & 0x79)); // QR, opcode and RD kept; AA and TC clear
    out[3] = (byte) (rcode & 0xf);
    return out;
  }

  private static void copyFlag(Header from, Header to, int flag) {
    if (from.getFlag(flag)) {
      to.setFlag(flag);
    }
  }
}
