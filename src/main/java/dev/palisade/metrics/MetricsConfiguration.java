package dev.palisade.metrics;

import dev.palisade.dns.DnsTraffic;
import dev.palisade.dns.RateLimiter;
import dev.palisade.dns.TcpCounters;
import dev.palisade.imports.Imports;
import dev.palisade.index.LiveIndex;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires Palisade's meters to the application's registry. The binders are beans, which Spring Boot
 * binds to every registry; the DNS server and its counts come from the DNS context, and are absent
 * where DNS is off (the command line).
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  @Bean
  DnsMeters dnsMeters(
      DnsTraffic traffic, ObjectProvider<TcpCounters> tcp, ObjectProvider<RateLimiter> limiter) {
    return new DnsMeters(traffic, tcp.getIfAvailable(), limiter.getIfAvailable());
  }

  @Bean
  IndexMeters indexMeters(LiveIndex index) {
    return new IndexMeters(index);
  }

  @Bean
  WriteMeters writeMeters(MeterRegistry registry, ObjectProvider<Imports> imports) {
    Imports found = imports.getIfAvailable();
    return new WriteMeters(registry, found == null ? null : found.counts());
  }

  @Bean
  SignInMeters signInMeters(MeterRegistry registry) {
    return new SignInMeters(registry);
  }
}
