package dev.palisade.dnsbl;

/**
 * The A record a listed name answers with: an address in 127.0.0.0/8, held as a 32-bit int.
 *
 * <p>127.0.0.0 and 127.0.0.1 are refused: RFC 5782 §5 reserves 127.0.0.1 as the "never listed" test
 * point, and many clients treat it as "not listed".
 */
public final class ReturnCode {

  /** 127.0.0.2, the conventional "listed" answer. */
  public static final int DEFAULT = 0x7f000002;

  private ReturnCode() {}

  /** Parses {@code 127.x.y.z}; throws {@link InvalidEntryException} naming the input otherwise. */
  public static int parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidEntryException("return code is empty; expected an address in 127.0.0.0/8");
    }
    String trimmed = text.strip();
    int address;
    try {
      address = Ip4.parse(trimmed);
    } catch (InvalidEntryException e) {
      throw new InvalidEntryException(
          "return code '" + trimmed + "' is not an IPv4 address in 127.0.0.0/8");
    }
    if ((address >>> 24) != 127) {
      throw new InvalidEntryException(
          "return code '" + trimmed + "' is outside 127.0.0.0/8, where DNSBL answers must be");
    }
    if (address == 0x7f000000 || address == 0x7f000001) {
      throw new InvalidEntryException(
          "return code '"
              + trimmed
              + "' is reserved: 127.0.0.1 means 'not listed' to many clients (RFC 5782)");
    }
    return address;
  }

  /**
   * Whether the code lies in 127.0.0.2 to 127.0.0.255, the answers the usual client filter (Postfix
   * {@code =127.0.0.[2..255]}) lets through; other codes need a filter of their own.
   */
  public static boolean usual(int code) {
    return (code >>> 8) == 0x7f0000 && (code & 0xff) >= 2;
  }

  /** Formats a return code as a dotted quad. */
  public static String format(int address) {
    return Ip4.format(address);
  }
}
