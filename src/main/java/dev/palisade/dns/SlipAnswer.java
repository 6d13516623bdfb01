package dev.palisade.dns;

/**
 * Turns an answer in wire form, in place, into the "slip" that response rate limiting sends instead
 * of dropping it: the same header with TC=1, the question, the OPT record if there was one, and
 * nothing else. A resolver that gets it retries over TCP (RFC 7766 §5), which rate limiting leaves
 * alone because the handshake proves the source; a spoofed victim gets a packet no larger than the
 * query, so the slip amplifies nothing. The same shape as the answer {@link QueryHandler} truncates
 * when it does not fit (RFC 2181 §9). Stateless; allocation-free.
 */
final class SlipAnswer {

  private static final int FLAG_TC = 0x02;

  private SlipAnswer() {}

  /**
   * Rewrites the first {@code length} bytes of {@code answer} and returns the new, shorter length.
   * An answer it cannot walk (which the server never writes) becomes its 12-byte header with TC and
   * every count zero.
   */
  static int truncate(byte[] answer, int length) {
    if (length < Wire.HEADER) {
      return length;
    }
    int questions = Wire.u16(answer, 4);
    int answers = Wire.u16(answer, 6);
    int authority = Wire.u16(answer, 8);
    int records = answers + authority + Wire.u16(answer, 10);
    int at = Wire.HEADER;
    for (int i = 0; i < questions && at >= 0; i++) {
      at = skipName(answer, at, length);
      at = at < 0 || at + 4 > length ? -1 : at + 4;
    }
    if (at < 0) {
      return headerOnly(answer);
    }
    int questionEnd = at;
    int optStart = -1;
    int optEnd = -1;
    for (int i = 0; i < records; i++) {
      int start = at;
      at = skipName(answer, at, length);
      if (at < 0 || at + 10 > length) {
        break;
      }
      int end = at + 10 + Wire.u16(answer, at + 8);
      if (end > length) {
        break;
      }
      if (i >= answers + authority && Wire.u16(answer, at) == Wire.TYPE_OPT) {
        optStart = start;
        optEnd = end;
      }
      at = end;
    }
    int optLength = 0;
    if (optStart >= 0) {
      optLength = optEnd - optStart;
      System.arraycopy(answer, optStart, answer, questionEnd, optLength);
    }
    answer[2] |= FLAG_TC;
    Wire.put16(answer, 6, 0);
    Wire.put16(answer, 8, 0);
    Wire.put16(answer, 10, optLength > 0 ? 1 : 0);
    return questionEnd + optLength;
  }

  /** The offset after the name at {@code at}, or -1 when it runs past {@code length}. */
  private static int skipName(byte[] b, int at, int length) {
    while (at < length) {
      int label = b[at] & 0xff;
      if (label == 0) {
        return at + 1;
      }
      if ((label & 0xc0) == 0xc0) {
        return at + 2 <= length ? at + 2 : -1; // a compression pointer ends the name
      }
      if ((label & 0xc0) != 0) {
        return -1;
      }
      at += label + 1;
    }
    return -1;
  }

  private static int headerOnly(byte[] answer) {
    answer[2] |= FLAG_TC;
    for (int count = 4; count < Wire.HEADER; count += 2) {
      Wire.put16(answer, count, 0);
    }
    return Wire.HEADER;
  }
}
