package dev.palisade.dns;

import static dev.palisade.dns.Wire.CLASS_IN;
import static dev.palisade.dns.Wire.HEADER;
import static dev.palisade.dns.Wire.TYPE_A;
import static dev.palisade.dns.Wire.TYPE_ANY;
import static dev.palisade.dns.Wire.TYPE_OPT;
import static dev.palisade.dns.Wire.TYPE_SOA;
import static dev.palisade.dns.Wire.TYPE_TXT;
import static dev.palisade.dns.Wire.put16;
import static dev.palisade.dns.Wire.put32;

import java.nio.charset.StandardCharsets;

/**
 * Writes the fast path's answer to a query that {@link QueryParser} read, as the general path
 * writes it: the header and the question echoed as received (so 0x20 case randomisation
 * round-trips), then A and TXT records or a negative answer's SOA, our OPT record, and the counts.
 * Owner names of A and TXT records point at the question (offset 12); the SOA's names are
 * compressed by {@link NameCompressor}, as dnsjava does. Each record is refused (false) when it
 * does not fit the answer's size limit, and the fast path declines the query.
 *
 * <p>Reused for every answer of one thread: not thread-safe. Allocation-free, but for the subject
 * of a TXT record given as text and for texts longer than one character-string.
 */
final class AnswerWriter {

  private final long ttl;
  private final long negativeTtl;
  private final long refresh;
  private final long retry;
  private final long expire;
  private final long minimum;
  private final WireName mname;
  private final WireName rname;
  private final NameCompressor names = new NameCompressor();

  /** The dotted quad of a TXT record's IPv4 subject. */
  private final byte[] digits = new byte[15];

  /** The ASCII of a subject: a name's labels in front of a zone are at most 255 bytes. */
  private final byte[] subjectAscii = new byte[255];

  // ---- The answer being written. ----
  private QueryParser query;
  private byte[] out;
  private int front;
  private int end;
  private int rcode;
  private int answers;
  private int authority;

  AnswerWriter(DnsSettings settings, ZoneRecords zones) {
    this.ttl = settings.ttl();
    this.negativeTtl = settings.soa().negativeTtl();
    this.refresh = settings.soa().refresh();
    this.retry = settings.soa().retry();
    this.expire = settings.soa().expire();
    this.minimum = settings.soa().minimum();
    this.mname = new WireName(zones.mname());
    this.rname = new WireName(zones.rname());
  }

  /**
   * Starts the answer to the query in {@code q}: the header as the general path writes it (ID,
   * opcode QUERY, QR, AA, RD and CD copied: RFC 1035 §4.1.1, RFC 4035 §3.1.6) and the question.
   *
   * @param query what {@link QueryParser#parse} read of {@code q}
   * @param front the labels in front of the scope's zone: label {@code front} of the question name
   *     starts the zone, which owns a negative answer's SOA
   */
  void begin(byte[] q, QueryParser query, int front, byte[] out) {
    out[0] = q[0];
    out[1] = q[1];
    out[2] = (byte) (0x84 | (q[2] & 0x01));
    out[3] = (byte) (q[3] & 0x10);
    System.arraycopy(q, HEADER, out, HEADER, query.questionEnd - HEADER);
    this.query = query;
    this.out = out;
    this.front = front;
    this.end = query.questionEnd;
    this.rcode = 0;
    this.answers = 0;
    this.authority = 0;
  }

  /** Whether the question asks for A records (A or ANY). */
  boolean wantsA() {
    int qtype = query.qtype;
    return qtype == TYPE_A || qtype == TYPE_ANY;
  }

  /** Whether the question asks for TXT records (TXT or ANY). */
  boolean wantsTxt() {
    int qtype = query.qtype;
    return qtype == TYPE_TXT || qtype == TYPE_ANY;
  }

  /** Whether the question asks for what a listed name holds. */
  boolean wantsRecords() {
    return wantsA() || wantsTxt();
  }

  /**
   * Ends the answer as REFUSED: no records, and no AA, as the general path refuses (the client may
   * not query this zone); true.
   */
  boolean refused() {
    out[2] &= (byte) ~0x04;
    this.rcode = Wire.RCODE_REFUSED;
    return true;
  }

  /** Ends a positive answer with this rcode; true. */
  boolean done(int rcode) {
    this.rcode = rcode;
    return true;
  }

  /** An A record of the return code; false when it does not fit. */
  boolean addressRecord(int code) {
    if (end + 16 > query.limit) {
      return false;
    }
    recordHead(TYPE_A);
    put16(out, end, 4);
    put32(out, end + 2, code);
    end += 6;
    answers++;
    return true;
  }

  /** A TXT record of the template's parts joined by the dotted quad of {@code ip4}. */
  boolean textRecord(byte[][] parts, int ip4) {
    return textRecord(parts, digits, 0, formatIp4(ip4), null);
  }

