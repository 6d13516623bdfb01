package dev.palisade.boot;

import dev.palisade.account.ChangeLog;
import dev.palisade.cluster.ClusterSettings;
import dev.palisade.cluster.FeedHealth;
import dev.palisade.cluster.FeedProgress;
import dev.palisade.cluster.NodeHeartbeat;
import dev.palisade.cluster.NodeIdentity;
import dev.palisade.cluster.Nodes;
import dev.palisade.dns.DnsServer;
import dev.palisade.dns.DnsSettings;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * This node in the list of nodes sharing the database: its identity, the list for the API and the
 * web UI, its heartbeat (only where a DNS server runs: the command line is no node), and its health
 * as a follower of the change feed (component {@code feed} of {@code /actuator/health}).
 */
@Configuration(proxyBeanMethods = false)
class NodeWiring {

  @Bean
  Nodes nodes(
      JdbcTemplate jdbc,
      ChangeLog changeLog,
      ClusterSettings settings,
      Clock clock,
      DnsSettings dnsSettings,
      ObjectProvider<DnsServer> dnsServer) {
    NodeIdentity self =
        NodeIdentity.of(
            changeLog.node(), clock.instant(), () -> dnsAddress(dnsSettings, dnsServer));
    return new Nodes(jdbc, changeLog, settings, clock, self);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "palisade.dns.enabled", matchIfMissing = true)
  NodeHeartbeat nodeHeartbeat(
      Nodes nodes,
      ChangeLog changeLog,
      FeedProgress progress,
      ClusterSettings settings,
      Clock clock) {
    return new NodeHeartbeat(nodes, changeLog, progress, settings, clock);
  }

  /** Named so that its component of {@code /actuator/health} is {@code feed}. */
  @Bean
  FeedHealth feedHealthIndicator(
      FeedProgress progress, ClusterSettings settings, Clock clock, ChangeLog changeLog) {
    return new FeedHealth(progress, settings, clock, changeLog.node());
  }

  /** Where the DNS server listens, {@code address:port} ({@code [address]:port} for IPv6). */
  private static String dnsAddress(DnsSettings settings, ObjectProvider<DnsServer> server) {
    DnsServer running = server.getIfAvailable();
    if (running == null || running.port() < 0) {
      return null;
    }
    String address = settings.address();
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + running.port();
  }
}
