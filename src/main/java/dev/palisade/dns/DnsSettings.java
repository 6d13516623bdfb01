package dev.palisade.dns;

import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.Networks;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Settings of the DNS server, bound from {@code palisade.dns.*} and checked once at start-up: an
 * invalid value stops the application with a message naming the property. Immutable.
 *
 * <p>One more setting is read where the server is wired ({@link DnsConfiguration}), not bound here:
 * {@code palisade.dns.enabled}, default {@code true}; {@code false} starts no DNS server at all, as
 * the command line ({@code import}, {@code export}) runs.
 *
 * @param baseZone the base zone every served zone hangs under ({@code <scope>.bl.<base-zone>} and
 *     so on); the parent zone must delegate it to this server. Default {@code rbl.palisade.test}.
 * @param address the local IP address the UDP and TCP sockets listen on. Default {@code 127.0.0.1};
 *     use {@code 0.0.0.0} or {@code ::} to listen on every interface.
 * @param port the UDP and TCP port. Default 5353 (53 needs privileges); 0 picks a free port, for
 *     tests.
 * @param udpThreads how many threads receive UDP queries, each on its own socket sharing the port
 *     (SO_REUSEPORT), so the kernel spreads queries between them. Default 2; about one per core.
 * @param ttl TTL in seconds of the A and TXT records of a listed name. Default 300. Lower means
 *     changes reach resolvers sooner, higher means fewer queries.
 * @param soa the values of every zone's SOA record, see {@link Soa}
 * @param nameServers the names published as NS of every zone; the first is the SOA MNAME. Default
 *     {@code ns.<base-zone>}. They must match the delegation in the parent zone.
 * @param nsTtl TTL in seconds of the NS records. Default 3600.
 * @param tcpIdleTimeout how long a TCP connection may stay silent before the server closes it (RFC
 *     7766 §6.2.3). Default 10s.
 * @param tcpMaxConnections how many TCP connections are served at once; more are closed right after
 *     accepting them. Default 128.
 * @param tcpMessageTimeout how long a TCP message may take to arrive once its first byte has: the
 *     two-byte length and the whole message must be there within it, however the bytes trickle in,
 *     or the connection is closed (RFC 7766 §6.2.3, §10). An answer must be written within it too,
 *     so a client that never reads its answers is closed as well. Default 5s.
 * @param transferMessageTimeout how long each message of a zone transfer (AXFR, IXFR) may wait to
 *     be taken by a secondary — an address {@code palisade.transfer.allow} lets transfer — before
 *     the connection is closed. A secondary loading a large zone on a busy machine or over a slow
 *     link may leave a message unread for longer than {@code tcpMessageTimeout}, and would lose the
 *     whole transfer; one that reads nothing for this long is taken to be gone. The transfer as a
 *     whole has no limit: it takes as long as the secondary keeps reading. Default 2m.
 * @param tcpMaxPerSource how many TCP connections one source may hold at once; more are closed
 *     right after accepting them (RFC 7766 §6.2.2). A source is one IPv4 address, or one IPv6 /64
 *     (what one site is usually given). Default 8.
 * @param allowQuery the networks allowed to query the scopes' zones that have no query ACL of their
 *     own (nor through their account): a list of addresses and networks such as {@code
 *     192.0.2.0/24, 2001:db8::/48}. Others get REFUSED. Default empty: everyone, as DNSBLs are
 *     public.
 * @param blockTxt the TXT answer of a blocked name whose entry has no reason; {@code $} is replaced
 *     by the queried address or the matched domain name. Default {@code Blocked: $}.
 * @param allowTxt the TXT answer of an allowed name whose entry has no reason; {@code $} as above.
 *     Default {@code Allowed: $}.
 * @param udpIo how the UDP sockets are read and written: {@code native} batches queries with one
 *     {@code recvmmsg}/{@code sendmmsg} system call per batch (Linux, a library built into the jar;
 *     start-up fails when it cannot be loaded), {@code nio} uses the JDK's portable
 *     DatagramChannel, one query per system call. Default {@code auto}: native when it loads, else
 *     nio; the log says which.
 * @param backgroundNice how many nice steps every other thread of the process gets above the
 *     threads that answer DNS once the server runs, so background work yields to DNS on a busy core
 *     ({@link AnsweringPriority}; Linux with the native UDP library). 0 to 19; 0 leaves every
 *     thread as it is. Default 10.
 * @param requestNice how many nice steps the web server's request threads (the API's and the web
 *     UI's requests, a write's commit and its update of the index among them) get above the threads
 *     that answer DNS, instead of {@code backgroundNice}: a write returns once DNS answers it, so
 *     it should not wait behind the statistics. 0 to 19; at most {@code backgroundNice} takes
 *     effect. Default 5.
 */
