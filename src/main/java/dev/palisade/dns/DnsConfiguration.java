package dev.palisade.dns;

import dev.palisade.index.LiveIndex;
import java.time.Clock;
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
@EnableConfigurationProperties({DnsSettings.class, RateLimitSettings.class, QueryLogSettings.class})
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

  /** What the server's TCP side turned away; for metrics. */
  @Bean
  TcpCounters tcpCounters() {
    return new TcpCounters();
  }

  /** What the metrics count of every answer: one of the server's observers. */
  @Bean
  DnsTraffic dnsTraffic(DnsSettings settings) {
    return new DnsTraffic(settings.baseZone());
  }

  /** The query log, off unless its settings or an operator switch it on. */
  @Bean
  QueryLog queryLog(
      QueryLogSettings logSettings, DnsSettings settings, ObjectProvider<Clock> clock) {
    return new QueryLog(logSettings, settings.baseZone(), clock.getIfAvailable(Clock::systemUTC));
  }

  /**
   * The server, reporting its answers to every {@link AnswerObserver} of the context (the
   * statistics and the metrics, wired by start-up), or to nobody when the context has none; zone
   * transfer requests go to the context's {@link TransferResponder}, when it has one.
   */
  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  DnsServer dnsServer(
      DnsSettings settings,
      QueryHandler queryHandler,
      ObjectProvider<AnswerObserver> observers,
      RateLimiter rateLimiter,
      TcpCounters tcpCounters,
      QueryLog queryLog,
      ObjectProvider<TransferResponder> transfers) {
    return new DnsServer(
        settings,
        queryHandler,
        AnswerObserver.all(observers.orderedStream().toList()),
        rateLimiter,
        tcpCounters,
        queryLog,
        transfers.getIfAvailable(() -> TransferResponder.NONE),
        settings.backgroundNice(),
        settings.requestNice());
  }
}
