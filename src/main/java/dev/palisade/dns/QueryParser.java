package dev.palisade.dns;

import static dev.palisade.dns.Wire.CLASS_IN;
import static dev.palisade.dns.Wire.HEADER;
import static dev.palisade.dns.Wire.MAX_LABELS;
import static dev.palisade.dns.Wire.TYPE_AXFR;
import static dev.palisade.dns.Wire.TYPE_IXFR;
import static dev.palisade.dns.Wire.TYPE_OPT;
import static dev.palisade.dns.Wire.u16;

import dev.palisade.dns.QueryHandler.Transport;

/**
 * Reads the query the fast path answers straight from its wire bytes: a query (QR=0) of opcode
 * QUERY with one question of class IN, not a zone transfer, its name in plain labels, and at most
 * an EDNS0 OPT record of version 0 without options. {@link #parse} says whether the query is one;
 * then the fields describe it until the next call.
 *
 * <p>Reused for every query of one thread: not thread-safe, allocation-free.
 */
final class QueryParser {

  /** Where each label of the question name starts (its length byte), from the leftmost. */
  final int[] labelAt = new int[MAX_LABELS];

  /** How many labels the question name has, the root aside. */
  int labels;

  /** The question's type. */
  int qtype;

  /** Where the question ends, and the OPT record (if any) starts. */
  int questionEnd;

  /** Whether the query carries an OPT record (RFC 6891). */
  boolean edns;

  /** Whether that OPT record has the DO bit (RFC 3225 §3). */
  boolean dnssecOk;

  /** How many bytes the answer may have on this transport for this query. */
  int limit;

  /**
   * Reads the query and returns true when it is one the fast path answers; false for anything else,
   * leaving the fields undefined.
   *
   * @param q the query; only the first {@code length} bytes are read
   * @param length the query's length
   * @param transport UDP answers may use 512 bytes, or the client's EDNS payload size up to {@link
   *     QueryHandler#MAX_UDP_PAYLOAD}; TCP answers {@link QueryHandler#MAX_TCP_MESSAGE}
   * @param capacity the size of the buffer the answer goes to, a cap on {@link #limit}
   */
  boolean parse(byte[] q, int length, Transport transport, int capacity) {
    // Header: a query (QR=0), opcode QUERY, one question, nothing else but maybe one OPT.
    if (length < HEADER + 5
        || (q[2] & 0xf8) != 0
        || u16(q, 4) != 1
        || u16(q, 6) != 0
        || u16(q, 8) != 0) {
      return false;
    }
    int additional = u16(q, 10);
    if (additional > 1) {
      return false;
    }
    int pos = name(q, length);
    if (pos < 0 || pos - HEADER > 255 || pos + 4 > length) {
      return false;
    }
    qtype = u16(q, pos);
    int qclass = u16(q, pos + 2);
    questionEnd = pos + 4;
    if (qclass != CLASS_IN || qtype == TYPE_AXFR || qtype == TYPE_IXFR) {
      return false;
    }
    limit =
        transport == Transport.TCP ? QueryHandler.MAX_TCP_MESSAGE : QueryHandler.MIN_UDP_PAYLOAD;
    edns = additional == 1;
    dnssecOk = false;
    if (edns ? !opt(q, length, transport) : questionEnd != length) {
      return false;
    }
    limit = Math.min(limit, capacity);
    return true;
  }

  /**
   * Reads the question name into {@link #labelAt} and {@link #labels}: plain labels only, no
   * compression pointers (nothing precedes it to point at). Returns where the name ends, or -1.
   */
  private int name(byte[] q, int length) {
    int pos = HEADER;
    int count = 0;
    while (true) {
      int len = q[pos] & 0xff;
      if (len == 0) {
        labels = count;
        return pos + 1;
      }
      if (len > 63 || count == MAX_LABELS || pos + 1 + len >= length) {
        return -1;
      }
      labelAt[count++] = pos;
      pos += 1 + len;
    }
  }

  /**
   * Reads the OPT record after the question, the last bytes of the query. RFC 6891 §6.1.2: root
   * owner, type OPT, CLASS = payload size, TTL = extended rcode, version and flags. Version 0 only
   * (others get BADVERS), no options (some carry content dnsjava validates) and no extended rcode
   * bits, which have no meaning in a query and which dnsjava reads together with the flags: the
   * general path handles the rest.
   */
  private boolean opt(byte[] q, int length, Transport transport) {
    int opt = questionEnd;
    if (opt + 11 != length
        || q[opt] != 0
        || u16(q, opt + 1) != TYPE_OPT
        || q[opt + 5] != 0
        || q[opt + 6] != 0
        || u16(q, opt + 9) != 0) {
      return false;
    }
    dnssecOk = (q[opt + 7] & 0x80) != 0;
    if (transport == Transport.UDP) {
      // RFC 6891 §6.2.5: below 512 counts as 512; we never send more than MAX_UDP_PAYLOAD.
      limit =
          Math.max(
              QueryHandler.MIN_UDP_PAYLOAD,
              Math.min(u16(q, opt + 3), QueryHandler.MAX_UDP_PAYLOAD));
    }
    return true;
  }
}