  /**
   * A TXT record of the template's parts joined by the chars of {@code subject} from {@code from}
   * on: ASCII (a host name or an IPv6 address), one byte each; copied in place, so the answer needs
   * no {@code String} of it.
   */
  boolean textRecord(byte[][] parts, CharSequence subject, int from) {
    int length = subject.length() - from;
    if (length > subjectAscii.length) {
      return textRecord(parts, subject.subSequence(from, subject.length()).toString());
    }
    for (int i = 0; i < length; i++) {
      subjectAscii[i] = (byte) subject.charAt(from + i);
    }
    return textRecord(parts, subjectAscii, 0, length, null);
  }

  /** A TXT record of the template's parts joined by {@code subject}. */
  boolean textRecord(byte[][] parts, String subject) {
    byte[] bytes = subject.getBytes(StandardCharsets.UTF_8);
    return textRecord(parts, bytes, 0, bytes.length, subject);
  }

  /**
   * A TXT record of the template's pieces joined by the subject. One character-string when the text
   * fits 255 bytes; longer texts are split by {@link TxtTemplate#rdata} (allocating).
   */
  private boolean textRecord(byte[][] parts, byte[] subject, int from, int to, String subjectText) {
    int subjectLength = to - from;
    int length = subjectLength * (parts.length - 1);
    for (byte[] part : parts) {
      length += part.length;
    }
    if (length > TxtTemplate.MAX_STRING) {
      return longTextRecord(parts, subject, from, subjectLength, subjectText);
    }
    if (end + 13 + length > query.limit) {
      return false;
    }
    recordHead(TYPE_TXT);
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

  private boolean longTextRecord(
      byte[][] parts, byte[] subject, int from, int subjectLength, String subjectText) {
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
    if (end + 12 + rdata.length > query.limit) {
      return false;
    }
    recordHead(TYPE_TXT);
    put16(out, end, rdata.length);
    System.arraycopy(rdata, 0, out, end + 2, rdata.length);
    end += 2 + rdata.length;
    answers++;
    return true;
  }

  /**
   * NXDOMAIN or NODATA: the zone's SOA in AUTHORITY with the negative TTL (RFC 2308 §3, §2.2),
   * owner = the scope's zone, a suffix of the question name; false when it does not fit.
   */
  boolean negative(int rcode, long serial) {
    // The SOA is at most 10 + 2 + two names + 20 bytes; check the worst case up front.
    if (end + 12 + mname.wire.length + rname.wire.length + 20 > query.limit) {
      return false;
    }
    NameCompressor names = this.names;
    names.reset();
    names.targets(query.labelAt, query.labels);
    Wire.putPointer(out, end, query.labelAt[front]);
    put16(out, end + 2, TYPE_SOA);
    put16(out, end + 4, CLASS_IN);
    put32(out, end + 6, negativeTtl);
    int rdlength = end + 10;
    end = names.write(out, end + 12, mname);
    end = names.write(out, end, rname);
    soaNumbers(serial);
    put16(out, rdlength, end - rdlength - 2);
    authority = 1;
    this.rcode = rcode;
    return true;
  }

  /** The SOA's serial and timers, the end of its RDATA (RFC 1035 §3.3.13). */
  private void soaNumbers(long serial) {
    put32(out, end, serial & 0xffffffffL);
    put32(out, end + 4, refresh);
    put32(out, end + 8, retry);
    put32(out, end + 12, expire);
    put32(out, end + 16, minimum);
    end += 20;
  }

  /**
   * Ends the answer: our OPT when the query had one (RFC 6891 §7: payload MAX_UDP_PAYLOAD, version
   * 0, DO copied as RFC 3225 §3 says), then the rcode and the counts. Returns the answer's length,
   * or -1 when the OPT does not fit.
   */
  int finish() {
    int end = this.end;
    boolean edns = query.edns;
    if (edns) {
      if (end + 11 > query.limit) {
        return -1;
      }
      out[end] = 0;
      put16(out, end + 1, TYPE_OPT);
      put16(out, end + 3, QueryHandler.MAX_UDP_PAYLOAD);
      put32(out, end + 5, query.dnssecOk ? 0x8000 : 0);
      put16(out, end + 9, 0);
      end += 11;
    }
    out[3] |= (byte) rcode;
    put16(out, 4, 1);
    put16(out, 6, answers);
    put16(out, 8, authority);
    put16(out, 10, edns ? 1 : 0);
    return end;
  }

  /** Owner (pointer to the question), type, class IN, TTL; the caller writes RDLENGTH on. */
  private void recordHead(int type) {
    Wire.putPointer(out, end, HEADER);
    put16(out, end + 2, type);
    put16(out, end + 4, CLASS_IN);
    put32(out, end + 6, ttl);
    end += 10;
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
}
