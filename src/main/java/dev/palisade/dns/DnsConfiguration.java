package dev.palisade.dns;

import dev.palisade.index.LiveIndex;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the DNS server: a {@link QueryHandler} reading the current snapshot of the application's
 * {@link LiveIndex} bean (defined by the index wiring, not here), and the {@link DnsServer} that
 * serves it, started and stopped with the application context, its UDP answers rate limited by the
 * {@link RateLimiter} ({@code palisade.dns.rrl.*}). With {@code palisade.dns.enabled=false} there
 * is no server (the command line runs so).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DnsSettings.class, RateLimitSettings.class})
public class DnsConfiguration {

  @Bean
  QueryHandler queryHandler(DnsSettings settings, LiveIndex liveIndex) {
    return new QueryHandler(settings, liveIndex::snapshot);
  }

  /** Response rate limiting of UDP answers; its counters are there for metrics to read. */
  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  RateLimiter rateLimiter(RateLimitSettings settings) {
    return new RateLimiter(settings);
  }

  /**
   * The server, reporting its answers to the context's {@link AnswerObserver} (the statistics,
   * wired by start-up), or to nobody when the context has none.
   */
  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  DnsServer dnsServer(
      DnsSettings settings,
      QueryHandler queryHandler,
      ObjectProvider<AnswerObserver> observer,
      RateLimiter rateLimiter) {
    return new DnsServer(
        settings, queryHandler, observer.getIfAvailable(() -> AnswerObserver.NONE), rateLimiter);
  }
}
