package dev.palisade.dnsbl;

/**
 * Compares DNS labels in wire form where they lie, ASCII case aside: {@code wire[at]} is the length
 * byte and the label's bytes follow, as in a received query or a label of dnsjava's {@code
 * Name.getLabel} at 0. DNS compares names without regard to ASCII case and leaves other bytes as
 * they are (RFC 4343 section 3). The one place this rule is written for the DNS path, the list
 * labels and the statistics. Stateless and allocation-free; small enough for the JIT to inline into
 * the per-query loops that call it.
 */
public final class AsciiLabels {

  private AsciiLabels() {}

  /** The byte as an unsigned value (0-255), ASCII upper case made lower, every other byte kept. */
  public static int lower(byte b) {
    int c = b & 0xff;
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /**
   * Whether the wire label at {@code wire[at]} equals {@code lowerCase}, ASCII case aside; {@code
   * lowerCase} holds a label's bytes (no length byte) with its ASCII letters in lower case.
   */
  public static boolean equalsIgnoreCase(byte[] wire, int at, byte[] lowerCase) {
    int length = wire[at] & 0xff;
    if (length != lowerCase.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(wire[at + 1 + i]) != (lowerCase[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }
}
