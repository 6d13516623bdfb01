package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.answers;
import static dev.palisade.dns.DnsTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.palisade.index.LiveIndex;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * The Spring wiring: settings bound, the handler reading the LiveIndex bean, the server started.
 */
class DnsConfigurationIT {

  /**
   * The DNS wiring on a free port with one UDP thread, its LiveIndex bean answering from {@link
   * FakeIndex#standard()}.
   */
  private static ApplicationContextRunner servingTheStandardIndex() {
    LiveIndex liveIndex = mock(LiveIndex.class);
    FakeIndex index = FakeIndex.standard();
    when(liveIndex.snapshot()).thenReturn(index);
    return new ApplicationContextRunner()
        .withUserConfiguration(DnsConfiguration.class)
        .withBean(LiveIndex.class, () -> liveIndex)
        .withPropertyValues("palisade.dns.port=0", "palisade.dns.udp-threads=1");
  }

  @Test
  void startsTheServerWithTheContextAndAnswersFromTheLiveIndexBean() {
    servingTheStandardIndex()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DnsServer server = context.getBean(DnsServer.class);
              assertThat(server.isRunning()).isTrue();
              byte[] answer =
                  DnsServerIT.udp(
                      query("2.0.0.127.demo.bl.rbl.palisade.test", "A").toWire(), server.port());
              assertThat(answers(new Message(answer))).isEqualTo("127.0.0.2");
            });
  }

  @Test
  void limitsUdpAnswersAsThePropertiesSay() {
    servingTheStandardIndex()
        .withPropertyValues(
            "palisade.dns.rrl.exempt=",
            "palisade.dns.rrl.responses-per-second=1",
            "palisade.dns.rrl.slip=1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DnsServer server = context.getBean(DnsServer.class);
              byte[] query = query("2.0.0.127.demo.bl.rbl.palisade.test", "A").toWire();
              Message first = new Message(DnsServerIT.udp(query, server.port()));
              Message second = new Message(DnsServerIT.udp(query, server.port()));

              assertThat(answers(first)).isEqualTo("127.0.0.2");
              assertThat(second.getHeader().getFlag(Flags.TC)).isTrue();
              assertThat(answers(second)).isEmpty();
              assertThat(context.getBean(RateLimiter.class).slipped()).isEqualTo(1);
            });
  }

  @Test
  void refusesToStartWithABackgroundNiceOutOfRangeNamingThePropertyAndItsRange() {
    servingTheStandardIndex()
        .withPropertyValues("palisade.dns.background-nice=20")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("palisade.dns.background-nice")
                  .hasMessageContaining("must be 0 (off) to 19");
            });
  }

  @Test
  void bindsSettingsOnceWhenTheApplicationAlsoScansForConfigurationProperties() {
    new ApplicationContextRunner()
        .withUserConfiguration(Scanning.class, DnsConfiguration.class)
        .withBean(LiveIndex.class, () -> mock(LiveIndex.class))
        .withPropertyValues("palisade.dns.port=0", "palisade.dns.udp-threads=1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(DnsSettings.class);
              assertThat(context).hasSingleBean(RateLimitSettings.class);
            });
  }

  @Test
  void startsNoServerWhenDnsIsSwitchedOff() {
    new ApplicationContextRunner()
        .withUserConfiguration(DnsConfiguration.class)
        .withBean(LiveIndex.class, () -> mock(LiveIndex.class))
        .withPropertyValues("palisade.dns.enabled=false", "palisade.dns.port=0")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DnsServer.class);
              assertThat(context).doesNotHaveBean(RateLimiter.class);
              assertThat(context).hasSingleBean(DnsSettings.class);
            });
  }

  /** As the application class does. */
  @ConfigurationPropertiesScan("dev.palisade.dns")
  static class Scanning {}
}
