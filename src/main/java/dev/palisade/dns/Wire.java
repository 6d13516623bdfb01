package dev.palisade.dns;

/**
 * The numbers of the DNS wire format that the fast path reads and writes (RFC 1035 §4.1, RFC 6891
 * §6.1.2), and its big-endian fields. dnsjava has them too ({@code Type}, {@code DNSOutput}), but
 * behind objects the fast path does without. Stateless; static calls the JIT inlines.
 */
final class Wire {

  /** The header's length: ID, flags and four counts. */
  static final int HEADER = 12;

  static final int TYPE_A = 1;
  static final int TYPE_SOA = 6;
  static final int TYPE_TXT = 16;
  static final int TYPE_AAAA = 28;
  static final int TYPE_OPT = 41;
  static final int TYPE_IXFR = 251;
  static final int TYPE_AXFR = 252;
  static final int TYPE_ANY = 255;
  static final int CLASS_IN = 1;
  static final int RCODE_NOERROR = 0;
  static final int RCODE_NXDOMAIN = 3;
  static final int RCODE_REFUSED = 5;

  /** Most labels a name can have (RFC 1035 §3.1: 255 bytes, each label at least two). */
  static final int MAX_LABELS = 128;

  /** Offsets from here on cannot be the target of a compression pointer (14 bits). */
  static final int POINTER_LIMIT = 0x4000;

  private Wire() {}

  /** The unsigned 16-bit field at {@code at}. */
  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  /** Writes the low 16 bits of {@code value} at {@code at}. */
  static void put16(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 8);
    b[at + 1] = (byte) value;
  }

  /** Writes the low 32 bits of {@code value} at {@code at}. */
  static void put32(byte[] b, int at, long value) {
    b[at] = (byte) (value >>> 24);
    b[at + 1] = (byte) (value >>> 16);
    b[at + 2] = (byte) (value >>> 8);
    b[at + 3] = (byte) value;
  }

  /** A compression pointer to {@code target} at {@code at} (RFC 1035 §4.1.4). */
  static void putPointer(byte[] b, int at, int target) {
    b[at] = (byte) (0xc0 | (target >>> 8));
    b[at + 1] = (byte) target;
  }
}
