package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class QueryLogSettingsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(QueryLogSettings.class)
  static class Bind {}

  @Test
  void offByDefault() {
    context.run(
        c ->
            assertThat(c.getBean(QueryLogSettings.class))
                .isEqualTo(QueryLogSettings.OFF)
                .isEqualTo(new QueryLogSettings(0, "", Duration.ofHours(1))));
  }

  @Test
  void bindsEveryProperty() {
    context
        .withPropertyValues(
            "palisade.dns.query-log.sample=1000",
            "palisade.dns.query-log.zone=acme-mx1",
            "palisade.dns.query-log.max-follow=15m")
        .run(
            c ->
                assertThat(c.getBean(QueryLogSettings.class))
                    .isEqualTo(new QueryLogSettings(1000, "acme-mx1", Duration.ofMinutes(15))));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "sample, -1, 'must be 0 (off) or more'",
    "zone, acme.bl, 'must be one DNS label'",
    "zone, -acme, 'must be one DNS label'",
    "max-follow, 0s, 'palisade.dns.query-log.max-follow must be positive'",
  })
  void refusesToStartWithABadValueSayingWhatItMustBe(String property, String value, String reason) {
    context
        .withPropertyValues("palisade.dns.query-log." + property + "=" + value)
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure()).rootCause().hasMessageContaining(reason);
            });
  }
}
