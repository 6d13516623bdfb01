package dev.palisade.metrics;

import dev.palisade.dns.DnsTraffic;
import dev.palisade.dns.RateLimiter;
import dev.palisade.dns.TcpCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The DNS server's meters, read from its running totals at each scrape, as CoreDNS names its own
 * ({@code coredns_dns_requests_total}, {@code coredns_dns_responses_total}):
 *
 * <ul>
 *   <li>{@code palisade_dns_requests_total{zone_kind, type, proto}}: queries answered, by the kind
 *       of zone asked (bl, wl, dbl, dwl, none), the query type (A, AAAA, TXT, ANY, other) and the
 *       transport (udp, tcp);
 *   <li>{@code palisade_dns_responses_total{zone_kind, rcode, listed}}: answers sent, by rcode
 *       (NOERROR … REFUSED, other) and whether they listed the name (true, false);
 *   <li>{@code palisade_dns_tcp_refused_total{reason}}: TCP connections closed at once, because
 *       every slot was taken ({@code slots}) or the source's share was ({@code source});
 *   <li>{@code palisade_dns_tcp_closed_total{reason}}: TCP connections closed later, idle, too slow
 *       to send a message, or not reading their answers ({@code idle}, {@code slow}, {@code
 *       unread});
 *   <li>{@code palisade_dns_rrl_drops_total}, {@code palisade_dns_rrl_slips_total}: UDP answers
 *       response rate limiting held back, and sent truncated instead.
 * </ul>
 *
 * <p>Every label value comes from a fixed list, so there are at most 50 + 70 + 7 series whatever
 * the number of accounts: nothing here is per account, per mail server or per zone label (the
 * dashboard's statistics keep those). A new running total of the DNS server becomes a meter with
 * one more {@link #counter} line in {@link #bindTo}.
 *
 * <p>Thread-safe: Micrometer reads the totals, which are themselves thread-safe, when scraped.
 */
final class DnsMeters implements MeterBinder {

  private final DnsTraffic traffic;

  /** Null where there is no DNS server (the command line). */
  private final TcpCounters tcp;

  /** Null where there is no DNS server (the command line). */
  private final RateLimiter limiter;

  DnsMeters(DnsTraffic traffic, TcpCounters tcp, RateLimiter limiter) {
    this.traffic = traffic;
    this.tcp = tcp;
    this.limiter = limiter;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (int zone = 0; zone < DnsTraffic.ZONE_KINDS.size(); zone++) {
      for (int type = 0; type < DnsTraffic.TYPES.size(); type++) {
        for (int proto = 0; proto < DnsTraffic.PROTOS.size(); proto++) {
          int z = zone;
          int t = type;
          int p = proto;
          FunctionCounter.builder("palisade.dns.requests", traffic, d -> d.requests(z, t, p))
              .description("DNS queries answered, by zone kind, query type and transport")
              .tag("zone_kind", DnsTraffic.ZONE_KINDS.get(zone))
              .tag("type", DnsTraffic.TYPES.get(type))
              .tag("proto", DnsTraffic.PROTOS.get(proto))
              .register(registry);
        }
      }
      for (int rcode = 0; rcode < DnsTraffic.RCODES.size(); rcode++) {
        for (boolean listed : new boolean[] {false, true}) {
          int z = zone;
          int r = rcode;
          FunctionCounter.builder("palisade.dns.responses", traffic, d -> d.responses(z, r, listed))
              .description("DNS answers sent, by zone kind, rcode and whether the name was listed")
              .tag("zone_kind", DnsTraffic.ZONE_KINDS.get(zone))
              .tag("rcode", DnsTraffic.RCODES.get(rcode))
              .tag("listed", Boolean.toString(listed))
              .register(registry);
        }
      }
    }
    if (tcp != null) {
      tcpCounter(registry, "palisade.dns.tcp.refused", "slots", TcpCounters::refusedFull);
      tcpCounter(registry, "palisade.dns.tcp.refused", "source", TcpCounters::refusedPerSource);
      tcpCounter(registry, "palisade.dns.tcp.closed", "idle", TcpCounters::closedIdle);
      tcpCounter(registry, "palisade.dns.tcp.closed", "slow", TcpCounters::closedSlow);
      tcpCounter(registry, "palisade.dns.tcp.closed", "unread", TcpCounters::closedUnread);
    }
    if (limiter != null) {
      counter(
          registry,
          "palisade.dns.rrl.drops",
          "UDP answers response rate limiting held back",
          limiter,
          RateLimiter::dropped);
      counter(
          registry,
          "palisade.dns.rrl.slips",
          "UDP answers response rate limiting sent truncated instead (TC, ask again over TCP)",
          limiter,
          RateLimiter::slipped);
    }
  }

  /**
   * A TCP connection turned away: {@code refused} at once (every slot taken, or the source's share
   * taken) or {@code closed} later (idle, too slow to send a message, not reading its answers).
   */
  private void tcpCounter(
      MeterRegistry registry, String name, String reason, ToDoubleFunction<TcpCounters> total) {
    FunctionCounter.builder(name, tcp, total)
        .description("TCP connections of the DNS server turned away, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  /** A counter reading a running total of {@code source} whenever it is scraped. */
  private static <T> void counter(
      MeterRegistry registry,
      String name,
      String description,
      T source,
      ToDoubleFunction<T> total) {
    FunctionCounter.builder(name, source, total).description(description).register(registry);
  }
}
