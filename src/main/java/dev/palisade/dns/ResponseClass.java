package dev.palisade.dns;

/**
 * The classes of answer that response rate limiting counts apart, as BIND, Knot and NSD tell them
 * apart, read from an answer's header; {@link RateLimiter} counts what it held back by class.
 * Stateless.
 *
 * <p>Their fourth class, referrals, never occurs here: Palisade is authoritative for everything
 * below its base zone and delegates nothing, so every NOERROR answer without records is NODATA.
 */
public enum ResponseClass {
  /** NOERROR with records in ANSWER: a listed name, the apex SOA or NS. */
  RESPONSE("responses"),
  /** NOERROR without records: another type of a listed name, an empty non-terminal. */
  NODATA("nodata"),
  /** NXDOMAIN: the name is not listed. */
  NXDOMAIN("nxdomains"),
  /** Any other RCODE: REFUSED, FORMERR, NOTIMP, SERVFAIL. */
  ERROR("errors");

  private static final ResponseClass[] ALL = values();

  /** How many classes there are. */
  static final int COUNT = ALL.length;

  private final String label;

  ResponseClass(String label) {
    this.label = label;
  }

  /**
   * The class's name in settings ({@code palisade.dns.rrl.<label>-per-second}) and the log: {@code
   * responses}, {@code nodata}, {@code nxdomains}, {@code errors}; a metric label too.
   */
  public String label() {
    return label;
  }

  /**
   * The class of an answer in wire form. Reads only the header's RCODE and ANCOUNT, so an answer
   * with an EDNS extended RCODE (BADVERS, RFC 6891 §6.1.3) counts by its header, as NODATA.
   *
   * @param answer the answer; its first {@code length} bytes are the message
   */
  static ResponseClass of(byte[] answer, int length) {
    if (length < Wire.HEADER) {
      return ERROR;
    }
    return switch (answer[3] & 0xf) {
      case Wire.RCODE_NOERROR -> Wire.u16(answer, 6) > 0 ? RESPONSE : NODATA;
      case Wire.RCODE_NXDOMAIN -> NXDOMAIN;
      default -> ERROR;
    };
  }

  /** The class of an ordinal, without the copy {@link #values()} makes. */
  static ResponseClass ofOrdinal(int ordinal) {
    return ALL[ordinal];
  }
}
