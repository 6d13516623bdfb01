package dev.palisade.stats;

import dev.palisade.account.ScopesChanged;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Keeps the zones of the {@link ZoneCounters} the DNS server counts into in step with the scopes
 * after every change to the set of scopes. (The counters, with the scopes at start-up, are made
 * with the DNS server, in {@code system.DnsContext}.)
 */
@Configuration(proxyBeanMethods = false)
class StatsWiring {

  @Bean
  ScopeListener zoneCountersListener(ZoneCounters counters) {
    return new ScopeListener(counters);
  }

  /** Follows the set of scopes. */
  static final class ScopeListener {
    private final ZoneCounters counters;

    ScopeListener(ZoneCounters counters) {
      this.counters = counters;
    }

    @EventListener
    void on(ScopesChanged change) {
      counters.scopes(change.scopes().stream().flatMap(s -> s.labels().stream()).toList());
    }
  }
}
