package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RateLimitSettingsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(RateLimitSettings.class)
  static class Bind {}

  @Test
  void bindsTheDocumentedDefaultsWhenNothingIsSet() {
    context.run(
        c -> {
          RateLimitSettings s = c.getBean(RateLimitSettings.class);
          assertThat(s).isEqualTo(RateLimitSettings.defaults());
          assertThat(s.enabled()).isTrue();
          assertThat(s.responsesPerSecond()).isEqualTo(200);
          assertThat(s.nodataPerSecond()).isEqualTo(200);
          assertThat(s.nxdomainsPerSecond()).isEqualTo(1000);
          assertThat(s.errorsPerSecond()).isEqualTo(50);
          assertThat(s.slip()).isEqualTo(2);
          assertThat(s.ipv4PrefixLength()).isEqualTo(24);
          assertThat(s.ipv6PrefixLength()).isEqualTo(56);
          assertThat(s.exempt()).containsExactly("127.0.0.0/8", "::1");
          assertThat(s.tableSize()).isEqualTo(262144);
        });
  }

  @Test
  void bindsEveryProperty() {
    context
        .withPropertyValues(
            "palisade.dns.rrl.enabled=false",
            "palisade.dns.rrl.responses-per-second=5",
            "palisade.dns.rrl.nodata-per-second=6",
            "palisade.dns.rrl.nxdomains-per-second=0",
            "palisade.dns.rrl.errors-per-second=7",
            "palisade.dns.rrl.slip=1",
            "palisade.dns.rrl.ipv4-prefix-length=32",
            "palisade.dns.rrl.ipv6-prefix-length=64",
            "palisade.dns.rrl.exempt=192.0.2.0/24, 2001:db8::/32 ,198.51.100.7",
            "palisade.dns.rrl.table-size=4096")
        .run(
            c -> {
              RateLimitSettings s = c.getBean(RateLimitSettings.class);
              assertThat(s)
                  .isEqualTo(
                      new RateLimitSettings(
                          false,
                          5,
                          6,
                          0,
                          7,
                          1,
                          32,
                          64,
                          List.of("192.0.2.0/24", "2001:db8::/32", "198.51.100.7"),
                          4096));
            });
  }

  @Test
  void anEmptyExemptListExemptsNobody() {
    context
        .withPropertyValues("palisade.dns.rrl.exempt=")
        .run(c -> assertThat(c.getBean(RateLimitSettings.class).exempt()).isEmpty());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "responses-per-second, -1, 'must be 0 (unlimited) to 100000 per second'",
    "nxdomains-per-second, 100001, 'must be 0 (unlimited) to 100000 per second'",
    "slip, 11, 'must be 0 (never) to 10'",
    "ipv4-prefix-length, 33, 'must be 1 to 32'",
    "ipv6-prefix-length, 0, 'must be 1 to 128'",
    "table-size, 100, 'must be 1024 to 16777216 buckets'",
    "exempt, 10.0.0.1/8, 'has host bits set; the network is 10.0.0.0/8'",
    "exempt, example.com, 'is not an IPv4 or IPv6 address or network'",
    "exempt, 300.1.1.1, 'palisade.dns.rrl.exempt: ',",
  })
  void refusesToStartWithAnInvalidValueSayingWhatItMustBe(
      String property, String value, String reason) {
    context
        .withPropertyValues("palisade.dns.rrl." + property + "=" + value)
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure()).rootCause().hasMessageContaining(reason);
            });
  }
}
