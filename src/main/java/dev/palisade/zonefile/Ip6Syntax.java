package dev.palisade.zonefile;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.InvalidEntryException;
import java.util.function.Consumer;

/**
 * rbldnsd's IPv6 entry syntax (ip6trie, ip6tset), turned into a CIDR network. Stateless.
 *
 * <p>Addresses and networks in any form {@link EntryValue#parse} accepts, plus rbldnsd's short
 * form: without {@code ::}, omitted trailing groups are zero and the prefix length defaults to the
 * groups written ({@code 2001:db8:1} is 2001:db8:1::/48). A single group without a prefix length is
 * refused, as rbldnsd does. Host bits set are masked with a warning, as for IPv4.
 */
final class Ip6Syntax {

  private Ip6Syntax() {}

  /**
   * Index just past the entry starting at {@code start}: it ends at a blank, '#' or ';'. A ':' is
   * part of an IPv6 address, so a value must be separated by a blank.
   */
  static int tokenEnd(String line, int start, int end) {
    int i = start;
    while (i < end) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '#' || c == ';') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * The network an entry covers. Throws {@link InvalidEntryException} naming the entry when it is
   * not valid; reports accepted oddities to {@code warnings}.
   */
  static Ip6Network parse(String token, Consumer<String> warnings) {
    int slash = token.indexOf('/');
    String address = slash < 0 ? token : token.substring(0, slash);
    if (address.isEmpty()) {
      throw new InvalidEntryException("'" + token + "' has no address before the prefix length");
    }
    String full = address;
    int defaultLength = 128;
    if (!address.contains("::") && address.indexOf('.') < 0) {
      int groups = 1;
      for (int i = 0; i < address.length(); i++) {
        if (address.charAt(i) == ':') {
          groups++;
        }
      }
      if (groups < 8) {
        if (groups == 1 && slash < 0) {
          throw new InvalidEntryException(
              "'" + token + "' is a bare number; write a full IPv6 address or a network with /");
        }
        full = address + "::";
        defaultLength = 16 * groups;
      }
    }
    EntryValue value;
    try {
      value = EntryValue.parse(full);
    } catch (InvalidEntryException e) {
      throw new InvalidEntryException(e.getMessage().replace("'" + full + "'", "'" + token + "'"));
    }
    if (!(value instanceof Ip6Network ip)) {
      throw new InvalidEntryException(
          "'" + token + "' is not an IPv6 address; IPv4 belongs in an ip4set or ip4trie file");
    }
    int length = slash < 0 ? defaultLength : Ip4Syntax.prefixLength(token, slash, 128);
    long high = ip.high() & Ip6Network.highMask(length);
    long low = ip.low() & Ip6Network.lowMask(length);
    Ip6Network network = new Ip6Network(high, low, length);
    if (high != ip.high() || low != ip.low()) {
      warnings.accept(
          "'"
              + token
              + "' has host bits set; listed as "
              + network.canonical()
              + " (rbldnsd without -e skips this line)");
    }
    return network;
  }

  /**
   * An ip6tset line's network: a listed entry is a /64 written as its four groups ({@code
   * 2001:db8:1:2}), an exclusion one full address ({@code 2001:db8:1:2::7}); rbldnsd skips any
   * other form, Palisade refuses it. Throws {@link InvalidEntryException} naming the entry.
   */
  static Ip6Network parseSetEntry(String token, boolean exclusion, Consumer<String> warnings) {
    int length = exclusion ? 128 : 64;
    if (token.indexOf('/') < 0) {
      Ip6Network network = parse(token, warnings);
      if (network.prefixLength() == length) {
        return network;
      }
    }
    throw new InvalidEntryException(
        exclusion
            ? "'"
                + token
                + "' is not a single address; an ip6tset excludes one full address, e.g."
                + " 2001:db8:1:2::7"
            : "'"
                + token
                + "' is not a /64 written as four groups; an ip6tset lists /64 networks only,"
                + " e.g. 2001:db8:1:2");
  }
}
