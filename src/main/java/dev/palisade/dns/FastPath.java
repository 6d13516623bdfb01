package dev.palisade.dns;

import dev.palisade.dns.QueryHandler.Transport;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReversedName;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.VerdictSlot;
import dev.palisade.index.ZoneView;
import java.nio.charset.StandardCharsets;
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
 * <p>The answers are byte-for-byte those of the dnsjava path: same header flags, the question
 * echoed as received (so 0x20 case randomisation round-trips), records in the same order, and names
 * compressed the way dnsjava's {@code Compression} does it (the longest suffix already written, RFC
 * 1035 §4.1.4). {@code FastPathDifferentialTest} holds it to that, with dnsjava as the oracle.
 *
 * <p>Allocation-free for IPv4 questions once warm; IPv6 and domain questions allocate the subject
 * text. Not thread-safe: each receiving thread owns one, made by {@link
 * QueryHandler#newFastPath()}.
 */
final class FastPath {

  /** Returned when the query is left to the general path. */
  static final int DECLINED = -1;

  private static final int HEADER = 12;
  private static final int TYPE_A = 1;
  private static final int TYPE_SOA = 6;
  private static final int TYPE_TXT = 16;
  private static final int TYPE_OPT = 41;
  private static final int TYPE_IXFR = 251;
  private static final int TYPE_AXFR = 252;
  private static final int TYPE_ANY = 255;
  private static final int CLASS_IN = 1;
  private static final int RCODE_NOERROR = 0;
  private static final int RCODE_NXDOMAIN = 3;

  /** Most labels a name can have (RFC 1035 §3.1: 255 bytes, each label at least two). */
  private static final int MAX_LABELS = 128;

  private static final int ZONE_CACHE = 64;
  private static final int TEMPLATE_CACHE = 256;

  private final Supplier<IndexSnapshot> snapshots;

  /** The base zone's labels, lower-case, without the root. */
  private final byte[][] baseLabels;

  private final WireName mname;
  private final WireName rname;
  private final long ttl;
  private final long negativeTtl;
  private final long refresh;
  private final long retry;
  private final long expire;
  private final long minimum;
  private final String blockTxt;
  private final String allowTxt;

  // ---- Per-query scratch, reused. ----
  private final int[] labelAt = new int[MAX_LABELS];
  private final VerdictSlot slot = new VerdictSlot();
  private final ReversedName reversed = new ReversedName();
  private final StringBuilder text = new StringBuilder(256);
  private final Answer answer = new Answer();
  private final byte[] digits = new byte[15];

  /** Compressible names written so far: where each starts in the answer. */
  private final int[] written = new int[3 * MAX_LABELS];

  private int writtenCount;

  // ---- Zone views by scope label, for the snapshot they came from. ----
  private IndexSnapshot cachedSnapshot;
  private final byte[][] cachedLabels = new byte[ZONE_CACHE][];
  private final ZoneView[] cachedViews = new ZoneView[ZONE_CACHE];

  // ---- Reason templates split at their '$', by template identity. ----
  private final String[] templateKeys = new String[TEMPLATE_CACHE];
  private final byte[][][] templateParts = new byte[TEMPLATE_CACHE][][];

  FastPath(DnsSettings settings, ZoneRecords zones, Supplier<IndexSnapshot> snapshots) {
    this.snapshots = snapshots;
    Name base = zones.base();
    this.baseLabels = new byte[base.labels() - 1][];
    for (int i = 0; i < baseLabels.length; i++) {
      byte[] label = base.getLabel(i);
      baseLabels[i] = Arrays.copyOfRange(label, 1, label.length);
    }
    this.mname = new WireName(zones.mname());
    this.rname = new WireName(zones.rname());
    this.ttl = settings.ttl();
    this.negativeTtl = settings.soa().negativeTtl();
    this.refresh = settings.soa().refresh();
    this.retry = settings.soa().retry();
    this.expire = settings.soa().expire();
    this.minimum = settings.soa().minimum();
    this.blockTxt = settings.blockTxt();
    this.allowTxt = settings.allowTxt();
  }

  /**
   * Answers the query into {@code out} and returns the answer's length, or {@link #DECLINED} when
   * the query is not one this path answers; then nothing useful is in {@code out}. Never throws for
   * any input bytes; a failing index lookup is declined too, for the general path to report.
   */
  int answer(byte[] q, int length, Transport transport, byte[] out) {
    try {
      return tryAnswer(q, length, transport, out);
    } catch (RuntimeException e) {
      return DECLINED;
    }
  }

  private int tryAnswer(byte[] q, int length, Transport transport, byte[] out) {
    // Header: a query (QR=0), opcode QUERY, one question, nothing else but maybe one OPT.
    if (length < HEADER + 5
        || (q[2] & 0xf8) != 0
        || u16(q, 4) != 1
        || u16(q, 6) != 0
        || u16(q, 8) != 0) {
      return DECLINED;
    }
    int additional = u16(q, 10);
    if (additional > 1) {
      return DECLINED;
    }
    // QNAME: plain labels only, no compression pointers (nothing precedes it to point at).
    int pos = HEADER;
    int labels = 0;
    while (true) {
      int len = q[pos] & 0xff;
      if (len == 0) {
        pos++;
        break;
      }
      if (len > 63 || labels == MAX_LABELS || pos + 1 + len >= length) {
        return DECLINED;
      }
      labelAt[labels++] = pos;
      pos += 1 + len;
    }
    if (pos - HEADER > 255 || pos + 4 > length) {
      return DECLINED;
    }
    int qtype = u16(q, pos);
    int qclass = u16(q, pos + 2);
    int questionEnd = pos + 4;
    if (qclass != CLASS_IN || qtype == TYPE_AXFR || qtype == TYPE_IXFR) {
      return DECLINED;
    }
    boolean edns = false;
    boolean dnssecOk = false;
    int limit = transport == Transport.TCP ? QueryHandler.MAX_TCP_MESSAGE : 512;
    if (additional == 1) {
      // RFC 6891 §6.1.2: root owner, type OPT, CLASS = payload size, TTL = extended rcode,
      // version and flags. Version 0 only (others get BADVERS), no options (some carry content
      // dnsjava validates) and no extended rcode bits, which have no meaning in a query and which
      // dnsjava reads together with the flags: the general path handles the rest.
      int opt = questionEnd;
      if (opt + 11 != length
          || q[opt] != 0
          || u16(q, opt + 1) != TYPE_OPT
          || q[opt + 5] != 0
          || q[opt + 6] != 0
          || u16(q, opt + 9) != 0) {
        return DECLINED;
      }
      edns = true;
      dnssecOk = (q[opt + 7] & 0x80) != 0;
      if (transport == Transport.UDP) {
        // RFC 6891 §6.2.5: below 512 counts as 512; we never send more than MAX_UDP_PAYLOAD.
        limit =
            Math.max(
                QueryHandler.MIN_UDP_PAYLOAD,
                Math.min(u16(q, opt + 3), QueryHandler.MAX_UDP_PAYLOAD));
      }
    } else if (questionEnd != length) {
      return DECLINED;
    }
    limit = Math.min(limit, out.length);

    // <labels>.<scope>.<list>.<base>: at least one label in front of the scope's zone.
    int below = labels - baseLabels.length;
    if (below < 3 || !endsWithBase(q, labels)) {
      return DECLINED;
    }
    ListZone kind = ListZone.ofWireLabel(q, labelAt[below - 1]);
    if (kind == null) {
      return DECLINED;
    }
    IndexSnapshot snapshot = snapshots.get();
    if (snapshot == null) {
      return DECLINED;
    }
    ZoneView zone = zoneView(snapshot, q, labelAt[below - 2]);
    if (zone == null) {
      return DECLINED;
    }

    // Header and question, as the general path writes them: ID, opcode QUERY, QR, AA, RD and
    // CD copied (RFC 1035 §4.1.1, RFC 4035 §3.1.6); counts are filled in at the end.
    out[0] = q[0];
    out[1] = q[1];
    out[2] = (byte) (0x84 | (q[2] & 0x01));
    out[3] = (byte) (q[3] & 0x10);
    System.arraycopy(q, HEADER, out, HEADER, questionEnd - HEADER);
    Answer answer = this.answer;
    answer.reset(out, questionEnd, limit, labels, below - 2, zone, kind, qtype);
    if (!resolve(q, answer)) {
      return DECLINED;
    }
    int end = answer.end;
    if (edns) {
      // Our OPT (RFC 6891 §7): payload MAX_UDP_PAYLOAD, version 0, DO copied (RFC 3225 §3).
      if (end + 11 > limit) {
        return DECLINED;
      }
      out[end] = 0;
      put16(out, end + 1, TYPE_OPT);
      put16(out, end + 3, QueryHandler.MAX_UDP_PAYLOAD);
      put32(out, end + 5, dnssecOk ? 0x8000 : 0);
      put16(out, end + 9, 0);
      end += 11;
    }
    out[3] |= (byte) answer.rcode;
    put16(out, 4, 1);
    put16(out, 6, answer.answers);
    put16(out, 8, answer.authority);
    put16(out, 10, edns ? 1 : 0);
    return end;
  }

  /**
   * The decisions of {@link QueryHandler#resolve} for a name below a scope's zone, written into the
   * answer; false when it does not fit.
   */
  private boolean resolve(byte[] q, Answer a) {
    return a.kind.addresses() ? address(q, a) : domain(q, a);
  }

  private boolean address(byte[] q, Answer a) {
    // Reversed octets or nibbles: the label nearest the zone is the first octet (RFC 5782 §2.1).
    ReversedName address = reversed;
    switch (address.read(q, labelAt, a.front)) {
      case IP4 -> {
        int ip4 = address.ip4();
        if (TestPoints.isListedIp4(ip4)) {
          return listed(a, ListKind.BLOCK, TestPoints.RETURN_CODE, TestPoints.TXT, ip4);
        }
        if (!TestPoints.isUnlistedIp4(ip4) && a.zone.ip4(ip4, slot) && lists(a)) {
          return listed(a, slot.kind(), slot.returnCode(), slot.reason(), ip4);
        }
        // Four single hex digits also start IPv6 nibble names: an empty non-terminal (RFC 8020).
        return a.negative(address.alsoNibblePrefix() ? RCODE_NOERROR : RCODE_NXDOMAIN);
      }
      case IP6 -> {
        long high = address.high();
        long low = address.low();
        if (TestPoints.isListedIp6(high, low)) {
          return listed(a, ListKind.BLOCK, TestPoints.RETURN_CODE, TestPoints.TXT, high, low);
        }
        if (!TestPoints.isUnlistedIp6(high, low) && a.zone.ip6(high, low, slot) && lists(a)) {
          return listed(a, slot.kind(), slot.returnCode(), slot.reason(), high, low);
        }
        return a.negative(RCODE_NXDOMAIN);
      }
      // A partial reversed address is an empty non-terminal (RFC 8020 §2); anything else is not.
      case PARTIAL -> {
        return a.negative(RCODE_NOERROR);
      }
      default -> {
        return a.negative(RCODE_NXDOMAIN);
      }
    }
  }

  private boolean domain(byte[] q, Answer a) {
    StringBuilder name = text;
    name.setLength(0);
    for (int i = 0; i < a.front; i++) {
      if (i > 0) {
        name.append('.');
      }
      if (!Labels.appendHostLabel(q, labelAt[i], name)) {
        return a.negative(RCODE_NXDOMAIN);
      }
    }
    String domain = name.toString();
    // RFC 5782 §5: "test" is always listed, "invalid" never (and nothing below it is).
    if (TestPoints.isListedDomain(domain)) {
      return listed(a, ListKind.BLOCK, TestPoints.RETURN_CODE, TestPoints.TXT, domain);
    }
    if (TestPoints.isUnlistedDomain(domain)) {
      return a.negative(RCODE_NXDOMAIN);
    }
    if (a.zone.domain(domain, slot) && lists(a)) {
      // $ stands for the matched domain, a suffix of the queried one (DESIGN §3, as rbldnsd).
      String matched =
          a.wantsTxt() ? domain.substring(domain.length() - slot.matchedLength()) : domain;
      return listed(a, slot.kind(), slot.returnCode(), slot.reason(), matched);
    }
    if (a.zone.hasDomainsBelow(domain)) {
      return a.negative(RCODE_NOERROR); // an empty non-terminal (RFC 8020 §2)
    }
    return a.negative(RCODE_NXDOMAIN);
  }

  private boolean lists(Answer a) {
    return slot.kind() == a.kind.lists();
  }

  private boolean listed(Answer a, ListKind kind, int code, String reason, int ip4) {
    if (!a.wantsRecords()) {
      return a.negative(RCODE_NOERROR);
    }
    if (a.wantsA() && !a.addressRecord(code)) {
      return false;
    }
    if (a.wantsTxt()) {
      byte[][] parts = template(reasonOrDefault(kind, reason));
      int subject = formatIp4(ip4);
      if (!a.textRecord(parts, digits, 0, subject, null)) {
        return false;
      }
    }
    return a.done(RCODE_NOERROR);
  }

  private boolean listed(Answer a, ListKind kind, int code, String reason, long high, long low) {
    String subject = a.wantsTxt() ? new EntryValue.Ip6Network(high, low, 128).canonical() : null;
    return listed(a, kind, code, reason, subject);
  }

  private boolean listed(Answer a, ListKind kind, int code, String reason, String subject) {
    if (!a.wantsRecords()) {
      return a.negative(RCODE_NOERROR);
    }
    if (a.wantsA() && !a.addressRecord(code)) {
      return false;
    }
    if (a.wantsTxt()) {
      byte[][] parts = template(reasonOrDefault(kind, reason));
      byte[] bytes = subject.getBytes(StandardCharsets.UTF_8);
      if (!a.textRecord(parts, bytes, 0, bytes.length, subject)) {
        return false;
      }
    }
    return a.done(RCODE_NOERROR);
  }

  private String reasonOrDefault(ListKind kind, String reason) {
    if (reason != null) {
      return reason;
    }
    return kind == ListKind.BLOCK ? blockTxt : allowTxt;
  }

  /** Writes the dotted quad into {@link #digits}; returns its length. */
  private int formatIp4(int ip4) {
    int n = 0;
    for (int shift = 24; shift >= 0; shift -= 8) {
      int octet = (ip4 >>> shift) & 0xff;
      if (octet >= 100) {
        digits[n++] = (byte) ('0' + octet / 100);
      }
      if (octet >= 10) {
        digits[n++] = (byte) ('0' + octet / 10 % 10);
      }
      digits[n++] = (byte) ('0' + octet % 10);
      if (shift > 0) {
        digits[n++] = '.';
      }
    }
    return n;
  }

  /**
   * A reason template as UTF-8 pieces to join with the subject: {@code "a $ b"} is {@code ["a ", "
   * b"]}, {@code $$} a literal dollar ({@link TxtTemplate#render}). Cached by identity: the index
   * interns its reasons.
   */
  private byte[][] template(String template) {
    int slotIndex = (System.identityHashCode(template) & 0x7fffffff) % TEMPLATE_CACHE;
    if (templateKeys[slotIndex] == template) {
      return templateParts[slotIndex];
    }
    String[] texts = TxtTemplate.parts(template);
    byte[][] compiled = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      compiled[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    templateKeys[slotIndex] = template;
    templateParts[slotIndex] = compiled;
    return compiled;
  }

  // ---- Reading the question. ----

  private boolean endsWithBase(byte[] q, int labels) {
    for (int i = 0; i < baseLabels.length; i++) {
      if (!Labels.equalsIgnoreCase(q, labelAt[labels - baseLabels.length + i], baseLabels[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The scope's view for a scope label, from a small cache valid for one snapshot, so the common
   * query builds no string to find its zone.
   */
  private ZoneView zoneView(IndexSnapshot snapshot, byte[] q, int at) {
    if (snapshot != cachedSnapshot) {
      Arrays.fill(cachedLabels, null);
      Arrays.fill(cachedViews, null);
      cachedSnapshot = snapshot;
    }
    int len = q[at] & 0xff;
    int hash = 0;
    for (int i = 1; i <= len; i++) {
      hash = 31 * hash + Labels.lower(q[at + i]);
    }
    int index = (hash & 0x7fffffff) % ZONE_CACHE;
    byte[] cached = cachedLabels[index];
    if (cached != null && Labels.equalsIgnoreCase(q, at, cached)) {
      return cachedViews[index];
    }
    StringBuilder label = text;
    label.setLength(0);
    if (!Labels.appendHostLabel(q, at, label)) {
      return null;
    }
    ZoneView view = snapshot.zone(label.toString());
    if (view != null) {
      byte[] key = new byte[len];
      for (int i = 0; i < len; i++) {
        key[i] = (byte) Labels.lower(q[at + 1 + i]);
      }
      cachedLabels[index] = key;
      cachedViews[index] = view;
    }
    return view;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static void put16(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 8);
    b[at + 1] = (byte) value;
  }

  private static void put32(byte[] b, int at, long value) {
    b[at] = (byte) (value >>> 24);
    b[at + 1] = (byte) (value >>> 16);
    b[at + 2] = (byte) (value >>> 8);
    b[at + 3] = (byte) value;
  }

  /** A configured name (SOA MNAME or RNAME) in wire form, with where each label starts. */
  private static final class WireName {
    final byte[] wire;
    final int[] labelAt;

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
  }

  /**
   * The answer being written after the question, reused for every query. Owner names of A and TXT
   * records point at the question (offset 12); the SOA's names are compressed as dnsjava does.
   */
  private final class Answer {
    byte[] out;
    int limit;
    int qnameLabels;
    int front;
    ZoneView zone;
    ListZone kind;
    int qtype;
    int end;
    int rcode;
    int answers;
    int authority;

    void reset(
        byte[] out,
        int end,
        int limit,
        int qnameLabels,
        int front,
        ZoneView zone,
        ListZone kind,
        int qtype) {
      this.out = out;
      this.end = end;
      this.limit = limit;
      this.qnameLabels = qnameLabels;
      this.front = front;
      this.zone = zone;
      this.kind = kind;
      this.qtype = qtype;
      this.rcode = 0;
      this.answers = 0;
      this.authority = 0;
    }

    boolean wantsA() {
      return qtype == TYPE_A || qtype == TYPE_ANY;
    }

    boolean wantsTxt() {
      return qtype == TYPE_TXT || qtype == TYPE_ANY;
    }

    boolean wantsRecords() {
      return wantsA() || wantsTxt();
    }

    boolean done(int rcode) {
      this.rcode = rcode;
      return true;
    }

    /** Owner (pointer to the question), type, class IN, TTL; the caller writes RDLENGTH on. */
    private void recordHead(int type, long recordTtl) {
      out[end] = (byte) 0xc0;
      out[end + 1] = HEADER;
      put16(out, end + 2, type);
      put16(out, end + 4, CLASS_IN);
      put32(out, end + 6, recordTtl);
      end += 10;
    }

    boolean addressRecord(int code) {
      if (end + 16 > limit) {
        return false;
      }
      recordHead(TYPE_A, ttl);
      put16(out, end, 4);
      put32(out, end + 2, code);
      end += 6;
      answers++;
      return true;
    }

    /**
     * A TXT record of the template's pieces joined by the subject. One character-string when the
     * text fits 255 bytes; longer texts are split by {@link TxtTemplate#rdata} (allocating).
     */
    boolean textRecord(byte[][] parts, byte[] subject, int from, int to, String subjectText) {
      int subjectLength = to - from;
      int length = subjectLength * (parts.length - 1);
      for (byte[] part : parts) {
        length += part.length;
      }
      if (length > TxtTemplate.MAX_STRING) {
        String text =
            subjectText != null
                ? subjectText
                : new String(subject, from, subjectLength, StandardCharsets.US_ASCII);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            joined.append(text);
          }
          joined.append(new String(parts[i], StandardCharsets.UTF_8));
        }
        byte[] rdata = TxtTemplate.rdata(joined.toString());
        if (end + 12 + rdata.length > limit) {
          return false;
        }
        recordHead(TYPE_TXT, ttl);
        put16(out, end, rdata.length);
        System.arraycopy(rdata, 0, out, end + 2, rdata.length);
        end += 2 + rdata.length;
        answers++;
        return true;
      }
      if (end + 13 + length > limit) {
        return false;
      }
      recordHead(TYPE_TXT, ttl);
      put16(out, end, length + 1);
      out[end + 2] = (byte) length;
      int pos = end + 3;
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          System.arraycopy(subject, from, out, pos, subjectLength);
          pos += subjectLength;
        }
        System.arraycopy(parts[i], 0, out, pos, parts[i].length);
        pos += parts[i].length;
      }
      end = pos;
      answers++;
      return true;
    }

    /**
     * NXDOMAIN or NODATA: the zone's SOA in AUTHORITY with the negative TTL (RFC 2308 §3, §2.2),
     * owner = the scope's zone, a suffix of the question name.
     */
    boolean negative(int rcode) {
      // The SOA is at most 10 + 2 + two names + 20 bytes; check the worst case up front.
      if (end + 12 + mname.wire.length + rname.wire.length + 20 > limit) {
        return false;
      }
      writtenCount = 0;
      for (int i = 0; i < qnameLabels; i++) {
        written[writtenCount++] = labelAt[i];
      }
      int zoneAt = labelAt[front];
      out[end] = (byte) (0xc0 | (zoneAt >>> 8));
      out[end + 1] = (byte) zoneAt;
      put16(out, end + 2, TYPE_SOA);
      put16(out, end + 4, CLASS_IN);
      put32(out, end + 6, negativeTtl);
      int rdlength = end + 10;
      end += 12;
      writeName(mname);
      writeName(rname);
      put32(out, end, zone.serial() & 0xffffffffL);
      put32(out, end + 4, refresh);
      put32(out, end + 8, retry);
      put32(out, end + 12, expire);
      put32(out, end + 16, minimum);
      end += 20;
      put16(out, rdlength, end - rdlength - 2);
      authority = 1;
      this.rcode = rcode;
      return true;
    }

    /**
     * Writes a name the way dnsjava's {@code Name.toWire} with compression does: the longest suffix
     * already written becomes a pointer, the labels before it are written out and each becomes a
     * compression target itself (RFC 1035 §4.1.4).
     */
    private void writeName(WireName name) {
      int labels = name.labelAt.length;
      for (int i = 0; i < labels; i++) {
        int target = find(name, i);
        if (target >= 0) {
          out[end] = (byte) (0xc0 | (target >>> 8));
          out[end + 1] = (byte) target;
          end += 2;
          return;
        }
        if (end < 0x4000) {
          written[writtenCount++] = end;
        }
        int at = name.labelAt[i];
        int len = name.wire[at] & 0xff;
        System.arraycopy(name.wire, at, out, end, len + 1);
        end += len + 1;
      }
      out[end++] = 0;
    }

    /** Where a name equal to labels {@code from..} of {@code name} was written, or -1. */
    private int find(WireName name, int from) {
      for (int k = 0; k < writtenCount; k++) {
        if (sameSuffix(written[k], name, from)) {
          return written[k];
        }
      }
      return -1;
    }

    /** Whether the name written at {@code at} (maybe via pointers) equals the suffix. */
    private boolean sameSuffix(int at, WireName name, int from) {
      int i = from;
      while (true) {
        int len = out[at] & 0xff;
        if ((len & 0xc0) == 0xc0) {
          at = ((len & 0x3f) << 8) | (out[at + 1] & 0xff);
          continue;
        }
        if (i == name.labelAt.length) {
          return len == 0;
        }
        int other = name.labelAt[i];
        if (len == 0 || len != (name.wire[other] & 0xff)) {
          return false;
        }
        for (int j = 1; j <= len; j++) {
          if (Labels.lower(out[at + j]) != Labels.lower(name.wire[other + j])) {
            return false;
          }
        }
        at += len + 1;
        i++;
      }
    }
  }
}
