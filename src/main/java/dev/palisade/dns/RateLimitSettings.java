package dev.palisade.dns;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of response rate limiting over UDP ({@link RateLimiter}), bound from {@code
 * palisade.dns.rrl.*} and checked once at start-up: an invalid value stops the application with a
 * message naming the property. Immutable.
 *
 * <p>Every client network (the source address cut to {@code ipv4-prefix-length} or {@code
 * ipv6-prefix-length} bits) has one token bucket per class of answer; a bucket holds one second's
 * worth of its rate. The defaults are far above what a mail system's resolvers send a DNSBL (they
 * cache every answer for its TTL, so even a busy site asks a few dozen questions a second) and far
 * below a flood (the one that prompted this sent 8,000 a second from one address). A rate of 0
 * leaves that class unlimited, as BIND's {@code *-per-second 0} does.
 *
 * @param enabled whether UDP answers are rate limited at all. Default {@code true}.
 * @param responsesPerSecond answers that list the name (NOERROR with records): the only ones that
 *     amplify much, a TXT reason up to about 1,100 bytes for a 67-byte query. Default 200.
 * @param nodataPerSecond NOERROR answers without records (another type of a listed name, empty
 *     non-terminals, the apex). Default 200.
 * @param nxdomainsPerSecond NXDOMAIN answers: "not listed", the most common answer of a DNSBL, and
 *     small. BIND's manual advises relaxing this limit for anti-spam lists, so it is the highest.
 *     Default 1000.
 * @param errorsPerSecond REFUSED, FORMERR, NOTIMP and SERVFAIL answers, which a resolver that is
 *     set up correctly never gets. Default 50.
 * @param slip every how many-th answer held back is sent as an empty answer with TC=1 instead of
 *     nothing, so a real resolver behind a spoofed network retries over TCP and gets its answer. 1
 *     truncates every one, 0 drops every one. Default 2, as BIND and NSD.
 * @param ipv4PrefixLength how many leading bits of an IPv4 source name its network. Default 24.
 * @param ipv6PrefixLength how many leading bits of an IPv6 source name its network. Default 56, a
 *     site's usual allocation.
 * @param exempt networks never limited, in CIDR notation: your own resolvers and mail servers.
 *     Default {@code 127.0.0.0/8} and {@code ::1}: the kernel drops packets from the internet that
 *     claim a loopback source (a "martian"), so they cannot be spoofed from outside. An empty value
 *     exempts nothing.
 * @param tableSize how many buckets the table holds, rounded up to a power of two: 8 bytes each,
 *     fixed at start-up, never more whatever the sources. A bucket is needed only while its network
 *     is busy (about one second after its last answer). Default 262144 (2 MB).
 */
@ConfigurationProperties("palisade.dns.rrl")
@Validated
public record RateLimitSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("200")
        @Min(value = 0, message = RATE_RANGE)
        @Max(value = MAX_RATE, message = RATE_RANGE)
        int responsesPerSecond,
    @DefaultValue("200")
        @Min(value = 0, message = RATE_RANGE)
        @Max(value = MAX_RATE, message = RATE_RANGE)
        int nodataPerSecond,
    @DefaultValue("1000")
        @Min(value = 0, message = RATE_RANGE)
        @Max(value = MAX_RATE, message = RATE_RANGE)
        int nxdomainsPerSecond,
    @DefaultValue("50")
        @Min(value = 0, message = RATE_RANGE)
        @Max(value = MAX_RATE, message = RATE_RANGE)
        int errorsPerSecond,
    @DefaultValue("2") @Min(value = 0, message = SLIP_RANGE) @Max(value = 10, message = SLIP_RANGE)
        int slip,
    @DefaultValue("24")
        @Min(value = 1, message = "must be 1 to 32")
        @Max(value = 32, message = "must be 1 to 32")
        int ipv4PrefixLength,
    @DefaultValue("56")
        @Min(value = 1, message = "must be 1 to 128")
        @Max(value = 128, message = "must be 1 to 128")
        int ipv6PrefixLength,
    @DefaultValue({"127.0.0.0/8", "::1"}) List<String> exempt,
    @DefaultValue("262144")
        @Min(value = 1024, message = TABLE_RANGE)
        @Max(value = MAX_TABLE, message = TABLE_RANGE)
        int tableSize) {

  /** The highest rate: one answer per 10 µs, the resolution of {@link BucketTable}. */
  static final int MAX_RATE = 100_000;

  /** The largest table: 2^24 buckets, 128 MB. */
  static final int MAX_TABLE = 1 << 24;

  private static final String RATE_RANGE = "must be 0 (unlimited) to " + MAX_RATE + " per second";
  private static final String SLIP_RANGE = "must be 0 (never) to 10";
  private static final String TABLE_RANGE = "must be 1024 to " + MAX_TABLE + " buckets";

  /** Checks the exempt networks, so a typo stops the start-up instead of exempting nobody. */
  public RateLimitSettings {
    // "--palisade.dns.rrl.exempt=" binds as one empty element: it means nobody is exempt.
    exempt =
        exempt == null
            ? List.of("127.0.0.0/8", "::1")
            : exempt.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String network : exempt) {
      network(network);
    }
  }

  /** The defaults, as an application without any {@code palisade.dns.rrl} property gets them. */
  public static RateLimitSettings defaults() {
    return new RateLimitSettings(true, 200, 200, 1000, 50, 2, 24, 56, null, 262144);
  }

  /** Rate limiting switched off: every answer is sent. */
  static RateLimitSettings off() {
    return defaults().withEnabled(false);
  }

  /** A copy switched on or off. */
  RateLimitSettings withEnabled(boolean on) {
    return new RateLimitSettings(
        on,
        responsesPerSecond,
        nodataPerSecond,
        nxdomainsPerSecond,
        errorsPerSecond,
        slip,
        ipv4PrefixLength,
        ipv6PrefixLength,
        exempt,
        tableSize);
  }

  /** The rate of one class of answer, per second; 0 for unlimited. */
  int perSecond(ResponseClass type) {
    return switch (type) {
      case RESPONSE -> responsesPerSecond;
      case NODATA -> nodataPerSecond;
      case NXDOMAIN -> nxdomainsPerSecond;
      case ERROR -> errorsPerSecond;
    };
  }

  /** The exempt networks, parsed. */
  List<EntryValue> exemptNetworks() {
    return exempt.stream().map(RateLimitSettings::network).toList();
  }

  private static EntryValue network(String text) {
    EntryValue value;
    try {
      value = EntryValue.parse(text);
    } catch (InvalidEntryException e) {
      throw new IllegalArgumentException("palisade.dns.rrl.exempt: " + e.getMessage());
    }
    if (!(value instanceof EntryValue.Ip4Network) && !(value instanceof EntryValue.Ip6Network)) {
      throw new IllegalArgumentException(
          "palisade.dns.rrl.exempt: '"
              + text
              + "' is not an IPv4 or IPv6 address or network (such as 192.0.2.0/24)");
    }
    return value;
  }
}
