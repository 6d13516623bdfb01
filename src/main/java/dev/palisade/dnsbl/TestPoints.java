package dev.palisade.dnsbl;

/**
 * The RFC 5782 §5 test points every zone answers whatever its data: {@code 127.0.0.2} (IPv4),
 * {@code ::ffff:7f00:2} (IPv6) and {@code test} (domains) are always listed, with {@link
 * #RETURN_CODE} and {@link #TXT}; {@code 127.0.0.1}, {@code ::ffff:7f00:1} and {@code invalid} (and
 * every name below it) never are. The DNS server answers them, the export writes them, and the hit
 * statistics skip them, all through this class.
 */
public final class TestPoints {

  /** 127.0.0.2: always listed. */
  public static final int LISTED_IP4 = 0x7f000002;

  /** 127.0.0.1: never listed. */
  public static final int UNLISTED_IP4 = 0x7f000001;

  /** {@code ::ffff:7f00:2}, always listed, as its low 64 bits; the high 64 are zero. */
  public static final long LISTED_IP6_LOW = 0x0000_ffff_7f00_0002L;

  /** {@code ::ffff:7f00:1}, never listed, as its low 64 bits; the high 64 are zero. */
  public static final long UNLISTED_IP6_LOW = 0x0000_ffff_7f00_0001L;

  /** {@link #LISTED_IP6_LOW} written as rbldnsd data files write it (not RFC 5952's form). */
  public static final String LISTED_IP6_TEXT = "::ffff:7f00:2";

  /** {@link #UNLISTED_IP6_LOW} written as rbldnsd data files write it. */
  public static final String UNLISTED_IP6_TEXT = "::ffff:7f00:1";

  /** The domain name that is always listed. */
  public static final String LISTED_DOMAIN = "test";

  /** The domain name that, with every name below it, is never listed. */
  public static final String UNLISTED_DOMAIN = "invalid";

  private static final String BELOW_UNLISTED_DOMAIN = "." + UNLISTED_DOMAIN;

  /** What the listed test points answer in A: 127.0.0.2. */
  public static final int RETURN_CODE = ReturnCode.DEFAULT;

  /** What the listed test points answer in TXT, a template: {@code $} is the queried name. */
  public static final String TXT = "RFC 5782 test point: $ is always listed";

  private TestPoints() {}

  /** Whether the IPv4 address is the listed test point. */
  public static boolean isListedIp4(int ip4) {
    return ip4 == LISTED_IP4;
  }

  /** Whether the IPv4 address is the never-listed test point. */
  public static boolean isUnlistedIp4(int ip4) {
    return ip4 == UNLISTED_IP4;
  }

  /** Whether the IPv6 address, as two 64-bit halves, is the listed test point. */
  public static boolean isListedIp6(long high, long low) {
    return high == 0 && low == LISTED_IP6_LOW;
  }

  /** Whether the IPv6 address, as two 64-bit halves, is the never-listed test point. */
  public static boolean isUnlistedIp6(long high, long low) {
    return high == 0 && low == UNLISTED_IP6_LOW;
  }

  /** Whether the domain name (lower-case, no trailing dot) is the listed test point. */
  public static boolean isListedDomain(CharSequence name) {
    return LISTED_DOMAIN.contentEquals(name);
  }

  /** Whether the domain name (lower-case, no trailing dot) is {@code invalid} or below it. */
  public static boolean isUnlistedDomain(CharSequence name) {
    return UNLISTED_DOMAIN.contentEquals(name) || endsWith(name, BELOW_UNLISTED_DOMAIN);
  }

  private static boolean endsWith(CharSequence name, String suffix) {
    int from = name.length() - suffix.length();
    if (from < 0) {
      return false;
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (name.charAt(from + i) != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value, when an entry may have it; {@link InvalidEntryException} with {@link #whyNotAnEntry}
   * when a test point answers for it whatever the entries say.
   */
  public static EntryValue checkEntry(EntryValue value) {
    String why = whyNotAnEntry(value);
    if (why != null) {
      throw new InvalidEntryException(why);
    }
    return value;
  }

  /**
   * Why an entry for the value could never answer, because a test point answers for it whatever the
   * entries say, for refusing it as an entry; null when it could. The message names the test point
   * and what every zone answers for it.
   */
  public static String whyNotAnEntry(EntryValue value) {
    if (!shadows(value)) {
      return null;
    }
    String text = value.canonical();
    boolean listed =
        value instanceof EntryValue.Ip4Network ip
            ? isListedIp4(ip.address())
            : value instanceof EntryValue.Ip6Network ip6
                ? isListedIp6(ip6.high(), ip6.low())
                : isListedDomain(((EntryValue.DomainPattern) value).name());
    return text
        + " is an RFC 5782 test point: every zone answers it "
        + (listed ? "as listed" : "as never listed (NXDOMAIN)")
        + " whatever the entries say, so mail servers can check the list works; an entry for it"
        + " would never answer and is refused";
  }

  /**
   * Whether a test point shadows the entry: it names only test points, so the server answers the
   * same whatever the entry says. True for the four test addresses as single addresses, for an
   * exact {@code test}, and for any pattern on {@code invalid} or a name below it.
   */
  public static boolean shadows(EntryValue value) {
    if (value instanceof EntryValue.Ip4Network ip) {
      return ip.prefixLength() == 32 && (isListedIp4(ip.address()) || isUnlistedIp4(ip.address()));
    }
    if (value instanceof EntryValue.Ip6Network ip) {
      return ip.prefixLength() == 128
          && (isListedIp6(ip.high(), ip.low()) || isUnlistedIp6(ip.high(), ip.low()));
    }
    EntryValue.DomainPattern d = (EntryValue.DomainPattern) value;
    return (isListedDomain(d.name()) && d.match() == EntryValue.DomainMatch.EXACT)
        || isUnlistedDomain(d.name());
  }
}
