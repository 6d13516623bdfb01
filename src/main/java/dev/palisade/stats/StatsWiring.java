package dev.palisade.stats;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Creates the {@link ZoneCounters} the DNS server counts into and keeps its zones in step with the
 * scopes: all of them at start-up, then after every change to the set of scopes.
 */
@Configuration(proxyBeanMethods = false)
class StatsWiring {

  @Bean
  ZoneCounters zoneCounters(@Value("${palisade.dns.base-zone:rbl.palisade.test}") String baseZone) {
    // The property, not DnsSettings: the DNS server depends on this package, not the reverse.
    return new ZoneCounters(baseZone);
  }

  @Bean
  SmartInitializingSingleton zoneCountersScopes(ZoneCounters counters, Accounts accounts) {
    return () -> counters.scopes(accounts.allScopes().stream().map(ScopeInfo::label).toList());
  }

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
      counters.scopes(change.scopes().stream().map(ScopeInfo::label).toList());
    }
  }
}
