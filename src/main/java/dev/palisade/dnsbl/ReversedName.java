package dev.palisade.dnsbl;

/**
 * The address the labels in front of an address zone spell: IPv4 as four reversed decimal octets
 * ({@code 4.3.2.1.<zone>} asks about 1.2.3.4, RFC 5782 §2.1), IPv6 as 32 reversed hex nibbles (RFC
 * 3596 §2.5 style, as RFC 5782 §2.4 prescribes). The one reader of reversed names: the DNS server's
 * two paths and the hit statistics all read them here.
 *
 * <p>Reads DNS wire labels (a length byte, then the label's bytes) where they lie, so the DNS path
 * parses a query in its receive buffer. A reader is reused: {@link #read} overwrites the result,
 * and nothing is allocated. Not thread-safe; each thread or task owns one.
 */
public final class ReversedName {

  /** What the labels spell. */
  public enum Form {
    /** Four octets: an IPv4 address, {@link #ip4()}. */
    IP4,
    /** 32 nibbles: an IPv6 address, {@link #high()} and {@link #low()}. */
    IP6,
    /**
     * One to three octets, or one to 31 nibbles: the start of an address, so an empty non-terminal
     * (RFC 8020 §2): names exist below it.
     */
    PARTIAL,
    /** Anything else: no name below it can ever exist. */
    MALFORMED
  }

  /** Most labels an address can have: 32 nibbles. */
  private static final int MAX_LABELS = 32;

  private final int[] starts = new int[MAX_LABELS];
  private Form form = Form.MALFORMED;
  private int ip4;
  private long high;
  private long low;
  private boolean alsoNibblePrefix;

  /**
   * Reads {@code count} labels (1 or more) that start at {@code wire[labelAt[0]]} and so on, from
   * the leftmost; {@code labelAt[count - 1]}, the one nearest the zone, is the first octet or
   * nibble.
   */
  public Form read(byte[] wire, int[] labelAt, int count) {
    boolean octets = count <= 4;
    boolean nibbles = count <= MAX_LABELS;
    int ip = 0;
    long h = 0;
    long l = 0;
    for (int i = count - 1; i >= 0 && (octets || nibbles); i--) {
      int at = labelAt[i];
      if (octets) {
        int octet = octet(wire, at);
        if (octet < 0) {
          octets = false;
        } else {
          ip = (ip << 8) | octet;
        }
      }
      if (nibbles) {
        int nibble = nibble(wire, at);
        if (nibble < 0) {
          nibbles = false;
        } else {
          // Shift the 128-bit value left by four bits and add the nibble.
          h = (h << 4) | (l >>> 60);
          l = (l << 4) | nibble;
        }
      }
    }
    if (octets && count == 4) {
      return result(Form.IP4, ip, 0, 0, nibbles);
    }
    if (nibbles && count == MAX_LABELS) {
      return result(Form.IP6, 0, h, l, false);
    }
    return result(octets || nibbles ? Form.PARTIAL : Form.MALFORMED, 0, 0, 0, false);
  }

  /**
   * Reads the labels of {@code wire[from, from + length)}, one after another from the leftmost,
   * without the root label: the name in front of a zone, as the statistics keep it. A label running
   * past the end makes the name {@link Form#MALFORMED}.
   */
  public Form read(byte[] wire, int from, int length) {
    int end = from + length;
    int count = 0;
    int at = from;
    while (at < end) {
      if (count == MAX_LABELS) {
        return result(Form.MALFORMED, 0, 0, 0, false); // too many labels for any address
      }
      starts[count++] = at;
      at += 1 + (wire[at] & 0xff);
    }
    if (at != end) {
      return result(Form.MALFORMED, 0, 0, 0, false);
    }
    return read(wire, starts, count);
  }

  private Form result(Form form, int ip4, long high, long low, boolean alsoNibblePrefix) {
    this.form = form;
    this.ip4 = ip4;
    this.high = high;
    this.low = low;
    this.alsoNibblePrefix = alsoNibblePrefix;
    return form;
  }

  /** What the last {@link #read} found. */
  public Form form() {
    return form;
  }

  /** The IPv4 address when {@link #form()} is {@link Form#IP4}, else 0. */
  public int ip4() {
    return ip4;
  }

  /** The high 64 bits of the IPv6 address when {@link #form()} is {@link Form#IP6}, else 0. */
  public long high() {
    return high;
  }

  /** The low 64 bits of the IPv6 address when {@link #form()} is {@link Form#IP6}, else 0. */
  public long low() {
    return low;
  }

  /**
   * For an IPv4 name, whether its four labels are also single hex digits ({@code 1.0.0.2} is both
   * 2.0.0.1 and the start of 2001::/16), so that names exist below it.
   */
  public boolean alsoNibblePrefix() {
    return alsoNibblePrefix;
  }

  /**
   * The decimal octet (0-255) the wire label at {@code wire[at]} spells, or -1 when it is not one.
   * Leading zeros are refused: resolvers never send them and some software reads them as octal.
   */
  static int octet(byte[] wire, int at) {
    int length = wire[at] & 0xff;
    if (length < 1 || length > 3 || (length > 1 && wire[at + 1] == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 1; i <= length; i++) {
      int digit = wire[at + i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value <= 255 ? value : -1;
  }

  /**
   * The hex digit (0-15) the one-character wire label at {@code wire[at]} spells, in either case,
   * or -1 when it is not one.
   */
  static int nibble(byte[] wire, int at) {
    if ((wire[at] & 0xff) != 1) {
      return -1;
    }
    int c = wire[at + 1] & 0xff;
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    c |= 0x20; // ASCII lower case
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }
}
