package dev.palisade.dnsbl;

import java.net.IDN;
import java.util.Locale;
import org.xbill.DNS.Address;

/**
 * What an entry matches, parsed into canonical form. This is the only parser of entry syntax: every
 * other package (API, UI, zone files) hands text to {@link #parse(String)}.
 *
 * <p>Accepted: an IPv4 or IPv6 address or CIDR network ({@code 192.0.2.1}, {@code 10.0.0.0/8},
 * {@code 2001:db8::/32}); a domain matching only itself ({@code example.com}), itself and its
 * subdomains ({@code .example.com}) or its subdomains only ({@code *.example.com}) — the rbldnsd
 * {@code dnset} convention. Canonical form: host bits must be clear (no silent masking), IPv6
 * compressed lower-case (RFC 5952), IDN names as A-labels, lower-case, no trailing dot.
 */
public sealed interface EntryValue
    permits EntryValue.Ip4Network, EntryValue.Ip6Network, EntryValue.DomainPattern {

  /** IPv4 addresses, IPv6 addresses or domains. */
  ValueType type();

  /** The canonical text: parsing it again yields an equal value. */
  String canonical();

  /**
   * Parses entry text. Throws {@link InvalidEntryException} with a message naming the input and
   * what is wrong with it.
   */
  static EntryValue parse(String text) {
    if (text == null) {
      throw new InvalidEntryException("value is missing");
    }
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidEntryException("value is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        throw new InvalidEntryException("'" + s + "' contains whitespace");
      }
    }
    refuseOtherForms(s);
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    if (address.indexOf(':') >= 0) {
      return Ip6Network.parse(s, address, slash);
    }
    if (looksLikeIp4(address)) {
      refusePartialIp4(s, address, slash);
      return Ip4Network.parse(s, address, slash);
    }
    if (slash >= 0) {
      throw new InvalidEntryException(
          "'" + s + "' has a prefix length but is not an IPv4 or IPv6 address");
    }
    return DomainPattern.parse(s);
  }

  /**
   * Parses a value as the database stores it: the {@link #canonical()} text of a value of the given
   * type. Skips what {@link #parse} does to recognise free text (trimming, telling addresses from
   * names), which matters when millions of rows are read at start-up; the value is still checked as
   * strictly, and a stored text that is not of its type is an {@link InvalidEntryException}.
   */
  static EntryValue parseStored(ValueType type, String text) {
    if (type == ValueType.IPV4) {
      int slash = text.indexOf('/');
      int prefix = slash < 0 ? 32 : parsePrefixLength(text, slash, 32);
      return new Ip4Network(Ip4.parse(text, slash < 0 ? text.length() : slash), prefix);
    }
    EntryValue value = type == ValueType.IPV6 ? parse(text) : DomainPattern.parse(text);
    if (value.type() != type) {
      throw new InvalidEntryException("'" + text + "' is not of type " + type);
    }
    return value;
  }

  /**
   * Parses what a lookup may ask about: one address or one domain name — not a network or a
   * pattern. Throws {@link InvalidEntryException} naming the input otherwise.
   */
  static EntryValue parseQuery(String text) {
    EntryValue value = parse(text);
    boolean single =
        value instanceof Ip4Network n
            ? n.prefixLength() == 32
            : value instanceof Ip6Network n6
                ? n6.prefixLength() == 128
                : ((DomainPattern) value).match() == DomainMatch.EXACT;
    if (!single) {
      throw new InvalidEntryException(
          "'" + text.strip() + "' is a network or pattern; look up one address or domain name");
    }
    return value;
  }

  /**
   * Refuses, with what to write instead, text that is plainly no entry of this syntax though it
   * would parse as something: a URL (whose colon would make it an IPv6 address), a mail address,
   * and an rbldnsd IPv4 range ({@code 10.22.1-5}, {@code 192.0.2.10-192.0.2.20}), which would
   * otherwise be a domain name whose top-level label is digits — a name no mail ever comes from.
   */
  private static void refuseOtherForms(String s) {
    int scheme = s.indexOf("://");
    if (scheme > 0 && s.substring(0, scheme).chars().allMatch(Character::isLetter)) {
      String host = s.substring(scheme + 3);
      host = host.substring(host.lastIndexOf('@', indexOfAny(host, "/?#")) + 1);
      host = host.substring(0, indexOfAny(host, "/?#"));
      if (!host.startsWith("[") && host.indexOf(':') >= 0) {
        host = host.substring(0, host.indexOf(':')); // the port
      }
      throw new InvalidEntryException(
          "'"
              + s
              + "' is a URL; enter the host it names, "
              + host
              + " (or ."
              + host
              + " with its subdomains)");
    }
    int at = s.lastIndexOf('@');
    if (at >= 0 && at < s.length() - 1 && s.indexOf('/') < 0) {
      String domain = s.substring(at + 1);
      throw new InvalidEntryException(
          "'" + s + "' is a mail address; lists hold domains: enter " + domain);
    }
    if (s.indexOf('-') > 0
        && s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == '-')) {
      throw new InvalidEntryException(
          "'"
              + s
              + "' is an rbldnsd IPv4 range; one entry is one address or CIDR network"
              + " (192.0.2.0/24): write the networks it covers, or add the range in Bulk add"
              + " (or the import API) with the ip4set format, which turns ranges into networks");
    }
  }

  /**
   * Refuses rbldnsd's partial IPv4 prefixes ({@code 10.22.1} is 10.22.1.0/24 there) naming the CIDR
   * network to write, rather than calling them invalid addresses.
   */
  private static void refusePartialIp4(String whole, String address, int slash) {
    long dots = address.chars().filter(c -> c == '.').count();
    if (dots >= 3 || address.isEmpty() || address.endsWith(".") || address.contains("..")) {
      return;
    }
    StringBuilder quad = new StringBuilder(address);
    for (long i = dots; i < 3; i++) {
      quad.append(".0");
    }
    try {
      Ip4.parse(quad.toString());
    } catch (InvalidEntryException e) {
      return; // not even a partial address: the address parser says what is wrong
    }
    String prefix = slash < 0 ? String.valueOf(8 * (dots + 1)) : whole.substring(slash + 1);
    throw new InvalidEntryException(
        "'"
            + whole
            + "' is an rbldnsd partial address; write the network in full, "
            + quad
            + "/"
            + prefix);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  private static boolean looksLikeIp4(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return s.chars().anyMatch(Character::isDigit);
  }

  private static int parsePrefixLength(String whole, int slash, int max) {
    if (slash < 0) {
      return max;
    }
    String digits = whole.substring(slash + 1);
    if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
      throw new InvalidEntryException(
          "'" + whole + "' has an invalid prefix length; expected /0 to /" + max);
    }
    int length = Integer.parseInt(digits);
    if (length > max || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw new InvalidEntryException(
          "'" + whole + "' has an invalid prefix length; expected /0 to /" + max);
    }
    return length;
  }

  /** An IPv4 network; a single address is a /32. Host bits are always clear. */
  record Ip4Network(int address, int prefixLength) implements EntryValue {

    public Ip4Network {
      if (prefixLength < 0 || prefixLength > 32) {
        throw new InvalidEntryException("IPv4 prefix length " + prefixLength + " is not 0-32");
      }
      if ((address & ~mask(prefixLength)) != 0) {
        throw new InvalidEntryException(
            "'"
                + Ip4.format(address)
                + "/"
                + prefixLength
                + "' has host bits set; the network is "
                + Ip4.format(address & mask(prefixLength))
                + "/"
                + prefixLength);
      }
    }

    /**
     * The address of a dotted quad, for a parser that has already told an IPv4 address from other
     * text (rbldnsd's ip4set): exactly what {@link EntryValue#parse} makes of text of digits and
     * dots only, without its steps for recognising free text.
     */
    public static int parseAddress(String dottedQuad) {
      return Ip4.parse(dottedQuad);
    }

    static Ip4Network parse(String whole, String address, int slash) {
      int prefix = EntryValue.parsePrefixLength(whole, slash, 32);
      int ip;
      try {
        ip = Ip4.parse(address);
      } catch (InvalidEntryException e) {
        throw new InvalidEntryException(
            e.getMessage().replace("'" + address + "'", "'" + whole + "'"));
      }
      return new Ip4Network(ip, prefix);
    }

    /** The netmask of a prefix length, e.g. 0xffffff00 for 24. */
    public static int mask(int prefixLength) {
      return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Whether this network contains the address. */
    public boolean contains(int ip) {
      return (ip & mask(prefixLength)) == address;
    }

    @Override
    public ValueType type() {
      return ValueType.IPV4;
    }

    @Override
    public String canonical() {
      return prefixLength == 32 ? Ip4.format(address) : Ip4.format(address) + "/" + prefixLength;
    }

    @Override
    public String toString() {
      return canonical();
    }
  }

  /** An IPv6 network as two 64-bit halves; a single address is a /128. Host bits are clear. */
  record Ip6Network(long high, long low, int prefixLength) implements EntryValue {

    public Ip6Network {
      if (prefixLength < 0 || prefixLength > 128) {
        throw new InvalidEntryException("IPv6 prefix length " + prefixLength + " is not 0-128");
      }
      if ((high & ~highMask(prefixLength)) != 0 || (low & ~lowMask(prefixLength)) != 0) {
        throw new InvalidEntryException(
            "'"
                + Ip6.format(high, low)
                + "/"
                + prefixLength
                + "' has host bits set; the network is "
                + Ip6.format(high & highMask(prefixLength), low & lowMask(prefixLength))
                + "/"
                + prefixLength);
      }
    }

    static Ip6Network parse(String whole, String address, int slash) {
      byte[] bytes = Address.toByteArray(address, Address.IPv6);
      if (bytes == null) {
        throw new InvalidEntryException("'" + whole + "' is not a valid IPv6 address");
      }
      int prefix = EntryValue.parsePrefixLength(whole, slash, 128);
      long high = 0;
      long low = 0;
      for (int i = 0; i < 8; i++) {
        high = (high << 8) | (bytes[i] & 0xff);
        low = (low << 8) | (bytes[i + 8] & 0xff);
      }
      return new Ip6Network(high, low, prefix);
    }

    /** The mask of the high 64 bits for a prefix length. */
    public static long highMask(int prefixLength) {
      return prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
    }

    /** The mask of the low 64 bits for a prefix length. */
    public static long lowMask(int prefixLength) {
      return prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    /** Whether this network contains the address. */
    public boolean contains(long ipHigh, long ipLow) {
      return (ipHigh & highMask(prefixLength)) == high && (ipLow & lowMask(prefixLength)) == low;
    }

    @Override
    public ValueType type() {
      return ValueType.IPV6;
    }

    @Override
    public String canonical() {
      String text = Ip6.format(high, low);
      return prefixLength == 128 ? text : text + "/" + prefixLength;
    }

    /**
     * Appends the canonical text of the single address (high, low) to {@code out}, as {@code new
     * Ip6Network(high, low, 128).canonical()} is, without allocating: for the DNS answers.
     */
    public static void appendAddress(long high, long low, StringBuilder out) {
      Ip6.append(high, low, out);
    }

    @Override
    public String toString() {
      return canonical();
    }
  }

  /**
   * A domain pattern. {@code name} is lower-case ASCII (A-labels), without a trailing dot.
   *
   * @param match which names the pattern covers
   */
  record DomainPattern(String name, DomainMatch match) implements EntryValue {

    /** Longest name we accept, in presentation form without the trailing dot (RFC 1035 §2.3.4). */
    static final int MAX_NAME = 253;

    static DomainPattern parse(String whole) {
      DomainMatch match = DomainMatch.EXACT;
      String name = whole;
      if (name.startsWith("*.")) {
        match = DomainMatch.SUBDOMAINS;
        name = name.substring(2);
      } else if (name.startsWith(".")) {
        match = DomainMatch.SELF_AND_SUBDOMAINS;
        name = name.substring(1);
      }
      if (name.endsWith(".")) {
        name = name.substring(0, name.length() - 1);
      }
      if (name.isEmpty()) {
        throw new InvalidEntryException("'" + whole + "' has no domain name");
      }
      if (name.indexOf('*') >= 0) {
        throw new InvalidEntryException(
            "'" + whole + "': a wildcard is only allowed as the first label, as in *.example.com");
      }
      String ascii = name;
      if (!name.chars().allMatch(c -> c < 0x80)) {
        try {
          // IDNA: internationalized names are stored and queried as A-labels (xn--...).
          ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
          throw new InvalidEntryException(
              "'" + whole + "' is not a valid internationalized domain name: " + e.getMessage());
        }
      }
      ascii = ascii.toLowerCase(Locale.ROOT);
      checkName(whole, ascii);
      return new DomainPattern(ascii, match);
    }

    private static void checkName(String whole, String ascii) {
      if (ascii.length() > MAX_NAME) {
        throw new InvalidEntryException(
            "'" + whole + "' is longer than " + MAX_NAME + " characters");
      }
      int labelStart = 0;
      for (int i = 0; i <= ascii.length(); i++) {
        if (i == ascii.length() || ascii.charAt(i) == '.') {
          int length = i - labelStart;
          if (length == 0) {
            throw new InvalidEntryException("'" + whole + "' has an empty label");
          }
          if (length > 63) {
            throw new InvalidEntryException(
                "'" + whole + "' has a label longer than 63 characters");
          }
          if (ascii.charAt(labelStart) == '-' || ascii.charAt(i - 1) == '-') {
            throw new InvalidEntryException(
                "'" + whole + "' has a label that starts or ends with a hyphen");
          }
          labelStart = i + 1;
          continue;
        }
        char c = ascii.charAt(i);
        boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!allowed) {
          throw new InvalidEntryException(
              "'" + whole + "' contains '" + c + "', which is not allowed in a domain name");
        }
      }
    }

    @Override
    public ValueType type() {
      return ValueType.DOMAIN;
    }

    @Override
    public String canonical() {
      return switch (match) {
        case EXACT -> name;
        case SELF_AND_SUBDOMAINS -> "." + name;
        case SUBDOMAINS -> "*." + name;
      };
    }

    @Override
    public String toString() {
      return canonical();
    }
  }

  /** Which names a domain pattern covers. */
  enum DomainMatch {
    /** {@code example.com}: the name itself only. */
    EXACT,
    /** {@code .example.com}: the name and every name below it. */
    SELF_AND_SUBDOMAINS,
    /** {@code *.example.com}: every name below it, not the name itself. */
    SUBDOMAINS
  }
}
