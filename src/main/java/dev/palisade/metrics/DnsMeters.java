package dev.palisade.metrics;

import dev.palisade.dns.DnsCounts;
import dev.palisade.dns.DnsTraffic;
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
 *   <li>{@code palisade_dns_tcp_refused_total}: TCP connections closed at once because every slot
 *       was taken.
 * </ul>
 *
 * <p>Every label value comes from a fixed list, so there are at most 50 + 70 series whatever the
 * number of accounts: nothing here is per account, per mail server or per zone label (the
 * dashboard's statistics keep those). A new running total of the DNS server ({@link DnsCounts})
 * becomes a meter with one more {@link #counter} line in {@link #bindTo}.
 *
 * <p>Thread-safe: Micrometer reads the totals, which are themselves thread-safe, when scraped.
 */
final class DnsMeters implements MeterBinder {

  private final DnsTraffic traffic;

  /** Null where there is no DNS server (the command line). */
  private final DnsCounts counts;

  DnsMeters(DnsTraffic traffic, DnsCounts counts) {
    this.traffic = traffic;
    this.counts = counts;
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
    if (counts != null) {
      counter(
          registry,
          "palisade.dns.tcp.refused",
          "TCP connections closed at once because every connection slot was taken",
          counts,
          DnsCounts::tcpRefusedTotal);
      // Each further total of DnsCounts gets its line here; the names response rate limiting's
      // totals take are palisade.dns.rrl.drops and palisade.dns.rrl.slips (README, dashboard).
    }
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