@ConfigurationProperties("palisade.dns")
@Validated
public record DnsSettings(
    @DefaultValue("rbl.palisade.test") String baseZone,
    @DefaultValue("127.0.0.1") String address,
    @DefaultValue("5353")
        @Min(value = 0, message = PORT_RANGE)
        @Max(value = 65535, message = PORT_RANGE)
        int port,
    @DefaultValue("2")
        @Min(value = 1, message = UDP_THREADS_RANGE)
        @Max(value = 256, message = UDP_THREADS_RANGE)
        int udpThreads,
    @DefaultValue("300")
        @Min(value = 0, message = TTL_RANGE)
        @Max(value = MAX_TTL, message = TTL_RANGE)
        long ttl,
    @DefaultValue @Valid Soa soa,
    List<String> nameServers,
    @DefaultValue("3600")
        @Min(value = 0, message = TTL_RANGE)
        @Max(value = MAX_TTL, message = TTL_RANGE)
        long nsTtl,
    @DefaultValue("10s") Duration tcpIdleTimeout,
    @DefaultValue("128")
        @Min(value = 1, message = TCP_CONNECTIONS_RANGE)
        @Max(value = 65536, message = TCP_CONNECTIONS_RANGE)
        int tcpMaxConnections,
    @DefaultValue("5s") Duration tcpMessageTimeout,
    @DefaultValue("2m") Duration transferMessageTimeout,
    @DefaultValue("8")
        @Min(value = 1, message = TCP_CONNECTIONS_RANGE)
        @Max(value = 65536, message = TCP_CONNECTIONS_RANGE)
        int tcpMaxPerSource,
    List<String> allowQuery,
    @DefaultValue("Blocked: $") String blockTxt,
    @DefaultValue("Allowed: $") String allowTxt,
    @DefaultValue("auto")
        @Pattern(regexp = "auto|native|nio", message = "must be auto, native or nio")
        String udpIo,
    @DefaultValue("10")
        @Min(value = 0, message = NICE_RANGE)
        @Max(value = AnsweringPriority.LOWEST, message = NICE_RANGE)
        int backgroundNice,
    @DefaultValue("5")
        @Min(value = 0, message = REQUEST_NICE_RANGE)
        @Max(value = AnsweringPriority.LOWEST, message = REQUEST_NICE_RANGE)
        int requestNice) {

  /** Longest TTL allowed by RFC 2181 §8. */
  static final long MAX_TTL = 0x7fffffffL;

  private static final String TTL_RANGE = "must be 0 to " + MAX_TTL + " seconds";
  private static final String PORT_RANGE = "must be 0 (any free port) to 65535";
  private static final String UDP_THREADS_RANGE = "must be 1 to 256";
  private static final String TCP_CONNECTIONS_RANGE = "must be 1 to 65536";
  private static final String NICE_RANGE = "must be 0 (off) to " + AnsweringPriority.LOWEST;
  private static final String REQUEST_NICE_RANGE = "must be 0 to " + AnsweringPriority.LOWEST;

  /**
   * Checks the names and addresses, normalises them and fills in the defaults that depend on the
   * base zone. The ranges are constraints on the components, checked when the settings are bound.
   */
  public DnsSettings {
    baseZone = requireText("base-zone", baseZone).toLowerCase(Locale.ROOT);
    if (baseZone.length() > 1 && baseZone.endsWith(".")) {
      baseZone = baseZone.substring(0, baseZone.length() - 1);
    }
    Name base = parseName("base-zone", baseZone);
    // Room for a scope label, a list label and 32 IPv6 nibbles below the base zone (RFC 1035 §3.1).
    if (base.length() > 255 - 64 - 5 - 64) {
      throw invalid("base-zone", baseZone, "is too long to leave room for the names below it");
    }
    address = requireText("address", address);
    try {
      InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw invalid("address", address, "is not an IP address or resolvable host name");
    }
    if (soa == null) {
      soa = new Soa(3600, 3600, 600, 604800, 60, null);
    }
    if (soa.hostmaster() == null || soa.hostmaster().isBlank()) {
      soa = soa.withHostmaster("hostmaster." + baseZone);
    }
    parseName("soa.hostmaster", Soa.mailboxToName(soa.hostmaster()));
    if (nameServers == null || nameServers.isEmpty()) {
      nameServers = List.of("ns." + baseZone);
    }
    nameServers = List.copyOf(nameServers);
    for (String ns : nameServers) {
      parseName("name-servers", requireText("name-servers", ns));
    }
    // Bean Validation has no constraint for a Duration; Hibernate Validator's own would be the
    // only dependency of dns on Hibernate.
    requireTimeout("tcp-idle-timeout", tcpIdleTimeout);
    requireTimeout("tcp-message-timeout", tcpMessageTimeout);
    requireTimeout("transfer-message-timeout", transferMessageTimeout);
    allowQuery = allowQuery == null ? List.of() : List.copyOf(allowQuery);
    if (!allowQuery.isEmpty()) {
      try {
        Networks.parse(allowQuery);
      } catch (InvalidEntryException e) {
        throw invalid("allow-query", String.join(", ", allowQuery), e.getMessage());
      }
    }
    blockTxt = blockTxt == null ? "Blocked: $" : blockTxt;
    allowTxt = allowTxt == null ? "Allowed: $" : allowTxt;
    udpIo = udpIo == null ? "auto" : udpIo.strip().toLowerCase(Locale.ROOT);
  }

  /** The networks of {@link #allowQuery()}; null when it is empty: everyone may query. */
  public Networks allowQueryNetworks() {
    return allowQuery.isEmpty() ? null : Networks.parse(allowQuery);
  }

  /** The defaults, as an application without any {@code palisade.dns} property gets them. */
  public static DnsSettings defaults() {
    return new DnsSettings(
        "rbl.palisade.test",
        "127.0.0.1",
        5353,
        2,
        300,
        null,
        null,
        3600,
        Duration.ofSeconds(10),
        128,
        Duration.ofSeconds(5),
        Duration.ofMinutes(2),
        8,
        null,
        null,
        null,
        null,
        10,
        5);
  }

  /** A copy listening on another address and port. */
  public DnsSettings withListener(String address, int port) {
    return copy(
        c -> {
          c.address = address;
          c.port = port;
        });
  }

  /** A copy with another TCP idle timeout. */
  public DnsSettings withTcpIdleTimeout(Duration timeout) {
    return copy(c -> c.tcpIdleTimeout = timeout);
  }

  /**
   * A copy with other TCP limits: at most {@code connections} at once, {@code perSource} of them
   * from one source, each message within {@code messageTimeout} of its first byte.
   */
  public DnsSettings withTcpLimits(int connections, int perSource, Duration messageTimeout) {
    return copy(
        c -> {
          c.tcpMaxConnections = connections;
          c.tcpMaxPerSource = perSource;
          c.tcpMessageTimeout = messageTimeout;
        });
  }

  /** A copy allowing only these networks to query zones without an ACL of their own. */
  public DnsSettings withAllowQuery(List<String> networks) {
    return copy(c -> c.allowQuery = networks);
  }

  /** A copy reading and writing UDP the given way ({@code auto}, {@code native}, {@code nio}). */
  public DnsSettings withUdpIo(String udpIo) {
    return copy(c -> c.udpIo = udpIo);
  }

  /** A copy with other SOA values. */
  DnsSettings withSoa(Soa soa) {
    return copy(c -> c.soa = soa);
  }

  /**
   * A copy of these settings with the changes {@code change} makes to their components, checked
   * again as bound settings are. The one place that lists every component for a copy, so a new
   * setting is added here and in {@link #defaults()}, not in every {@code with...} method.
   */
  private DnsSettings copy(Consumer<Components> change) {
    Components c = new Components(this);
    change.accept(c);
    return c.settings();
  }

  /** The components of a copy being made, changeable until {@link #settings()}. */
  private static final class Components {
    String baseZone;
    String address;
    int port;
    int udpThreads;
    long ttl;
    Soa soa;
    List<String> nameServers;
    long nsTtl;
    Duration tcpIdleTimeout;
    int tcpMaxConnections;
    Duration tcpMessageTimeout;
    Duration transferMessageTimeout;
    int tcpMaxPerSource;
    List<String> allowQuery;
    String blockTxt;
    String allowTxt;
    String udpIo;
    int backgroundNice;
    int requestNice;

    Components(DnsSettings s) {
      baseZone = s.baseZone;
      address = s.address;
      port = s.port;
      udpThreads = s.udpThreads;
      ttl = s.ttl;
      soa = s.soa;
      nameServers = s.nameServers;
      nsTtl = s.nsTtl;
      tcpIdleTimeout = s.tcpIdleTimeout;
      tcpMaxConnections = s.tcpMaxConnections;
      tcpMessageTimeout = s.tcpMessageTimeout;
      transferMessageTimeout = s.transferMessageTimeout;
      tcpMaxPerSource = s.tcpMaxPerSource;
      allowQuery = s.allowQuery;
      blockTxt = s.blockTxt;
      allowTxt = s.allowTxt;
      udpIo = s.udpIo;
      backgroundNice = s.backgroundNice;
      requestNice = s.requestNice;
    }

    DnsSettings settings() {
      return new DnsSettings(
          baseZone,
          address,
          port,
          udpThreads,
          ttl,
          soa,
          nameServers,
          nsTtl,
          tcpIdleTimeout,
          tcpMaxConnections,
          tcpMessageTimeout,
          transferMessageTimeout,
          tcpMaxPerSource,
          allowQuery,
          blockTxt,
          allowTxt,
          udpIo,
          backgroundNice,
          requestNice);
    }
  }

  /**
   * Values of the SOA record at the apex of every zone, bound from {@code palisade.dns.soa.*}.
   *
   * @param ttl TTL in seconds of the SOA record itself. Default 3600.
   * @param refresh how often, in seconds, secondaries check for a new serial. Default 3600.
   * @param retry how long, in seconds, a secondary waits after a failed refresh. Default 600.
   * @param expire after how many seconds without the primary a secondary stops answering. Default
   *     604800 (one week).
   * @param minimum the negative-caching TTL in seconds (RFC 2308 §4): how long a resolver remembers
   *     "not listed". A negative answer lives min(ttl, minimum). Default 60, so a new listing takes
   *     effect within a minute.
   * @param hostmaster the responsible mailbox, as {@code hostmaster.example.net} or {@code
   *     hostmaster@example.net}. Default {@code hostmaster.<base-zone>}.
   */
  public record Soa(
      @DefaultValue("3600")
          @Min(value = 0, message = TTL_RANGE)
          @Max(value = MAX_TTL, message = TTL_RANGE)
          long ttl,
      @DefaultValue("3600")
          @Min(value = 0, message = TTL_RANGE)
          @Max(value = MAX_TTL, message = TTL_RANGE)
          long refresh,
      @DefaultValue("600")
          @Min(value = 0, message = TTL_RANGE)
          @Max(value = MAX_TTL, message = TTL_RANGE)
          long retry,
      @DefaultValue("604800")
          @Min(value = 0, message = TTL_RANGE)
          @Max(value = MAX_TTL, message = TTL_RANGE)
          long expire,
      @DefaultValue("60")
          @Min(value = 0, message = TTL_RANGE)
          @Max(value = MAX_TTL, message = TTL_RANGE)
          long minimum,
      String hostmaster) {

    Soa withHostmaster(String mailbox) {
      return new Soa(ttl, refresh, retry, expire, minimum, mailbox);
    }

    /**
     * The SOA RNAME form of a mailbox (RFC 1035 §8): {@code a.b@example.net} → {@code
     * a\.b.example.net}.
     */
    static String mailboxToName(String mailbox) {
      int at = mailbox.indexOf('@');
      if (at < 0) {
        return mailbox;
      }
      return mailbox.substring(0, at).replace(".", "\\.") + "." + mailbox.substring(at + 1);
    }

    /** The negative-answer TTL: the SOA's TTL capped by its MINIMUM (RFC 2308 §3). */
    long negativeTtl() {
      return Math.min(ttl, minimum);
    }
  }

  /** A timeout a socket can be given: at least 1 ms, at most {@code Integer.MAX_VALUE} ms. */
  private static void requireTimeout(String property, Duration timeout) {
    if (timeout == null
        || timeout.isNegative()
        || timeout.toMillis() < 1
        || timeout.toMillis() > Integer.MAX_VALUE) {
      throw invalid(property, timeout, "must be at least 1ms and under 24 days");
    }
  }

  private static String requireText(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("palisade.dns." + property + " must not be empty");
    }
    return value.strip();
  }

  private static Name parseName(String property, String text) {
    try {
      Name name = Name.fromString(text, Name.root);
      if (name.labels() < 2) {
        throw invalid(property, text, "must be a domain name below the root");
      }
      return name;
    } catch (TextParseException e) {
      throw invalid(property, text, "is not a valid domain name: " + e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String property, Object value, String problem) {
    return new IllegalArgumentException("palisade.dns." + property + " '" + value + "' " + problem);
  }
}
