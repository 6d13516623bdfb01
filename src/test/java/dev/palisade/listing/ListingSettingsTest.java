package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ListingSettingsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ListingSettings.class)
  static class Bind {}

  @Test
  void bindsTheDocumentedDefaults() {
    context.run(
        c -> {
          ListingSettings s = c.getBean(ListingSettings.class);
          assertThat(s.expiryCheck()).isEqualTo(Duration.ofSeconds(1));
          assertThat(s.purgeAfter()).isEqualTo(Duration.ofDays(30));
          assertThat(s.defaultReturnCode(ListKind.BLOCK, ValueType.IPV4)).isEqualTo(0x7f000002);
        });
  }

  @Test
  void takesTheReturnCodeOfTheEntrysList() {
    context
        .withPropertyValues(
            "palisade.listing.return-code.bl=127.0.0.3",
            "palisade.listing.return-code.dwl=127.0.0.5")
        .run(
            c -> {
              ListingSettings s = c.getBean(ListingSettings.class);
              assertThat(s.defaultReturnCode(ListKind.BLOCK, ValueType.IPV6)).isEqualTo(0x7f000003);
              assertThat(s.defaultReturnCode(ListKind.ALLOW, ValueType.DOMAIN))
                  .isEqualTo(0x7f000005);
              assertThat(s.defaultReturnCode(ListKind.ALLOW, ValueType.IPV4)).isEqualTo(0x7f000002);
            });
  }

  @Test
  void acceptsZeroForPurgeAfter() {
    context
        .withPropertyValues("palisade.listing.purge-after=0s")
        .run(c -> assertThat(c.getBean(ListingSettings.class).purgeAfter()).isZero());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "expiry-check, 0s, palisade.listing.expiry-check, must be positive",
    "expiry-check, -1s, palisade.listing.expiry-check, must be positive",
    "purge-after, -1d, palisade.listing.purge-after, must not be negative",
    "return-code.bl, 10.0.0.2, palisade.listing.return-code, outside 127.0.0.0/8",
    "return-code.wl, 127.0.0.1, palisade.listing.return-code, reserved",
  })
  void refusesToStartWithAnInvalidValueNamingTheProperty(
      String property, String value, String named, String reason) {
    context
        .withPropertyValues("palisade.listing." + property + "=" + value)
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining(named)
                  .hasMessageContaining(reason);
            });
  }
}
