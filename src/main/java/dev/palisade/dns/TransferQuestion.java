package dev.palisade.dns;

import org.xbill.DNS.Type;

/**
 * Tells the queries a {@link TransferResponder} may answer from the others by their bytes alone,
 * without decoding the message: a query (QR clear, opcode QUERY) with one question whose type is
 * AXFR, IXFR or SOA. Static and allocation-free; a packet too short or malformed to tell is none of
 * them.
 */
final class TransferQuestion {

  private TransferQuestion() {}

  /** The question's type when the packet asks for AXFR, IXFR or SOA, else 0. */
  static int type(byte[] packet, int length) {
    if (length < 12 + 1 + 4) {
      return 0;
    }
    if ((packet[2] & 0x80) != 0 || ((packet[2] >>> 3) & 0xf) != 0) {
      return 0; // a response, or not a standard query
    }
    if (packet[4] != 0 || packet[5] != 1) {
      return 0; // exactly one question
    }
    int at = 12;
    while (at < length) {
      int label = packet[at] & 0xff;
      if (label == 0) {
        break;
      }
      if (label > 63) {
        return 0; // a compression pointer or reserved label type in a question: not ours to read
      }
      at += 1 + label;
    }
    if (at + 5 > length) {
      return 0; // the name does not end, or type and class are missing
    }
    int type = ((packet[at + 1] & 0xff) << 8) | (packet[at + 2] & 0xff);
    return type == Type.AXFR || type == Type.IXFR || type == Type.SOA ? type : 0;
  }
}
