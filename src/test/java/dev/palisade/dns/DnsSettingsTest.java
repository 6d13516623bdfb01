package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class DnsSettingsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(DnsSettings.class)
  static class Bind {}

  @Test
  void bindsTheDocumentedDefaultsWhenNothingIsSet() {
    context.run(
        c -> {
          DnsSettings s = c.getBean(DnsSettings.class);
          assertThat(s).isEqualTo(DnsSettings.defaults());
          assertThat(s.baseZone()).isEqualTo("rbl.palisade.test");
          assertThat(s.address()).isEqualTo("127.0.0.1");
          assertThat(s.port()).isEqualTo(5353);
          assertThat(s.udpThreads()).isEqualTo(2);
          assertThat(s.ttl()).isEqualTo(300);
          assertThat(s.soa())
              .isEqualTo(
                  new DnsSettings.Soa(3600, 3600, 600, 604800, 60, "hostmaster.rbl.palisade.test"));
          assertThat(s.nameServers()).containsExactly("ns.rbl.palisade.test");
          assertThat(s.nsTtl()).isEqualTo(3600);
          assertThat(s.tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(s.tcpMaxConnections()).isEqualTo(128);
          assertThat(s.tcpMessageTimeout()).isEqualTo(Duration.ofSeconds(5));
          assertThat(s.transferMessageTimeout()).isEqualTo(Duration.ofMinutes(2));
          assertThat(s.tcpMaxPerSource()).isEqualTo(8);
          assertThat(s.allowQuery()).isEmpty();
          assertThat(s.blockTxt()).isEqualTo("Blocked: $");
          assertThat(s.allowTxt()).isEqualTo("Allowed: $");
          assertThat(s.udpIo()).isEqualTo("auto");
          assertThat(s.backgroundNice()).isEqualTo(10);
          assertThat(s.requestNice()).isEqualTo(5);
        });
  }

  @Test
  void bindsEveryPropertyAndDerivesDefaultsFromTheBaseZone() {
    context
        .withPropertyValues(
            "palisade.dns.base-zone=BL.Example.NET",
            "palisade.dns.address=0.0.0.0",
            "palisade.dns.port=53",
            "palisade.dns.udp-threads=4",
            "palisade.dns.ttl=600",
            "palisade.dns.soa.minimum=30",
            "palisade.dns.soa.ttl=7200",
            "palisade.dns.name-servers[0]=a.ns.example.org",
            "palisade.dns.name-servers[1]=b.ns.example.org",
            "palisade.dns.ns-ttl=86400",
            "palisade.dns.tcp-idle-timeout=3s",
            "palisade.dns.tcp-max-connections=16",
            "palisade.dns.tcp-message-timeout=2s",
            "palisade.dns.transfer-message-timeout=10m",
            "palisade.dns.tcp-max-per-source=4",
            "palisade.dns.allow-query=192.0.2.0/24, 2001:db8::/48",
            "palisade.dns.block-txt=Spam from $",
            "palisade.dns.udp-io=NIO",
            "palisade.dns.background-nice=0",
            "palisade.dns.request-nice=2")
        .run(
            c -> {
              DnsSettings s = c.getBean(DnsSettings.class);
              assertThat(s.baseZone()).isEqualTo("bl.example.net");
              assertThat(s.address()).isEqualTo("0.0.0.0");
              assertThat(s.port()).isEqualTo(53);
              assertThat(s.udpThreads()).isEqualTo(4);
              assertThat(s.ttl()).isEqualTo(600);
              assertThat(s.soa())
                  .isEqualTo(
                      new DnsSettings.Soa(
                          7200, 3600, 600, 604800, 30, "hostmaster.bl.example.net"));
              assertThat(s.soa().negativeTtl()).isEqualTo(30);
              assertThat(s.nameServers()).containsExactly("a.ns.example.org", "b.ns.example.org");
              assertThat(s.nsTtl()).isEqualTo(86400);
              assertThat(s.tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(s.tcpMaxConnections()).isEqualTo(16);
              assertThat(s.tcpMessageTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(s.transferMessageTimeout()).isEqualTo(Duration.ofMinutes(10));
              assertThat(s.tcpMaxPerSource()).isEqualTo(4);
              assertThat(s.allowQuery()).containsExactly("192.0.2.0/24", "2001:db8::/48");
              assertThat(s.blockTxt()).isEqualTo("Spam from $");
              assertThat(s.allowTxt()).isEqualTo("Allowed: $");
              assertThat(s.udpIo()).isEqualTo("nio");
              assertThat(s.backgroundNice()).isZero();
              assertThat(s.requestNice()).isEqualTo(2);
            });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "port, 65536, palisade.dns.port",
    "port, -1, palisade.dns.port",
    "udp-threads, 0, palisade.dns.udp-threads",
    "ttl, -5, palisade.dns.ttl",
    "soa.minimum, 4294967296, palisade.dns.soa.minimum",
    "base-zone, 'a..b', palisade.dns.base-zone",
    "base-zone, '.', palisade.dns.base-zone",
    "tcp-idle-timeout, 0s, palisade.dns.tcp-idle-timeout",
    "tcp-max-connections, 0, palisade.dns.tcp-max-connections",
    "tcp-message-timeout, 0s, palisade.dns.tcp-message-timeout",
    "transfer-message-timeout, 0s, palisade.dns.transfer-message-timeout",
    "tcp-max-per-source, 0, palisade.dns.tcp-max-per-source",
    "allow-query, 'example.com', palisade.dns.allow-query",
    "name-servers[0], 'bad..name', palisade.dns.name-servers",
    "soa.hostmaster, 'x@bad..domain', palisade.dns.soa.hostmaster",
    "udp-io, epoll, palisade.dns.udp-io",
    "background-nice, 20, palisade.dns.background-nice",
  })
  void refusesToStartWithAnInvalidValueNamingTheProperty(
      String property, String value, String named) {
    context
        .withPropertyValues("palisade.dns." + property + "=" + value)
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure()).rootCause().hasMessageContaining(named);
            });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "port, 65536, 'must be 0 (any free port) to 65535'",
    "udp-threads, 257, 'must be 1 to 256'",
    "ns-ttl, 2147483648, 'must be 0 to 2147483647 seconds'",
    "soa.retry, -1, 'must be 0 to 2147483647 seconds'",
    "tcp-idle-timeout, 25d, 'must be at least 1ms and under 24 days'",
    "tcp-max-connections, 65537, 'must be 1 to 65536'",
    "tcp-message-timeout, -1s, 'must be at least 1ms and under 24 days'",
    "transfer-message-timeout, 25d, 'must be at least 1ms and under 24 days'",
    "allow-query, '192.0.2.1/24', 'has host bits set; the network is 192.0.2.0/24'",
    "allow-query, '::ffff:192.0.2.1', 'is an IPv4-mapped IPv6 address'",
    "udp-io, ' Native2 ', 'must be auto, native or nio'",
    "background-nice, -1, 'must be 0 (off) to 19'",
    "background-nice, 20, 'must be 0 (off) to 19'",
    "request-nice, -1, 'must be 0 to 19'",
    "request-nice, 20, 'must be 0 to 19'",
  })
  void saysWhatAValueMustBe(String property, String value, String reason) {
    context
        .withPropertyValues("palisade.dns." + property + "=" + value)
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure()).rootCause().hasMessageContaining(reason);
            });
  }

  @Test
  void acceptsUdpIoInAnyCaseWithSpaces() {
    context
        .withPropertyValues("palisade.dns.udp-io= NATIVE ")
        .run(c -> assertThat(c.getBean(DnsSettings.class).udpIo()).isEqualTo("native"));
  }

  @Test
  void turnsAMailboxIntoAnSoaRname() {
    assertThat(DnsSettings.Soa.mailboxToName("dns.admin@example.net"))
        .isEqualTo("dns\\.admin.example.net");
    assertThat(DnsSettings.Soa.mailboxToName("hostmaster.example.net"))
        .isEqualTo("hostmaster.example.net");
  }

  @Test
  void keepsAnExplicitNameServerListUnmodifiable() {
    DnsSettings s =
        new DnsSettings(
            "rbl.example",
            "127.0.0.1",
            0,
            1,
            1,
            null,
            new java.util.ArrayList<>(List.of("ns1.example")),
            1,
            Duration.ofSeconds(1),
            1,
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            8,
            null,
            null,
            null,
            null,
            0,
            0);

    assertThatThrownBy(() -> s.nameServers().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
