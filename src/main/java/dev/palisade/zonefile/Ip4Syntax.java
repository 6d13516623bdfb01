package dev.palisade.zonefile;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.InvalidEntryException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * rbldnsd's IPv4 entry syntax (ip4set and ip4trie), turned into CIDR networks. Stateless.
 *
 * <p>rbldnsd's forms are rewritten into dotted quads that {@link EntryValue#parse} validates, so
 * octets follow Palisade's one rule (0-255, no leading zeros) wherever they appear:
 *
 * <ul>
 *   <li>{@code 192.0.2.1}, {@code 192.0.2.0/24}: as written.
 *   <li>Partial prefixes: {@code 10.1} is 10.1.0.0/16, {@code 10.1.2} is 10.1.2.0/24; {@code
 *       10.1/12} is 10.0.0.0/12 with a host-bit warning. A bare number ({@code 10}) is refused, as
 *       rbldnsd does: write {@code 10/8}.
 *   <li>Ranges (ip4set only), inclusive: {@code 192.0.2.10-192.0.2.20}, {@code 192.0.2.10-20} (a
 *       single-octet end replaces the start's last written octet), {@code 10.1-10.3} (ends with the
 *       same number of octets; the end is completed with 255s). A range becomes the fewest CIDR
 *       networks that cover it exactly.
 *   <li>Host bits set ({@code 192.0.2.1/24}): masked to the network, with a warning, because
 *       rbldnsd run with {@code -e} does the same and such files exist in the wild.
 * </ul>
 */
final class Ip4Syntax {

  private static final String[] PADDING = {"", ".0.0.0", ".0.0", ".0", ""};

  private Ip4Syntax() {}

  /** Index just past the entry starting at {@code start}: it ends at a blank, ':', '#' or ';'. */
  static int tokenEnd(String line, int start, int end) {
    int i = start;
    while (i < end) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == ':' || c == '#' || c == ';') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * The networks an entry covers. Throws {@link InvalidEntryException} naming the entry when it is
   * not valid; reports accepted oddities to {@code warnings}.
   */
  static List<Ip4Network> parse(String token, boolean rangesAllowed, Consumer<String> warnings) {
    int dash = token.indexOf('-');
    int slash = token.indexOf('/');
    if (dash >= 0) {
      if (!rangesAllowed) {
        throw new InvalidEntryException(
            "'" + token + "': ip4trie takes CIDR networks only; ranges need the ip4set format");
      }
      if (slash >= 0) {
        throw new InvalidEntryException(
            "'" + token + "' mixes a range and a prefix length; write one or the other");
      }
      return range(token, dash);
    }
    String address = slash < 0 ? token : token.substring(0, slash);
    int octets = octets(address, token);
    int ip = address(address, octets, token);
    int length;
    if (slash >= 0) {
      length = prefixLength(token, slash);
    } else if (octets == 1) {
      throw new InvalidEntryException(
          "'" + token + "' is a bare number; write " + token + "/8 or a full address");
    } else {
      length = 8 * octets;
    }
    int network = ip & Ip4Network.mask(length);
    if (network != ip) {
      Ip4Network masked = new Ip4Network(network, length);
      warnings.accept(
          "'"
              + token
              + "' has host bits set; listed as "
              + masked.canonical()
              + " (rbldnsd without -e skips this line)");
      return List.of(masked);
    }
    return List.of(new Ip4Network(ip, length));
  }

  private static List<Ip4Network> range(String token, int dash) {
    String first = token.substring(0, dash);
    String last = token.substring(dash + 1);
    int firstOctets = octets(first, token);
    int start = address(first, firstOctets, token);
    int lastOctets = octets(last, token);
    int end;
    if (lastOctets == 1) {
      // rbldnsd: a one-octet end replaces the last octet written in the start (10.1.2.3-20).
      int value = address(last, 1, token) >>> 24;
      int shift = 32 - 8 * firstOctets;
      end = (start & ~(0xff << shift)) | (value << shift);
    } else if (lastOctets == firstOctets) {
      end = address(last, lastOctets, token);
    } else {
      throw new InvalidEntryException(
          "'"
              + token
              + "': both ends of a range need the same number of octets, or the end only its last"
              + " octet as in 192.0.2.10-20");
    }
    end |= ~Ip4Network.mask(8 * firstOctets);
    if (Integer.compareUnsigned(start, end) > 0) {
      throw new InvalidEntryException("'" + token + "': the range starts after it ends");
    }
    return cidrs(start, end);
  }

  /** The fewest CIDR networks covering exactly {@code first}..{@code last}, inclusive. */
  static List<Ip4Network> cidrs(int first, int last) {
    List<Ip4Network> networks = new ArrayList<>(2);
    long next = first & 0xffffffffL;
    long end = last & 0xffffffffL;
    while (next <= end) {
      // The largest block aligned at `next` that does not run past `end`.
      long size = next == 0 ? 1L << 32 : Long.lowestOneBit(next);
      while (size > end - next + 1) {
        size >>= 1;
      }
      networks.add(new Ip4Network((int) next, 32 - Long.numberOfTrailingZeros(size)));
      next += size;
    }
    return networks;
  }

  private static int octets(String text, String token) {
    int octets = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '.') {
        octets++;
      }
    }
    if (text.isEmpty() || octets > 4) {
      throw new InvalidEntryException("'" + token + "' is not an IPv4 address, prefix or range");
    }
    return octets;
  }

  /**
   * Validates a prefix of {@code octets} octets as {@link EntryValue#parse} does. Digits and dots
   * alone, the line of nearly every file, go straight to the address parser ({@link
   * Ip4Network#parseAddress}, what {@link EntryValue#parse} makes of such text), so a line is read
   * once, not once here and again there; anything else goes through {@link EntryValue#parse}, which
   * says what the text is instead.
   */
  private static int address(String text, int octets, String token) {
    String quad = octets == 4 ? text : text + PADDING[octets];
    EntryValue value;
    try {
      if (digitsAndDots(quad)) {
        return Ip4Network.parseAddress(quad);
      }
      value = EntryValue.parse(quad);
    } catch (InvalidEntryException e) {
      throw new InvalidEntryException(e.getMessage().replace("'" + quad + "'", "'" + token + "'"));
    }
    if (!(value instanceof Ip4Network network)) {
      throw new InvalidEntryException("'" + token + "' is not an IPv4 address, prefix or range");
    }
    return network.address();
  }

  /** Whether the text is digits and dots only, with at least one digit. */
  private static boolean digitsAndDots(String text) {
    boolean digit = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.') {
        return false;
      }
    }
    return digit;
  }

  static int prefixLength(String token, int slash) {
    return prefixLength(token, slash, 32);
  }

  static int prefixLength(String token, int slash, int max) {
    int length = 0;
    int digits = token.length() - slash - 1;
    boolean valid = digits >= 1 && digits <= 3;
    for (int i = slash + 1; valid && i < token.length(); i++) {
      char c = token.charAt(i);
      valid = c >= '0' && c <= '9';
      length = length * 10 + (c - '0');
    }
    if (!valid || length > max) {
      throw new InvalidEntryException(
          "'" + token + "' has an invalid prefix length; expected /0 to /" + max);
    }
    return length;
  }
}
